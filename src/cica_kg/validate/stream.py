"""Validate a streamed build in parts, with the findings :func:`.shacl.validate` would give.

``shapes.ttl`` splits along the facts/evidence boundary (decision 0140):

- the **evidence shapes** (targets ``rdf:Statement``, ``oa:Annotation``,
  ``oa:SpecificResource`` and the two selectors) look only at one reified fact's own nodes,
  so they run (SHACL Core, the Rust engine, compiled once) on each batch of reified facts;
- **SHACL Core of every other shape** runs on the facts, the source articles and the
  ontology, which hold every node those shapes target and every value they test;
- **the SPARQL constraints** (two of which join a fact to its reified statement: evidence
  for every fact, one value per source article) run once each, in an Oxigraph store on disk
  (decision 0149; in memory when no scratch directory is given), over the facts,
  sources and ontology plus the part of each reified fact those joins read (subject,
  predicate, object, sources, one quoted annotation's path to its quote): a fifth of the
  evidence triples, and the same rows as over the whole text.

The findings' names are looked up as the whole-graph run does, in the facts; their quotes in
the evidence each fact was reified from (what the reified facts hold).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, SH, Dataset, Graph, URIRef
from rdflib.term import Node

from cica_kg.model import Evidence
from cica_kg.namespace import OA
from cica_kg.resources import ontology_file
from cica_kg.validate.fast import core_result_list, core_shapes, sparql_checks
from cica_kg.validate.oxterms import from_ox
from cica_kg.validate.reportgraph import add_core_results, add_result, as_written, format_message
from cica_kg.validate.shacl import (
    Finding,
    SourceQuote,
    ValidationResult,
    _cached_shapes,
    _cached_turtle,
    _finding_order,
    _findings,
    _quote_order,
    _union,
)

EVIDENCE_CLASSES = frozenset({RDF.Statement, OA.Annotation, OA.SpecificResource,
                              OA.TextQuoteSelector, OA.TextPositionSelector})  # fmt: skip
"""The classes of a reified fact's own nodes (decision 0002)."""
FactTriple = tuple[URIRef, URIRef, Node]
"""A fact of the facts graph (subject, predicate, object)."""
if TYPE_CHECKING:
    import pyoxigraph as ox

JOIN_BATCH = 100_000
"""Join lines (N-Triples) loaded into the SPARQL constraints' store at a time."""
FINDINGS_CHUNK = 10_000
"""Results held in a report graph before they are made into findings (decision 0149)."""
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def validate_streamed(
    core: Dataset,
    evidence: Iterable[str],
    *,
    facts: Mapping[FactTriple, Collection[Evidence]],
    scratch: Path | None = None,
) -> ValidationResult:
    """Validate a build held as ``core`` (the facts; the source articles and extractors in
    the evidence graph), ``evidence`` (the reified facts, N-Triples text in batches, each
    fact's nodes in one batch), against the bundled ``shapes.ttl``. ``facts`` maps each fact
    triple to the evidence it was reified from: the SPARQL constraints join on its parts and
    a finding's quote is read there, as the whole graph's reification gives them. With
    ``scratch``, the SPARQL constraints' store lives on disk in a temporary directory there
    (removed after), so its memory does not grow with the corpus.

    Raises:
        ResourceError: the shapes or an ontology file cannot be read or parsed.
    """
    shapes = _cached_shapes(ontology_file("shapes.ttl"))
    working = _union(core)
    for path in (ontology_file("cica.ttl"), ontology_file("concepts.ttl")):
        working += _cached_turtle(path)
    report = ChunkedReport(shapes, working, facts)
    data = working.serialize(format="nt")
    report.add_core(core_result_list(data, without_targets(shapes, evidence=True)))
    _sparql_results(report, working, data, shapes, facts, scratch)
    findings = report.flush() + _evidence_findings(evidence, shapes)
    ordered = tuple(sorted(findings, key=_finding_order))
    return ValidationResult(not any(f.severity == "Violation" for f in ordered), ordered)


class ChunkedReport:
    """Validation results gathered a chunk at a time: every :data:`FINDINGS_CHUNK` results,
    the chunk's report graph is made into findings (with their quotes, :func:`_quoted`) and
    dropped, so the report graph does not grow with the findings (decision 0149)."""

    def __init__(self, shapes: Graph, working: Graph,
                 facts: Mapping[FactTriple, Collection[Evidence]]) -> None:  # fmt: skip
        self.shapes, self.working, self.facts = shapes, working, facts
        self.graph = Graph()
        self.held = 0
        self.findings: list[Finding] = []

    def add(self, **parts: Any) -> None:
        """Add one result (:func:`.reportgraph.add_result`'s keywords)."""
        add_result(self.graph, **parts)
        self._count(1)

    def add_core(self, results: list[Any]) -> None:
        """Add the Rust engine's ``results``, a chunk at a time."""
        for start in range(0, len(results), FINDINGS_CHUNK):
            part = results[start : start + FINDINGS_CHUNK]
            add_core_results(self.graph, part, self.shapes)
            self._count(len(part))

    def flush(self) -> list[Finding]:
        """Make the held results into findings; every finding so far, in the order added."""
        if self.held:
            made = _findings(self.graph, self.shapes, self.working)
            self.findings += _quoted(self.graph, made, self.facts)
            self.graph, self.held = Graph(), 0
        return self.findings

    def _count(self, added: int) -> None:
        self.held += added
        if self.held >= FINDINGS_CHUNK:
            self.flush()


def _quoted(
    report: Graph,
    findings: list[Finding],
    facts: Mapping[FactTriple, Collection[Evidence]],
) -> list[Finding]:
    """``findings`` (made from ``report``'s results in their order, on a graph without the
    reified facts) with the quote ``_source`` finds in the whole graph: of the fact
    (focus, path, value), else of the focus's type; English first, then the earliest."""
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    focus = {report.value(result, SH.focusNode) for result in results}
    about: dict[Node | None, list[FactTriple]] = defaultdict(list)
    for triple in facts:
        if triple[0] in focus:
            about[triple[0]].append(triple)
    out = []
    for result, finding in zip(results, findings, strict=True):
        node, path, value = (report.value(result, p) for p in (SH.focusNode, SH.resultPath,
                                                              SH.value))  # fmt: skip
        attempts = ([(path, value)] if isinstance(path, URIRef) else []) + [(RDF.type, None)]
        for predicate, obj in attempts:
            quotes = [SourceQuote(ev.quote, ev.lang, ev.start, ev.end)
                      for s, p, o in about.get(node, ()) if p == predicate
                      and (obj is None or o == obj) for ev in facts[(s, p, o)]]  # fmt: skip
            if quotes:
                finding = replace(finding, source=min(quotes, key=_quote_order))
                break
        out.append(finding)
    return out


def without_targets(shapes: Graph, *, evidence: bool) -> Graph:
    """``shapes``' SHACL Core with the targets of the evidence shapes removed (``evidence``)
    or those of every other shape: each half then finds only its own focus nodes."""
    core = core_shapes(shapes)
    for predicate in _TARGETS:
        for shape, target in list(core.subject_objects(predicate)):
            if _is_evidence_shape(shapes, shape) == evidence:
                core.remove((shape, predicate, target))
    return core


def _is_evidence_shape(shapes: Graph, shape: Node) -> bool:
    targets = {t for p in _TARGETS for t in shapes.objects(shape, p)}
    classes = set(shapes.objects(shape, SH.targetClass))
    return bool(targets) and targets == classes and classes <= EVIDENCE_CLASSES


def _evidence_findings(evidence: Iterable[str], shapes: Graph) -> list[Finding]:
    """The evidence shapes' findings, batch by batch (a batch's data names its findings)."""
    import shacl  # the Rust validator (decision 0115)

    core = without_targets(shapes, evidence=False)
    compiled = shacl.Shapes.from_text(core.serialize(format="nt"), format="ntriples")
    found: list[Finding] = []
    for batch in evidence:
        results = compiled.validate_text(batch, format="ntriples", allow_warnings=True).results
        if not results:
            continue
        report = Graph()
        add_core_results(report, results, shapes)
        found += _findings(report, shapes, Graph().parse(data=batch, format="nt"))
    return found


def _sparql_results(
    report: ChunkedReport,
    working: Graph,
    data: str,
    shapes: Graph,
    facts: Mapping[FactTriple, Collection[Evidence]],
    scratch: Path | None,
) -> None:
    """Each SPARQL constraint once over ``working`` (as N-Triples ``data``) plus the parts of
    the reified facts the constraints join on (:func:`cica_kg.build.lines.join_lines`), in
    one store: the same rows as over the whole text, at a fifth of its triples. The store is
    on disk in a temporary directory under ``scratch`` (deleted after), or in memory when
    ``scratch`` is None."""
    if scratch is None:
        _sparql_rows(report, working, _joined_store(None, data, facts), shapes)
        return
    with tempfile.TemporaryDirectory(prefix="sparql-checks-", dir=scratch) as directory:
        store = _joined_store(Path(directory), data, facts)
        _sparql_rows(report, working, store, shapes)
        del store  # close the store's files before its directory goes


def _joined_store(
    directory: Path | None, data: str, facts: Mapping[FactTriple, Collection[Evidence]]
) -> ox.Store:
    """An Oxigraph store (in ``directory``, else in memory) of ``data`` and the join lines
    of ``facts``, loaded :data:`JOIN_BATCH` lines at a time."""
    import pyoxigraph as ox

    from cica_kg.build.lines import join_lines

    store = ox.Store(str(directory)) if directory is not None else ox.Store()
    store.bulk_load(data.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    batch: list[str] = []
    for triple, evidence in facts.items():
        batch += join_lines(triple, evidence)
        if len(batch) >= JOIN_BATCH:
            store.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
            batch = []
    store.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    if directory is not None:
        store.optimize()
    return store


def _sparql_rows(
    report: ChunkedReport, working: Graph, store: ox.Store, shapes: Graph
) -> None:
    """Add to ``report`` each SPARQL constraint's rows over ``store``."""
    for check in sparql_checks(shapes):
        for row in store.query(check.query):  # type: ignore[union-attr]
            this, path, value = (from_ox(row[name]) for name in ("this", "path", "value"))
            value = as_written(working, this, check.path or path, value)
            bound = {"this": this, "path": path, "value": value}
            messages = [_literal(format_message(str(m), bound)) for m in check.messages]
            report.add(focus=this, shape=check.shape, severity=check.severity,
                       component=check.component, path=check.path or path, value=value,
                       messages=messages, constraint=check.constraint)  # fmt: skip


def _literal(text: str) -> Any:
    from rdflib import Literal

    return Literal(text)
