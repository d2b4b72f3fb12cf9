"""Validate a streamed build in parts, with the findings :func:`.shacl.validate` would give.

``shapes.ttl`` splits along the facts/evidence boundary (decision 0140):

- the **evidence shapes** (targets ``rdf:Statement``, ``oa:Annotation``,
  ``oa:SpecificResource`` and the two selectors) look only at one reified fact's own nodes,
  so they run (SHACL Core, the Rust engine, compiled once) on each batch of reified facts;
- **SHACL Core of every other shape** runs on the facts, the source articles and the
  ontology, which hold every node those shapes target and every value they test;
- **the SPARQL constraints** (two of which join a fact to its reified statement: evidence
  for every fact, one value per source article) run once each, in memory, over the facts,
  sources and ontology plus the part of each reified fact those joins read (subject,
  predicate, object, sources, one quoted annotation's path to its quote): a fifth of the
  evidence triples, and the same rows as over the whole text.

The findings' names are looked up as the whole-graph run does, in the facts; their quotes in
the evidence each fact was reified from (what the reified facts hold).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from typing import Any

from rdflib import RDF, SH, Dataset, Graph, URIRef
from rdflib.term import Node

from cica_kg.model import Evidence
from cica_kg.namespace import OA
from cica_kg.resources import ontology_file
from cica_kg.validate.fast import core_results, core_shapes, sparql_checks
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
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def validate_streamed(
    core: Dataset,
    evidence: Iterable[str],
    *,
    facts: Mapping[FactTriple, Collection[Evidence]],
) -> ValidationResult:
    """Validate a build held as ``core`` (the facts; the source articles and extractors in
    the evidence graph), ``evidence`` (the reified facts, N-Triples text in batches, each
    fact's nodes in one batch), against the bundled ``shapes.ttl``. ``facts`` maps each fact
    triple to the evidence it was reified from: the SPARQL constraints join on its parts and
    a finding's quote is read there, as the whole graph's reification gives them.

    Raises:
        ResourceError: the shapes or an ontology file cannot be read or parsed.
    """
    shapes = _cached_shapes(ontology_file("shapes.ttl"))
    working = _union(core)
    for path in (ontology_file("cica.ttl"), ontology_file("concepts.ttl")):
        working += _cached_turtle(path)
    report = Graph()
    data = working.serialize(format="nt")
    core_results(report, data, without_targets(shapes, evidence=True))
    _sparql_results(report, working, data, shapes, facts)
    findings = _quoted(report, _findings(report, shapes, working), facts)
    findings += _evidence_findings(evidence, shapes)
    ordered = tuple(sorted(findings, key=_finding_order))
    return ValidationResult(not any(f.severity == "Violation" for f in ordered), ordered)


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
    report: Graph,
    working: Graph,
    data: str,
    shapes: Graph,
    facts: Mapping[FactTriple, Collection[Evidence]],
) -> None:
    """Each SPARQL constraint once over ``working`` (as N-Triples ``data``) plus the parts of
    the reified facts the constraints join on (:func:`cica_kg.build.lines.join_lines`), in
    one in-memory store: the same rows as over the whole text, at a fifth of its triples."""
    import pyoxigraph as ox

    from cica_kg.build.lines import join_lines

    store = ox.Store()
    store.bulk_load(data.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    batch: list[str] = []
    for triple, evidence in facts.items():
        batch += join_lines(triple, evidence)
        if len(batch) >= 1_000_000:
            store.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
            batch = []
    store.bulk_load("".join(batch).encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    for check in sparql_checks(shapes):
        for row in store.query(check.query):  # type: ignore[union-attr]
            this, path, value = (from_ox(row[name]) for name in ("this", "path", "value"))
            value = as_written(working, this, check.path or path, value)
            bound = {"this": this, "path": path, "value": value}
            messages = [_literal(format_message(str(m), bound)) for m in check.messages]
            add_result(report, focus=this, shape=check.shape, severity=check.severity,
                       component=check.component, path=check.path or path, value=value,
                       messages=messages, constraint=check.constraint)  # fmt: skip


def _literal(text: str) -> Any:
    from rdflib import Literal

    return Literal(text)
