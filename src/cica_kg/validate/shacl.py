"""Validate a built graph against the SHACL shapes and explain the findings in plain words.

A non-conformant graph is a result (``ValidationResult.conforms is False``), not an exception;
only a malformed ontology or shapes file raises (:class:`~cica_kg.errors.ResourceError`).

>>> from rdflib import Graph
>>> validate(Graph()).conforms
True
"""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from rdflib import DCTERMS, RDF, RDFS, SH, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from cica_kg import graphs
from cica_kg.errors import ResourceError
from cica_kg.iris import EXTERNAL_GRAPH, LINKSET_GRAPH
from cica_kg.namespace import CICA, OA, PREFIXES, bind_prefixes
from cica_kg.prefixes import curie
from cica_kg.qnames import QuickNames
from cica_kg.rdfinput import display_path, parse_file
from cica_kg.resources import ontology_file
from cica_kg.validate.lint import check_shapes, refusal
from cica_kg.worker import TimeLimitError, call_with_timeout

T = TypeVar("T")

SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("auto", "pyshacl", "fast")
"""The SHACL engines: pySHACL alone, :mod:`.fast` (Rust SHACL Core + whole-graph SPARQL), or
``auto``: fast for the bundled shapes (cross-checked identical, decision 0117), pySHACL for a
shapes file of the user's."""
SHAPES_NS = "https://w3id.org/cica-kg/shapes#"
SEPARATE_GRAPHS = frozenset(URIRef(name) for name in graphs.SEPARATE)
"""Named graphs the text shapes never see: links and external rows are not the text's facts.
The linkset has its own shapes (``linkset-shapes.ttl``, :func:`validate_linkset`), the external
data too (``external-shapes.ttl``, :func:`validate_external`); decisions 0076, 0079."""
LINKSET_SHAPES = "linkset-shapes.ttl"
EXTERNAL_SHAPES = "external-shapes.ttl"
LOGGER = "cica_kg.validate"
"""The logger of this package's warnings (the fallback of ``auto`` to pySHACL, 0145)."""
INSTALL_SHACL = "pip install 'shacl>=0.3.4,<0.4'"
"""The command that installs the fast engine's Rust package (as ``pyproject.toml`` pins it)."""
PYSHACL_LOGGER = "pyshacl-validate"
"""The logger pySHACL's ``validate`` writes to stderr through; kept quiet (decision 0084)."""


@dataclass(frozen=True)
class SourceQuote:
    """The sentence of the source text a fact was extracted from."""

    quote: str
    language: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the names a reader needs to find and fix it."""

    shape: str  # sh:name of the shape that found it
    shape_iri: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    focus: str  # IRI (or blank node id) of the node that breaks the rule
    focus_label: str | None  # its English name, if it has one
    path: str | None  # CURIE of the property concerned
    value: str | None  # the offending value, if there is one
    source: SourceQuote | None  # where the offending fact (or the entity) is stated
    constraint_iri: str | None = None  # the named SPARQL constraint that found it, if any


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of a validation: conformant unless a Violation was found."""

    conforms: bool
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        """The number of findings of ``severity`` ("Violation", "Warning" or "Info")."""
        return sum(1 for f in self.findings if f.severity == severity)


def load_turtle(path: Path) -> Graph:
    """Parse a Turtle file, read safely (:func:`cica_kg.rdfinput.parse_file`, decision 0084).

    Raises:
        ResourceError: the file is missing, not a regular file, too large, or not valid
            Turtle (the message names file and line).
    """
    return parse_file(path, Graph(), fmt="turtle", error=ResourceError,
                      hint="fix the Turtle syntax")  # fmt: skip


def validate_within(check: Callable[[], T], timeout: float | None, *, what: str) -> T:
    """Run ``check`` (parsing and validating) in the bounded worker, stopped after
    ``timeout`` seconds (None or 0: no limit).

    Raises:
        TimeLimitError: ``check`` ran out of time (the worker was killed).
    """
    try:
        return call_with_timeout(check, timeout, what=what)
    except TimeLimitError as exc:
        raise TimeLimitError(
            f"{what}: stopped after {timeout:g} s (the time limit); a shape may be too costly "
            "for this graph (an sh:pattern with nested repetition such as (a+)+, a heavy "
            "SPARQL constraint): fix the shapes or raise --timeout"
        ) from exc


def validate(
    data: Graph | Dataset,
    *,
    shapes: Path | None = None,
    ontology: Sequence[Path] | None = None,
    engine: str = "auto",
) -> ValidationResult:
    """Validate ``data`` (facts + evidence; a Dataset is read as the union of its graphs
    except the linkset and external-data graphs, :data:`SEPARATE_GRAPHS`).

    ``shapes`` defaults to the bundled ``ontology/shapes.ttl``, ``ontology`` to the bundled
    ``cica.ttl`` and ``concepts.ttl`` (mixed in for the class hierarchy, no inference).
    ``engine`` is ``"pyshacl"``, ``"fast"`` (:mod:`.fast`, the same findings; 0117) or
    ``"auto"`` (fast for the bundled shapes, pySHACL for ``shapes`` given, or when the Rust
    ``shacl`` package is missing: a warning on the :data:`LOGGER` logger, 0145).

    Raises:
        ResourceError: the shapes or an ontology file cannot be read or parsed, or
            ``engine="fast"`` without the ``shacl`` package.
    """
    engine, fallback = choose_engine(engine, shapes=shapes)
    if fallback:
        logging.getLogger(LOGGER).warning(fallback)
    return _run_shapes(data, shapes=shapes, ontology=ontology, engine=engine)


def choose_engine(engine: str, *, shapes: Path | None = None) -> tuple[str, str | None]:
    """The engine :func:`validate` runs for ``engine`` (``"pyshacl"`` or ``"fast"``), and a
    one-line warning when ``auto`` falls back to pySHACL because the Rust ``shacl`` package
    cannot be imported (decision 0145).

    Raises:
        ValueError: ``engine`` is not one of :data:`ENGINES`.
        ResourceError: ``engine`` is ``"fast"`` and ``shacl`` cannot be imported.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "pyshacl" or (engine == "auto" and shapes is not None):
        return "pyshacl", None
    missing = _missing_shacl()
    if missing is None:
        return "fast", None
    if engine == "fast":
        raise ResourceError(f"the fast SHACL engine needs the Rust `shacl` package ({missing}); "
                            f"run `{INSTALL_SHACL}`, or use --engine pyshacl")  # fmt: skip
    return "pyshacl", (f"the Rust `shacl` package cannot be imported ({missing}), so pySHACL "
                       f"validates instead (the same findings, slower); run `{INSTALL_SHACL}`")


def _missing_shacl() -> str | None:
    """Why ``import shacl`` fails (None: it works)."""
    try:
        import shacl  # noqa: F401  (the fast engine's SHACL Core part)
    except ImportError as exc:
        return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _run_shapes(
    data: Graph | Dataset,
    *,
    shapes: Path | None,
    ontology: Sequence[Path] | None,
    engine: str = "pyshacl",
) -> ValidationResult:
    return result_of(*_report(data, shapes=shapes, ontology=ontology, engine=engine))


def _report(
    data: Graph | Dataset, *, shapes: Path | None, ontology: Sequence[Path] | None, engine: str
) -> tuple[Graph, Graph, Graph]:
    """The report graph of ``engine`` on ``data``, the shapes, and the working graph (data and
    ontology: what the findings' labels and quotes are read from)."""
    shapes_path = shapes or ontology_file("shapes.ttl")
    shapes_graph = _cached_shapes(shapes_path)
    ontologies = [
        _cached_turtle(path)
        for path in ontology or (ontology_file("cica.ttl"), ontology_file("concepts.ttl"))
    ]
    working = _union(data)  # data + ontology, what pySHACL validates in place
    for graph in ontologies:
        working += graph
    if engine == "fast":
        from cica_kg.validate.fast import validate_fast

        report = validate_fast(working.serialize(format="nt"), shapes_graph, graph=working)
    else:
        report = _pyshacl_report(working, shapes_graph, shapes_path)
    return report, shapes_graph, working


def result_of(report: Graph, shapes: Graph, data: Graph) -> ValidationResult:
    """The readable findings of a report graph in pySHACL's vocabulary; ``data`` gives the
    focus nodes' names and source quotes."""
    findings = tuple(sorted(_findings(report, shapes, data), key=_finding_order))
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationResult(conforms=conforms, findings=findings)


def bundled_shapes() -> Graph:
    """The bundled ``shapes.ttl``, parsed and linted once per process (never mutate it)."""
    return _cached_shapes(ontology_file("shapes.ttl"))


def _pyshacl_report(working: Graph, shapes_graph: Graph, shapes_path: Path) -> Graph:
    """pySHACL's report graph for ``working``.

    Raises:
        ResourceError: a shape pySHACL cannot load.
    """
    from pyshacl import validate as shacl_validate
    from pyshacl.errors import ReportableRuntimeError

    try:
        with _quiet(PYSHACL_LOGGER):
            _conforms, report, _text = shacl_validate(
                working,
                shacl_graph=shapes_graph,
                inference="none",
                advanced=False,
                allow_warnings=True,
            )
    except ReportableRuntimeError as exc:  # a shape pySHACL cannot load
        raise refusal(exc, shapes_graph, path=shapes_path) from exc
    if not isinstance(report, Graph):  # pySHACL returns a refused constraint as the report
        raise refusal(report, shapes_graph, path=shapes_path)
    return report


def validate_linkset(data: Graph | Dataset) -> ValidationResult | None:
    """Validate the linkset graph of ``data`` against ``linkset-shapes.ttl`` (None: no links).

    ``data`` is a Dataset holding the linkset named graph, or the linkset graph itself.

    Raises:
        ResourceError: the linkset shapes cannot be read or parsed.
    """
    linkset = _named(data, LINKSET_GRAPH)
    if len(linkset) == 0:
        return None
    return _run_shapes(linkset, shapes=ontology_file(LINKSET_SHAPES), ontology=None)


def validate_external(data: Graph | Dataset) -> ValidationResult | None:
    """Validate the external-data graph of ``data`` against ``external-shapes.ttl`` (None: no
    external data). ``data`` is a Dataset holding that named graph, or the graph itself.

    Raises:
        ResourceError: the external-data shapes cannot be read or parsed.
    """
    graph = _named(data, EXTERNAL_GRAPH)
    if len(graph) == 0:
        return None
    return _run_shapes(graph, shapes=ontology_file(EXTERNAL_SHAPES), ontology=None)


def _named(data: Graph | Dataset, name: URIRef) -> Graph:
    """The named graph ``name`` of a Dataset (empty if absent), or ``data`` itself."""
    if not isinstance(data, Dataset):
        return data
    present = {graph.identifier for graph in data.graphs()}
    return data.graph(name) if name in present else Graph()


def format_reports(
    text: ValidationResult,
    linkset: ValidationResult | None,
    external: ValidationResult | None = None,
) -> str:
    """The build's report: the text graphs' findings, then the linkset's and the external
    data's (each if there is one)."""
    conforms = all(r is None or r.conforms for r in (text, linkset, external))
    parts = [
        f"Conforms: {'yes' if conforms else 'no'}",
        "",
        "== Text graphs (facts, evidence) against shapes.ttl",
        format_report(text),
    ]
    if linkset is not None:
        parts += [f"== Linkset graph against {LINKSET_SHAPES}", format_report(linkset)]
    if external is not None:
        parts += [
            f"== External-data graph (members, summits) against {EXTERNAL_SHAPES}",
            format_report(external),
        ]
    return "\n".join(parts)


def format_report(result: ValidationResult) -> str:
    """A plain-text report: verdict and counts first, then the findings grouped by shape."""
    counts = ", ".join(f"{result.count(s)} {s.lower()}(s)" for s in SEVERITIES)
    lines = [f"Conforms: {'yes' if result.conforms else 'no'}", f"Findings: {counts}"]
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in result.findings:
        groups.setdefault((finding.severity, finding.shape, finding.shape_iri), []).append(finding)
    for (severity, shape, shape_iri), findings in groups.items():
        lines += ["", f"{severity}: {shape} ({_curie(shape_iri)}), {len(findings)} finding(s)"]
        for finding in findings:
            lines += _finding_lines(finding)
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> list[str]:
    name = f'"{finding.focus_label}"' if finding.focus_label else "(no English name)"
    lines = [f"  - {name} <{finding.focus}>", f"    {finding.message}"]
    details = []
    if finding.path:
        details.append(f"property {finding.path}")
    if finding.value is not None:
        details.append(f"value {finding.value}")
    if details:
        lines.append("    " + ", ".join(details))
    if finding.source:
        span = (
            f", characters {finding.source.start}-{finding.source.end}"
            if finding.source.start is not None
            else ""
        )
        lines.append(f'    source ({finding.source.language}{span}): "{finding.source.quote}"')
    return lines


def _curie(iri: str) -> str:
    """``iri`` as a CURIE when a project prefix (or ``cicash:``) covers it."""
    return curie(iri, {"cicash": SHAPES_NS} | PREFIXES)


@lru_cache(maxsize=16)
def _cached_parse(path: Path, _mtime_ns: int, lint: bool) -> Graph:
    graph = load_turtle(path)
    if lint:
        check_shapes(graph, path=path)
    return graph


def _cached_turtle(path: Path, *, lint: bool = False) -> Graph:
    """A parsed Turtle file, cached while the file is unchanged (never mutate the result)."""
    try:
        info = path.stat()
    except OSError as exc:
        shown = display_path(path)
        raise ResourceError(f"{shown}: cannot read the file ({exc}); check the path") from exc
    if not stat.S_ISREG(info.st_mode):
        return load_turtle(path)  # refuses it, naming the path as given
    return _cached_parse(path.resolve(), info.st_mtime_ns, lint)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence the logger ``name`` for a while (pySHACL logs to stderr; findings and errors
    come back to the caller instead)."""
    logger = logging.getLogger(name)
    before, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = before


def _cached_shapes(path: Path) -> Graph:
    """A parsed shapes file whose every ``sh:`` term SHACL defines (:mod:`.lint`)."""
    return _cached_turtle(path, lint=True)


class _PreparingGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL sends the same query text for every focus node of a SPARQL constraint; parsing
    dominates the run time, so the parsed query is cached and re-bound instead. Its namespace
    manager is a :class:`~cica_kg.qnames.QuickNames` (pySHACL names every node of a result).
    """

    def __init__(self) -> None:
        super().__init__()
        self.namespace_manager = QuickNames(self)

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=64)
def _prepared(text: str) -> Any:
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _union(data: Graph | Dataset) -> Graph:
    """A plain graph with every triple of ``data`` (all named graphs of a Dataset)."""
    union = bind_prefixes(_PreparingGraph())
    if isinstance(data, Dataset):
        for context in data.graphs():
            if context.identifier not in SEPARATE_GRAPHS:
                union += context
    else:
        union += data
    return union


def _findings(report: Graph, shapes: Graph, data: Graph) -> list[Finding]:
    namespaces = bind_prefixes(Graph()).namespace_manager
    return [finding(report, result, shapes, data, namespaces)
            for result in report.subjects(RDF.type, SH.ValidationResult)]  # fmt: skip


def finding(report: Graph, result: Node, shapes: Graph, data: Graph, namespaces: Any) -> Finding:
    """The :class:`Finding` of one ``sh:ValidationResult`` node of ``report``."""
    shape = report.value(result, SH.sourceShape)
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    severity = report.value(result, SH.resultSeverity)
    constraint = report.value(result, SH.sourceConstraint)
    return Finding(
        shape=str(shapes.value(shape, SH.name) or shape),
        shape_iri=str(shape),
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        message=_message(report, result, shapes.value(shape, SH.message)),
        focus=str(focus),
        focus_label=_label(data, focus),
        path=path.n3(namespaces) if isinstance(path, URIRef) else None,
        value=_show(value, namespaces) if value is not None else None,
        source=_source(data, focus, path, value),
        constraint_iri=str(constraint) if isinstance(constraint, URIRef) else None,
    )


def _message(report: Graph, result: Node, shape_message: Node | None) -> str:
    """The most specific message: a constraint's own (SPARQL) message before the shape's."""
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    specific = [m for m in messages if m != str(shape_message)]
    return (specific or messages or [str(shape_message or "The graph breaks this rule.")])[0]


def _label(graph: Graph, node: Node | None) -> str | None:
    """The English name of ``node`` (rdfs:label, else skos:prefLabel), if it has one."""
    for predicate in (RDFS.label, SKOS.prefLabel):
        labels = sorted(
            str(label)
            for label in graph.objects(node, predicate)
            if isinstance(label, Literal) and label.language in ("en", None)
        )
        if labels:
            return labels[0]
    return None


def _show(value: Node, namespaces: object) -> str:
    if isinstance(value, URIRef):
        return value.n3(namespaces)  # type: ignore[arg-type]
    if isinstance(value, Literal):
        return value.n3()
    return str(value)


def _source(
    data: Graph, focus: Node | None, path: Node | None, value: Node | None
) -> SourceQuote | None:
    """The quote of the offending fact, else of the entity's type (where it is mentioned)."""
    attempts: list[tuple[Node, Node | None]] = []
    if isinstance(path, URIRef):
        attempts.append((path, value))
    attempts.append((RDF.type, None))
    for predicate, obj in attempts:
        quotes = [
            quote
            for statement in data.subjects(RDF.subject, focus)
            if (statement, RDF.predicate, predicate) in data
            and (obj is None or (statement, RDF.object, obj) in data)
            for annotation in data.objects(statement, CICA.evidence)
            for quote in _quotes(data, annotation)
        ]
        if quotes:
            return min(quotes, key=_quote_order)
    return None


def _quotes(data: Graph, annotation: Node) -> list[SourceQuote]:
    """The quotes (with offsets when a position selector gives them) of one annotation."""
    language = data.value(annotation, DCTERMS.language)
    found = []
    for target in data.objects(annotation, OA.hasTarget):
        selectors = list(data.objects(target, OA.hasSelector))
        starts = [data.value(s, OA.start) for s in selectors]
        ends = [data.value(s, OA.end) for s in selectors]
        start = next((n for n in starts if n is not None), None)
        end = next((n for n in ends if n is not None), None)
        for selector in selectors:
            exact = data.value(selector, OA.exact)
            if isinstance(exact, Literal):
                found.append(
                    SourceQuote(
                        quote=str(exact),
                        language=str(language) if language else (exact.language or ""),
                        start=_integer(start),
                        end=_integer(end),
                    )
                )
    return found


def _integer(node: Node | None) -> int | None:
    try:
        return int(node) if isinstance(node, Literal) else None
    except (TypeError, ValueError):
        return None


def _quote_order(quote: SourceQuote) -> tuple[int, int, str]:
    """English first, then earliest in the text: the order a reader expects."""
    return (0 if quote.language == "en" else 1, quote.start or 0, quote.quote)


def _finding_order(finding: Finding) -> tuple[int, str, str, str, str, str]:
    rank = SEVERITIES.index(finding.severity) if finding.severity in SEVERITIES else 3
    return (
        rank,
        finding.shape,
        finding.focus_label or "",
        finding.focus,
        finding.path or "",
        finding.value or "",
    )
