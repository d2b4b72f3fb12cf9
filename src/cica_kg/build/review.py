"""Every extracted fact with its evidence, one row each: how a user audits a built graph.

A row names the subject, predicate and object by label, the languages of its quotes, the
extractors (rule families) that found it, the highest confidence and a quote, read from the
facts and evidence named graphs (decision 0002). ``cica-kg facts`` prints them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import PurePath

from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from cica_kg import iris
from cica_kg.build.views import GraphView
from cica_kg.errors import UsageError
from cica_kg.namespace import CICA, OA
from cica_kg.prefixes import curie
from cica_kg.text.display import display_width, table_lines

REVIEW_FORMATS = ("table", "csv", "json")
QUOTE_WIDTH = 80
"""Terminal cells of a cell a table shows (CSV and JSON carry the text whole)."""


@dataclass(frozen=True)
class FactRow:
    """One fact of the facts graph and what its evidence says about it."""

    subject: str
    predicate: str
    object: str
    languages: str  # "en", "zh" or "en,zh": the languages it is quoted in
    extractors: str  # the extractors that found it, comma-separated
    confidence: str  # the highest confidence of its evidence, or "" for none
    sources: str  # the source articles (their IRIs' last segment), comma-separated
    quote: str  # the first quote, English first


def review_rows(dataset: Dataset, *, source: str | None = None) -> list[FactRow]:
    """The rows of every reified fact of ``dataset`` (only those quoted from ``source``, an
    article's name, file stem or IRI, when given), sorted by subject, predicate, object.

    Raises:
        UsageError: ``source`` is not one of the graph's source articles.
    """
    return rows_of(dataset.graph(iris.FACTS_GRAPH), dataset.graph(iris.EVIDENCE_GRAPH),
                   source=source)  # fmt: skip


def rows_of(facts: GraphView, evidence: GraphView, *, source: str | None = None) -> list[FactRow]:
    """:func:`review_rows` of a facts graph and an evidence graph (rdflib graphs, or views of
    a store: :mod:`cica_kg.build.views`).

    Raises:
        UsageError: ``source`` is not one of the graph's source articles.
    """
    wanted = _source_iri(evidence, source) if source is not None else None
    rows = []
    for fact in sorted(evidence.subjects(RDF.type, RDF.Statement), key=str):
        annotations = sorted(evidence.objects(fact, CICA.evidence), key=str)
        if wanted is not None and not any(_source(evidence, a) == wanted for a in annotations):
            continue
        rows.append(_row(facts, evidence, fact, annotations))
    return sorted(rows, key=lambda row: (row.subject, row.predicate, row.object))


def render_review(rows: Sequence[FactRow], fmt: str = "table") -> str:
    """``rows`` as a plain-text table, SPARQL-like CSV (a header row) or a JSON list.

    Raises:
        UsageError: ``fmt`` is not one of :data:`REVIEW_FORMATS`.
    """
    if fmt == "json":
        return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(_FIELDS)
        writer.writerows([getattr(row, name) for name in _FIELDS] for row in rows)
        return buffer.getvalue()
    if fmt != "table":
        raise UsageError(f"--format {fmt}: choose one of {', '.join(REVIEW_FORMATS)}")
    cells = [[_short(getattr(row, name)) for name in _FIELDS] for row in rows]
    lines = table_lines(cells, header=_FIELDS)
    return "\n".join([*lines, f"({len(rows)} fact{'s' if len(rows) != 1 else ''})"]) + "\n"


_FIELDS = ("subject", "predicate", "object", "languages", "extractors", "confidence", "sources",
           "quote")  # fmt: skip


def _row(facts: GraphView, evidence: GraphView, fact: Node, annotations: Sequence[Node]) -> FactRow:
    langs = sorted({str(x) for a in annotations for x in evidence.objects(a, DCTERMS.language)})
    extractors = sorted({_last(e) for a in annotations
                         for e in evidence.objects(a, PROV.wasAttributedTo)})  # fmt: skip
    scores = [float(str(c)) for a in annotations for c in evidence.objects(a, CICA.confidence)]
    sources = sorted({_last(s) for a in annotations if (s := _source(evidence, a)) is not None})
    return FactRow(
        subject=_name(facts, evidence.value(fact, RDF.subject)),
        predicate=curie(str(evidence.value(fact, RDF.predicate))),
        object=_name(facts, evidence.value(fact, RDF.object)),
        languages=",".join(langs),
        extractors=",".join(extractors),
        confidence=f"{max(scores):.2f}" if scores else "",
        sources=",".join(sources),
        quote=_first_quote(evidence, annotations),
    )


def _name(facts: GraphView, node: Node | None) -> str:
    """An entity's English label (else any label, else its CURIE); a literal's lexical form."""
    if isinstance(node, Literal):
        return str(node)
    labels = [label for label in facts.objects(node, RDFS.label) if isinstance(label, Literal)]
    for label in sorted(labels, key=lambda lit: (lit.language != "en", str(lit))):
        return str(label)
    return curie(str(node))


def _first_quote(evidence: GraphView, annotations: Iterable[Node]) -> str:
    quotes = []
    for annotation in annotations:
        target = evidence.value(annotation, OA.hasTarget)
        for selector in evidence.objects(target, OA.hasSelector):
            exact = evidence.value(selector, OA.exact)
            if isinstance(exact, Literal):
                quotes.append((exact.language != "en", str(exact)))
    return min(quotes)[1] if quotes else ""


def _source(evidence: GraphView, annotation: Node) -> Node | None:
    return evidence.value(evidence.value(annotation, OA.hasTarget), OA.hasSource)


def _source_iri(evidence: GraphView, source: str) -> URIRef:
    known = sorted({s for s in evidence.objects(None, OA.hasSource) if isinstance(s, URIRef)})
    candidates = {source, str(iris.source_iri(PurePath(source).stem))}
    for iri in known:
        if str(iri) in candidates:
            return iri
    names = ", ".join(_last(iri) for iri in known) or "none"
    raise UsageError(f"{source}: not a source article of this graph; its sources: {names}")


def _last(node: Node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _short(text: str) -> str:
    """``text`` on one line, cut to :data:`QUOTE_WIDTH` terminal cells (a Han character is two)."""
    flat = " ".join(text.split())
    if display_width(flat) <= QUOTE_WIDTH:
        return flat
    while display_width(flat) > QUOTE_WIDTH - 1:
        flat = flat[:-1]
    return flat + "…"
