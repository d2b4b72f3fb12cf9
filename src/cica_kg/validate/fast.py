"""The ``fast`` engine: pySHACL's report for ``shapes.ttl``, made by faster means (0117).

The SHACL Core part of the shapes runs in the Rust ``shacl`` package; each SPARQL constraint
and each use of a SPARQL-based component runs **once over the whole graph** in Oxigraph,
the query text taken from the shapes file with ``$this`` joined to the shape's targets
instead of pre-bound per focus node. Both halves write results in pySHACL's report
vocabulary, so :mod:`.shacl` builds the same readable report from either engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, SH, Graph, Literal
from rdflib.term import Node

from cica_kg.validate.reportgraph import add_core_results, add_result, as_written, format_message

SPARQL_COMPONENT = SH.SPARQLConstraintComponent
TARGETS = {
    SH.targetClass: "?this rdf:type/rdfs:subClassOf* {0} .",
    SH.targetNode: "VALUES ?this {{ {0} }}",
    SH.targetSubjectsOf: "?this {0} [] .",
    SH.targetObjectsOf: "[] {0} ?this .",
}


@dataclass(frozen=True)
class SparqlCheck:
    """One SPARQL constraint (or component use) of one shape, as a whole-graph query."""

    shape: Node
    constraint: Node | None  # the sh:SPARQLConstraint node (None for a component)
    component: Node
    severity: Node
    path: Node | None  # a property shape's path (component uses)
    messages: tuple[Literal, ...]  # the constraint's or validator's sh:message
    query: str


def core_shapes(shapes: Graph) -> Graph:
    """``shapes`` less their SPARQL constraints and SPARQL-based component parameters."""
    core = Graph()
    core += shapes
    for subject, constraint in list(core.subject_objects(SH.sparql)):
        core.remove((subject, SH.sparql, constraint))
    for parameter in list(shapes.objects(None, SH.parameter)):
        for path in list(shapes.objects(parameter, SH.path)):
            core.remove((None, path, None))
    return core


def validate_fast(data_ntriples: str, shapes: Graph, *, graph: Graph | None = None) -> Graph:
    """A report graph for ``data_ntriples`` (the working graph as N-Triples) in pySHACL's
    vocabulary: one ``sh:ValidationResult`` per finding.

    ``graph`` is the same data in rdflib, if the caller has it: Oxigraph keeps a number typed
    ``xsd:positiveInteger`` (or another derived type) as ``xsd:integer``, so a SPARQL result's
    value is looked up there to report the term as written (without it: in the
    :func:`~.oxterms.neighbourhood` of the findings).
    """
    return fast_report(data_ntriples, shapes, graph=graph)[0]


def fast_report(data_ntriples: str, shapes: Graph, *, graph: Graph | None = None
                ) -> tuple[Graph, Graph]:  # fmt: skip
    """The report graph (as :func:`validate_fast`) and the graph its findings are read from:
    ``graph``, or else the :func:`~.oxterms.neighbourhood` of the findings' focus nodes in
    ``data_ntriples`` (a few triples per finding, not the whole graph in rdflib; 0144)."""
    from cica_kg.validate.oxterms import load_store, neighbourhood

    report = Graph()
    core_results(report, data_ntriples, shapes)
    store = load_store(data_ntriples)
    rows = [(check, row) for check in sparql_checks(shapes) for row in _rows(store, check)]
    if graph is None:
        focus = set(report.objects(None, SH.focusNode)) | {row[0] for _, row in rows}
        graph = neighbourhood(data_ntriples, store, {node for node in focus if node is not None})
    for check, (this, path, value) in rows:
        _add_sparql(report, check, this, path, as_written(graph, this, check.path or path, value))
    return report, graph


def core_results(report: Graph, data_ntriples: str, shapes: Graph) -> None:
    """Add the findings of the SHACL Core part of ``shapes`` (:func:`core_shapes`) on
    ``data_ntriples``, run by the Rust ``shacl`` engine (decision 0115), to ``report``."""
    add_core_results(report, core_result_list(data_ntriples, shapes), shapes)


def core_result_list(data_ntriples: str, shapes: Graph) -> list[Any]:
    """The Rust ``shacl`` engine's results (decision 0115) of the SHACL Core part of
    ``shapes`` (:func:`core_shapes`) on ``data_ntriples``."""
    import shacl  # the Rust validator (decision 0115)

    compiled = shacl.Shapes.from_text(core_shapes(shapes).serialize(format="nt"),
                                      format="ntriples")  # fmt: skip
    results = compiled.validate_text(data_ntriples, format="ntriples", allow_warnings=True)
    return list(results.results)


Row = tuple[Node | None, Node | None, Node | None]
"""A SPARQL check's ``?this``, ``?path`` and ``?value``."""


def _rows(store: Any, check: SparqlCheck) -> Iterator[Row]:
    from cica_kg.validate.oxterms import from_ox

    for row in store.query(check.query):
        yield from_ox(row["this"]), from_ox(row["path"]), from_ox(row["value"])


def _add_sparql(report: Graph, check: SparqlCheck, this: Node | None, path: Node | None,
                value: Node | None) -> None:  # fmt: skip
    bound = {"this": this, "path": path, "value": value}
    messages = [Literal(format_message(str(m), bound)) for m in check.messages]
    add_result(report, focus=this, shape=check.shape, severity=check.severity,
               component=check.component, path=check.path or path, value=value,
               messages=messages, constraint=check.constraint)  # fmt: skip


def sparql_checks(shapes: Graph) -> Iterator[SparqlCheck]:
    """Every SPARQL constraint and SPARQL-based component use of ``shapes``, as queries."""
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        yield SparqlCheck(
            shape=shape, constraint=constraint, component=SPARQL_COMPONENT,
            severity=_severity(shapes, shape), path=None,
            messages=_messages(shapes, constraint),
            query=_whole_graph(shapes, constraint, _targets(shapes, shape), {}),
        )  # fmt: skip
    yield from _component_checks(shapes)


def _component_checks(shapes: Graph) -> Iterator[SparqlCheck]:
    for component in sorted(shapes.subjects(RDF.type, SH.ConstraintComponent), key=str):
        validators = list(shapes.objects(component, SH.propertyValidator))
        parameters = [shapes.value(p, SH.path) for p in shapes.objects(component, SH.parameter)]
        for validator in validators:
            for parameter in parameters:
                for shape, argument in sorted(shapes.subject_objects(parameter)):
                    path = shapes.value(shape, SH.path)
                    bindings = {"PATH": _n3(path), parameter_name(parameter): _n3(argument)}
                    yield SparqlCheck(
                        shape=shape, constraint=None, component=component,
                        severity=_severity(shapes, shape), path=path,
                        messages=_messages(shapes, validator),
                        query=_whole_graph(shapes, validator, _targets(shapes, shape), bindings),
                    )  # fmt: skip


def parameter_name(parameter: Node | None) -> str:
    """The variable a parameter binds: the local name of its path."""
    return re.split(r"[#/]", str(parameter))[-1]


def _targets(shapes: Graph, shape: Node) -> list[str]:
    """SPARQL patterns binding ``?this`` to the focus nodes of ``shape`` (its own targets, and
    those of the node shapes that hold it as ``sh:property``)."""
    holders = [shape, *shapes.subjects(SH.property, shape)]
    return sorted(
        pattern.format(target.n3())
        for holder in holders
        for predicate, pattern in TARGETS.items()
        for target in shapes.objects(holder, predicate)
    )


def _whole_graph(shapes: Graph, node: Node, targets: list[str], bindings: dict[str, str]) -> str:
    """The ``sh:select`` of ``node`` with ``$this`` joined to ``targets`` and the parameters
    substituted: one query for every focus node at once."""
    select = as_minus(_substitute(str(shapes.value(node, SH.select)), bindings))
    union = " UNION ".join(f"{{ {t} }}" for t in targets) or "FILTER (false)"
    head, brace, body = select.partition("{")
    focus = f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"
    prefixes = _prefixes(shapes, node)
    return f"{prefixes}\n{head}{brace}\n{focus}\n{body}"


def as_minus(select: str) -> str:
    """``select`` with each ``FILTER NOT EXISTS { P }`` that binds every variable it uses
    written ``MINUS { P }``.

    Oxigraph plans the inside of ``NOT EXISTS`` without the outer bindings, so over the whole
    graph it scans ``P`` once per outer row; ``MINUS`` is one anti-join. The two agree when
    ``P`` binds every variable it mentions (its shared ones included) and the outer pattern
    binds the shared ones, as a triple pattern before the filter does: the shapes' fixtures
    check each rewritten constraint (tests/test_validate_fast.py).
    """
    out, rest = [], select
    while (start := rest.find("FILTER NOT EXISTS {")) >= 0:
        open_at = start + len("FILTER NOT EXISTS ")
        close_at = _closing(rest, open_at)
        block = rest[open_at : close_at + 1]
        keyword = "MINUS " if _binds_all(block[1:-1]) else "FILTER NOT EXISTS "
        out += [rest[:start], keyword, block]
        rest = rest[close_at + 1 :]
    return "".join(out) + rest


def _closing(text: str, open_at: int) -> int:
    """The index of the brace closing the one at ``open_at``."""
    depth = 0
    for index in range(open_at, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError("unbalanced braces in a SPARQL constraint")


def _binds_all(block: str) -> bool:
    """Whether the triple patterns of ``block`` bind every variable it uses (nothing but
    triple patterns and ``FILTER (…)`` in it)."""
    patterns = _without_filters(block)
    if "{" in patterns or re.search(r"\b(OPTIONAL|BIND|VALUES|UNION|MINUS|GRAPH)\b", patterns):
        return False
    variables = set(re.findall(r"[?$](\w+)", block))
    return bool(variables) and variables <= set(re.findall(r"[?$](\w+)", patterns))


def _without_filters(block: str) -> str:
    """``block`` less its ``FILTER ( … )`` expressions."""
    out, rest = [], block
    while (start := rest.find("FILTER")) >= 0:
        open_at = rest.find("(", start)
        if open_at < 0:
            break
        depth, index = 0, open_at
        for index in range(open_at, len(rest)):
            depth += {"(": 1, ")": -1}.get(rest[index], 0)
            if depth == 0:
                break
        out.append(rest[:start])
        rest = rest[index + 1 :]
    return "".join(out) + rest


def _substitute(select: str, bindings: dict[str, str]) -> str:
    """Pre-bind ``$name`` variables by text (SHACL's substitution of parameter values); a
    subquery's projection or grouping of one (which SHACL asks for) is dropped, its value
    being fixed."""
    for name, value in bindings.items():
        for clause in (r"SELECT\b[^{]*?", r"GROUP\s+BY\b[^{}]*?"):
            select = re.sub(rf"({clause})\s+[$?]{re.escape(name)}\b", r"\1", select)
        select = re.sub(rf"[$?]{re.escape(name)}\b", value.replace("\\", "\\\\"), select)
    return select


def _prefixes(shapes: Graph, node: Node) -> str:
    lines = {"PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>",
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"}  # fmt: skip
    for source in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.add(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(lines))


def _severity(shapes: Graph, shape: Node) -> Node:
    return shapes.value(shape, SH.severity) or SH.Violation


def _messages(shapes: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(sorted(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)))


def _n3(term: Node | None) -> str:
    if term is None:
        raise ValueError("a SPARQL-based component's shape lacks its path or argument")
    return term.n3()
