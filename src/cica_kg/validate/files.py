"""Validate a graph file as ``cica-kg validate FILE`` does: the text graphs, the linkset and
the external data, each against its shapes (decisions 0076, 0079).

For the fast engine the file is read by Oxigraph straight into N-Triples for the Rust engine
and the store (decision 0144): no rdflib graph of the whole file, which at 10⁶ triples took
minutes and gigabytes. rdflib reads it for pySHACL, and for RDF/XML and JSON-LD (their
refusals, :mod:`cica_kg.rdfinput`). Either way the findings and the report are the same.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, Dataset, Graph

from cica_kg.errors import InputError
from cica_kg.iris import EXTERNAL_GRAPH, LINKSET_GRAPH
from cica_kg.rdfinput import FORMATS, display_path, rdf_format, read_input
from cica_kg.resources import ontology_file
from cica_kg.validate.shacl import (
    LOGGER,
    SEPARATE_GRAPHS,
    ValidationResult,
    _first_line,
    bundled_shapes,
    choose_engine,
    result_of,
    validate,
    validate_external,
    validate_linkset,
)

EVIDENCE_SHAPES = ("https://w3id.org/cica-kg/shapes#Entity-evidence",)
"""Shapes that ask for the evidence graph (a file of the facts alone cannot meet them)."""
READ_BY_OXIGRAPH = frozenset({"turtle", "trig", "nt", "nquads"})
"""Formats the fast path reads without rdflib (RDF/XML and JSON-LD keep rdflib's checks)."""
HINT = "fix the file or rebuild it"
"""What a syntax error's message tells the user to do (as :func:`load_dataset` says it)."""


@dataclass(frozen=True)
class FileValidation:
    """The three reports of one graph file; ``facts_only``: it has no evidence graph, so the
    :data:`EVIDENCE_SHAPES` were not applied."""

    facts_only: bool
    text: ValidationResult
    linkset: ValidationResult | None
    external: ValidationResult | None

    @property
    def conforms(self) -> bool:
        """Whether every report conforms."""
        return all(r is None or r.conforms for r in (self.text, self.linkset, self.external))


@dataclass(frozen=True)
class ReadFile:
    """A graph file read by Oxigraph: the text graphs as N-Triples, the separate graphs."""

    ntriples: str  # every graph but the linkset and external data, as written
    linkset: Graph
    external: Graph
    evidence: bool  # whether any graph holds reified facts (rdf:Statement)


def validate_file(path: Path, *, shapes: Path | None = None, engine: str = "auto",
                  warn: Callable[[str], None] | None = None) -> FileValidation:  # fmt: skip
    """Validate the graph file ``path`` (format from its extension; default TriG).

    ``engine`` as for :func:`~.shacl.validate`; ``warn`` is called with the one-line warning
    when ``auto`` falls back to pySHACL (default: this package's logger).

    Raises:
        InputError: the file is missing, refused or not valid RDF (the message names the
            file and line).
        ResourceError: the shapes cannot be read, or ``engine="fast"`` without ``shacl``.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file; run `cica-kg build` first to create it")
    fmt = rdf_format(path, default="trig")
    engine, fallback = choose_engine(engine, shapes=shapes)
    if fallback:
        (warn or _log_warning)(fallback)
    if engine == "fast" and fmt in READ_BY_OXIGRAPH:
        return _by_oxigraph(read_file(path, fmt=fmt))
    return _by_rdflib(path, shapes=shapes, engine=engine)


def _by_rdflib(path: Path, *, shapes: Path | None, engine: str) -> FileValidation:
    from cica_kg.build import load_dataset

    dataset = load_dataset(path)
    text = validate(dataset, shapes=shapes, engine=engine)
    return _checked(not has_evidence(dataset), text, dataset, dataset)


def _by_oxigraph(read: ReadFile) -> FileValidation:
    from cica_kg.validate.fast import fast_report

    shapes = bundled_shapes()
    report, near = fast_report(ontology_ntriples() + read.ntriples, shapes)
    return _checked(not read.evidence, result_of(report, shapes, near), read.linkset,
                    read.external)  # fmt: skip


def _checked(facts_only: bool, text: ValidationResult, linkset: Graph | Dataset,
             external: Graph | Dataset) -> FileValidation:  # fmt: skip
    if facts_only:
        text = without_evidence_shapes(text)
    return FileValidation(facts_only=facts_only, text=text, linkset=validate_linkset(linkset),
                          external=validate_external(external))  # fmt: skip


def read_file(path: Path, *, fmt: str) -> ReadFile:
    """Read ``path`` (``fmt``: a key of :data:`READ_BY_OXIGRAPH`) with Oxigraph, safely as
    :func:`cica_kg.rdfinput.parse_file` does (a bounded regular file, strict syntax).

    Raises:
        InputError: unreadable, too large or not valid ``fmt`` (the message names the line).
    """
    import pyoxigraph as ox

    data = read_input(path).removeprefix(codecs.BOM_UTF8)
    shown = display_path(path)
    syntax = getattr(ox.RdfFormat, FORMATS[fmt])
    separate = {str(name): Graph() for name in SEPARATE_GRAPHS}
    evidence = False
    statement, rdf_type = ox.NamedNode(str(RDF.Statement)), ox.NamedNode(str(RDF.type))

    def kept(quads: Any) -> Any:
        nonlocal evidence
        for quad in quads:
            name = quad.graph_name
            if isinstance(name, ox.NamedNode) and name.value in separate:
                separate[name.value].add(_rdflib_triple(quad))
                continue
            if not evidence and quad.object == statement and quad.predicate == rdf_type:
                evidence = True
            yield quad.triple

    try:
        quads = ox.parse(data, syntax, base_iri=path.absolute().as_uri())
        text = _ntriples(ox.serialize(kept(quads), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        where = f"{shown} line {exc.lineno}" if exc.lineno else shown
        why = (exc.msg or "").split(": ", 1)[-1] if exc.lineno else exc.msg
        raise InputError(f"{where}: not valid {fmt} ({why}); {HINT}") from exc
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{shown}: not valid {fmt} ({_first_line(exc)}); {HINT}") from exc
    evidence = evidence or any(has_evidence(graph) for graph in separate.values())
    return ReadFile(ntriples=text, linkset=separate[str(LINKSET_GRAPH)],
                    external=separate[str(EXTERNAL_GRAPH)], evidence=evidence)  # fmt: skip


def _rdflib_triple(quad: Any) -> Any:
    from cica_kg.validate.oxterms import from_ox

    return from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)


@lru_cache(maxsize=1)
def ontology_ntriples() -> str:
    """The bundled ``cica.ttl`` and ``concepts.ttl`` as N-Triples (mixed into the data for the
    class hierarchy, as :func:`~.shacl.validate` does)."""
    import pyoxigraph as ox

    parts = []
    for name in ("cica.ttl", "concepts.ttl"):
        path = ontology_file(name)
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE,
                           base_iri=path.absolute().as_uri())  # fmt: skip
        parts.append(_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))
    return "".join(parts)


def _ntriples(serialized: bytes | None) -> str:
    return (serialized or b"").decode("utf-8")


def has_evidence(dataset: Graph | Dataset) -> bool:
    """Whether ``dataset`` holds reified facts (the evidence graph) in any of its graphs."""
    if isinstance(dataset, Dataset):
        return any(True for _ in dataset.quads((None, RDF.type, RDF.Statement, None)))
    return any(True for _ in dataset.subjects(RDF.type, RDF.Statement))


def without_evidence_shapes(result: ValidationResult) -> ValidationResult:
    """``result`` less the findings of :data:`EVIDENCE_SHAPES` (a facts-only file)."""
    kept = tuple(f for f in result.findings if f.shape_iri not in EVIDENCE_SHAPES)
    violation = any(f.severity == "Violation" for f in kept)
    return replace(result, findings=kept, conforms=not violation)


def _log_warning(message: str) -> None:
    import logging

    logging.getLogger(LOGGER).warning(message)
