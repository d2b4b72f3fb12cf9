"""Figures about a built Dataset: classes, properties, and how well facts are evidenced."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from cica_kg import iris
from cica_kg.build.dataset import Triple, evidence_graph, fact_iri_of, facts_graph
from cica_kg.build.views import GraphView
from cica_kg.text.display import table_lines

CICA_EVIDENCE = URIRef(iris.ONTOLOGY + "evidence")


@dataclass(frozen=True)
class GraphStats:
    """Counts over the facts graph and the languages of each fact's evidence."""

    facts: int
    entities: int
    classes: tuple[tuple[str, int], ...]  # (class CURIE, number of instances), most first
    properties: tuple[tuple[str, int], ...]  # (property CURIE, number of triples), most first
    facts_en: int  # facts with at least one English quote
    facts_zh: int  # facts with at least one Chinese quote
    facts_both: int  # facts with quotes in both languages
    facts_without_evidence: int
    entities_without_zh_label: tuple[str, ...]  # CURIEs, sorted

    @property
    def facts_with_evidence(self) -> int:
        """Facts with at least one quote in any language."""
        return self.facts - self.facts_without_evidence


def compute_stats(dataset: Dataset) -> GraphStats:
    """Count classes, properties and evidenced facts of ``dataset``'s facts graph.

    >>> from rdflib import Dataset
    >>> compute_stats(Dataset()).facts
    0
    """
    return stats_of(facts_graph(dataset), evidence_graph(dataset))


def stats_of(facts: GraphView, evidence: GraphView) -> GraphStats:
    """:func:`compute_stats` of a facts graph and an evidence graph (rdflib graphs, or views
    of a store: :mod:`cica_kg.build.views`)."""
    languages = _evidence_languages(facts, evidence)
    entities = sorted(set(facts.subjects(RDF.type, None)), key=lambda node: node.n3())
    classes = Counter(_short(facts, o) for o in facts.objects(None, RDF.type))
    properties = Counter(_short(facts, p) for p in facts.predicates(None, None))
    return GraphStats(
        facts=len(facts),
        entities=len(entities),
        classes=_ranked(classes),
        properties=_ranked(properties),
        facts_en=sum("en" in langs for langs in languages),
        facts_zh=sum("zh" in langs for langs in languages),
        facts_both=sum({"en", "zh"} <= langs for langs in languages),
        facts_without_evidence=sum(not langs for langs in languages),
        entities_without_zh_label=tuple(
            sorted(_short(facts, e) for e in entities if not _has_label(facts, e, "zh"))
        ),
    )


def render_stats(stats: GraphStats) -> str:
    """A plain-text table of ``stats`` (one figure per line, then classes and properties)."""
    rows = [
        ("facts", stats.facts),
        ("entities", stats.entities),
        ("facts with English evidence", stats.facts_en),
        ("facts with Chinese evidence", stats.facts_zh),
        ("facts with evidence in both", stats.facts_both),
        ("facts without evidence", stats.facts_without_evidence),
        ("entities without a zh label", len(stats.entities_without_zh_label)),
    ]
    lines = _table(rows)
    for title, counts in (("class", stats.classes), ("property", stats.properties)):
        lines += ["", *_table(counts, header=(title, "count"))]
    if stats.entities_without_zh_label:
        lines += ["", "entities without a zh label:"]
        lines += [f"  {name}" for name in stats.entities_without_zh_label]
    return "\n".join(lines) + "\n"


def _evidence_languages(facts: GraphView, evidence: GraphView) -> list[frozenset[str]]:
    """For each fact triple, the languages of its annotations in the evidence graph."""
    result = []
    for triple in facts:
        fact = fact_iri_of(cast(Triple, triple))
        result.append(
            frozenset(
                str(lang)
                for annotation in evidence.objects(fact, CICA_EVIDENCE)
                for lang in evidence.objects(annotation, DCTERMS.language)
            )
        )
    return result


def _has_label(graph: GraphView, entity: Node, lang: str) -> bool:
    return any(
        isinstance(label, Literal) and label.language == lang
        for label in graph.objects(entity, RDFS.label)
    )


def _short(graph: GraphView, node: Node) -> str:
    """A CURIE for ``node`` where a prefix is bound, else its N-Triples form."""
    return node.n3(graph.namespace_manager) if isinstance(node, URIRef) else str(node)


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _table(
    rows: Sequence[tuple[str, int]], *, header: tuple[str, str] | None = None
) -> list[str]:
    cells = [(name, str(count)) for name, count in rows]
    return table_lines(cells, header=header, right=(1,), min_widths=(40, 5), sep=" ")
