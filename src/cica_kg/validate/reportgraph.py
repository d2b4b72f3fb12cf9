"""Findings written into a report graph in pySHACL's vocabulary (one ``sh:ValidationResult``
each), for the engines that do not run pySHACL: the whole-graph ``fast`` engine (:mod:`.fast`)
and the in-parts validation of a streamed build (:mod:`.stream`). :mod:`.shacl` reads either
report the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.util import from_n3


def add_result(report: Graph, *, focus: Node | None, shape: Node, severity: Node,
               component: Node, path: Node | None, value: Node | None,
               messages: list[Literal], constraint: Node | None = None) -> None:  # fmt: skip
    """Add one ``sh:ValidationResult`` with the given parts (None: left out) to ``report``."""
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    for predicate, obj in ((SH.focusNode, focus), (SH.sourceShape, shape),
                           (SH.resultSeverity, severity), (SH.sourceConstraintComponent, component),
                           (SH.resultPath, path), (SH.value, value),
                           (SH.sourceConstraint, constraint)):  # fmt: skip
        if obj is not None:
            report.add((result, predicate, obj))
    for message in messages:
        report.add((result, SH.resultMessage, message))


def add_core_results(report: Graph, results: Iterable[Any], shapes: Graph) -> None:
    """Add the Rust ``shacl`` engine's ``results`` (decision 0115) to ``report``, each
    result's path read from ``shapes``."""
    for result in results:
        shape = parse_term(result.source_shape or result.root_shape) or SH.NodeShape
        add_result(report, focus=parse_term(result.focus_node), shape=shape,
                   severity=SH[result.severity], component=URIRef(result.component_iri),
                   path=shapes.value(shape, SH.path),
                   value=parse_term(result.value) if result.value else None,
                   messages=[Literal(m) for m in result.messages])  # fmt: skip


def format_message(message: str, bound: dict[str, Node | None]) -> str:
    """pySHACL's ``{?var}`` substitution (the term's string form)."""
    for name, value in bound.items():
        if value is not None:
            for marker in (f"{{?{name}}}", f"{{${name}}}"):
                message = message.replace(marker, str(value))
    return message


def as_written(graph: Graph | None, focus: Node | None, path: Node | None,
               value: Node | None) -> Node | None:  # fmt: skip
    """``value`` as ``graph`` writes it (Oxigraph folds derived integer types into
    ``xsd:integer``): the equal number among ``focus``'s values of ``path``."""
    if graph is None or not isinstance(value, Literal) or value.datatype != XSD.integer:
        return value
    if (focus, path, value) in graph:
        return value
    same = sorted(o for o in graph.objects(focus, path)
                  if isinstance(o, Literal) and _equal(o, value))  # fmt: skip
    return same[0] if same else value


def _equal(written: Literal, value: Literal) -> bool:
    try:
        return int(written) == int(value)
    except (TypeError, ValueError):
        return False


def parse_term(text: str | None) -> Node | None:
    """An rdflib term from N-Triples syntax (a blank node label as ``_:x``)."""
    if text is None:
        return None
    term = from_n3(text)
    return term if isinstance(term, Node) else None
