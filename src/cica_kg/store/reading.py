"""Read a large build without loading it into rdflib (decision 0147).

A streamed build's ``cica.trig`` (decision 0139: it has the line
:data:`~cica_kg.build.stream.EVIDENCE_MARK`), or any graph file larger than rdflib's input
limit (:data:`~cica_kg.rdfinput.MAX_INPUT_BYTES`), is *large*: rdflib would need some 30
times its size in memory. The commands that read a built graph read a large one so:

- ``export --format nt|nquads``: the file streamed through pyoxigraph's parser, each quad
  written as rdflib's N-Triples writer writes it, the lines sorted and made distinct in runs
  on disk (:mod:`cica_kg.store.sorting`): the bytes of the rdflib path, memory bounded.
- ``export`` of the facts graph in another format: the facts alone read into rdflib (the
  file streamed, the evidence skipped) and serialised as for a small build. Every graph in
  another format is refused (:func:`export_large`).
- ``stats`` and ``facts``: the build's store (``DIR/store`` beside the file), read by index
  lookups through :class:`~cica_kg.store.view.StoreGraph` with the code of the rdflib path.
- ``link --review``: the facts graph alone, written to a temporary N-Quads file and linked
  as today; ``link`` that would rewrite a build above :data:`LARGE_ABOVE` is refused (see
  ``cica_kg.cli.link``).
"""

from __future__ import annotations

import io
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import XSD, NamespaceManager

from cica_kg import graphs, iris
from cica_kg.build import GraphStats, check_choice, export
from cica_kg.build.review import FactRow, rows_of
from cica_kg.build.stats import stats_of
from cica_kg.build.views import GraphView
from cica_kg.errors import InputError, UsageError
from cica_kg.rdfinput import DATASET_FORMATS, FORMATS, MAX_INPUT_BYTES, display_path, rdf_format
from cica_kg.store.oxigraph import StoreError, open_store
from cica_kg.store.parts import mark_offset
from cica_kg.store.sorting import write_sorted
from cica_kg.store.view import StoreGraph, to_rdflib

LARGE_ABOVE = MAX_INPUT_BYTES
"""A graph file larger than this (bytes) is large even if it is not a streamed build's."""
STREAMED_FORMATS = ("nt", "nquads")
"""The export formats a large build is written in by streaming."""
_XSD_STRING = str(XSD.string)
_FACTS = ox.NamedNode(graphs.FACTS)


def is_large(path: Path) -> bool:
    """Whether the graph file ``path`` is read without rdflib: a streamed build's TriG, or
    a file larger than :data:`LARGE_ABOVE` (False for a missing or special file, which the
    rdflib path reports)."""
    try:
        info = path.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if info.st_size > LARGE_ABOVE:
        return True
    try:
        return rdf_format(path, default="trig") == "trig" and mark_offset(path) is not None
    except (InputError, OSError):
        return False


def above_limit(path: Path) -> bool:
    """Whether ``path`` is larger than :data:`LARGE_ABOVE` (rdflib's path refuses it)."""
    try:
        return path.stat().st_size > LARGE_ABOVE
    except OSError:
        return False


def describe(path: Path) -> str:
    """``path`` and its size, for messages: ``build/cica.trig (7.1 GB)``."""
    size = path.stat().st_size
    shown = next(f"{size / factor:.1f} {unit}" for factor, unit in
                 ((1e9, "GB"), (1e6, "MB"), (1e3, "kB"), (1, "bytes")) if size >= factor or
                 factor == 1)  # fmt: skip
    return f"{display_path(path)} ({shown})"


def export_large(path: Path, *, fmt: str, graph: str, out: BinaryIO) -> None:
    """Write the large build ``path`` to ``out`` as :func:`cica_kg.build.export` would.

    Raises:
        UsageError: the format cannot hold the graph choice, or every graph is asked for in a
            format that is not streamed (its writer would hold it all in memory).
        InputError: the file is not valid RDF.
    """
    check_choice(fmt, graph)
    if fmt in STREAMED_FORMATS:
        lines = _lines(path, quads=fmt == "nquads", facts_only=graph == "facts")
        write_sorted(lines, out)
        return
    if graph == "all":
        raise UsageError(
            f"{describe(path)} is a large build: --format {fmt} --graph all would hold it all "
            "in memory; use --format nquads (streamed) for every graph, or --graph facts"
        )
    out.write(export(facts_dataset(path), fmt=fmt, graph="facts"))


def facts_dataset(path: Path) -> Dataset:
    """A Dataset of the facts graph of ``path`` alone, with the file's prefixes (a streamed
    build's facts are all before its evidence mark: only that part is read).

    Raises:
        InputError: the file cannot be read or is not valid RDF.
    """
    dataset = Dataset()
    _bind_prefixes(dataset, path)
    target = dataset.graph(iris.FACTS_GRAPH)
    for quad in file_quads(path, head=True):
        if quad.graph_name == _FACTS:
            target.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                        to_rdflib(quad.object)))  # fmt: skip
    return dataset


def read_stats(path: Path) -> GraphStats:
    """:func:`cica_kg.build.compute_stats` of the large build ``path``, read from its store.

    Raises:
        StoreError: the build has no readable store beside ``path``.
    """
    facts, evidence = _store_graphs(path)
    return stats_of(facts, evidence)


def read_review(path: Path, *, source: str | None = None) -> list[FactRow]:
    """:func:`cica_kg.build.review.review_rows` of the large build ``path``, from its store.

    Raises:
        StoreError: the build has no readable store beside ``path``.
        UsageError: ``source`` is not one of the build's source articles.
    """
    facts, evidence = _store_graphs(path)
    return rows_of(facts, evidence, source=source)


def write_facts(path: Path, target: Path) -> Path:
    """Write the facts graph of the large build ``path`` to ``target`` as N-Quads (streamed:
    a streamed build's part before its evidence mark is read); ``target``.

    Raises:
        InputError: the file cannot be read or is not valid RDF.
    """
    facts = (quad for quad in file_quads(path, head=True) if quad.graph_name == _FACTS)
    ox.serialize(facts, output=str(target), format=ox.RdfFormat.N_QUADS)
    return target


def file_quads(path: Path, *, head: bool = False) -> Iterator[Any]:
    """The quads of the graph file ``path``, streamed by pyoxigraph's parser (a single-graph
    file's triples in the facts graph, as :func:`cica_kg.build.load_dataset` reads them);
    with ``head``, of a streamed build's TriG only what comes before the evidence mark.

    Raises:
        InputError: the file cannot be read or is not valid RDF.
    """
    fmt = rdf_format(path, default="trig")
    single = fmt not in DATASET_FORMATS
    ox_format = getattr(ox.RdfFormat, FORMATS[fmt])
    try:
        with path.open("rb") as data:
            end = mark_offset(path) if head and fmt == "trig" else None
            source: IO[bytes] = data if end is None else io.BufferedReader(_Prefix(data, end))
            for quad in ox.parse(source, format=ox_format):
                yield ox.Quad(quad.subject, quad.predicate, quad.object, _FACTS) if single else quad
    except SyntaxError as exc:
        where = f"{display_path(path)} line {exc.lineno}" if exc.lineno else display_path(path)
        reason = str(exc).splitlines()[0]
        message = f"{where}: not valid {fmt} ({reason}); fix the file or rebuild it"
        raise InputError(message) from exc
    except OSError as exc:
        raise InputError(f"{display_path(path)}: cannot be read ({exc.strerror or exc}); "
                         "check the file or rebuild it") from exc  # fmt: skip


class _Prefix(io.RawIOBase):
    """The first ``size`` bytes of the binary file ``data``, as a readable file."""

    def __init__(self, data: BinaryIO, size: int) -> None:
        super().__init__()
        self._data, self._left = data, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")[: self._left]
        count = self._data.readinto(view)  # type: ignore[attr-defined]
        self._left -= count or 0
        return count or 0


def _lines(path: Path, *, quads: bool, facts_only: bool) -> Iterator[str]:
    """The N-Triples (or N-Quads) lines of ``path``, with newlines, in the file's order (for
    the facts alone, of a streamed build only the part before its evidence mark)."""
    for quad in file_quads(path, head=facts_only):
        name = quad.graph_name
        if facts_only and name != _FACTS:
            continue
        spo = f"{_term(quad.subject)} {_term(quad.predicate)} {_term(quad.object)}"
        if quads and not isinstance(name, ox.DefaultGraph):
            yield f"{spo} {_term(name)} .\n"
        else:
            yield f"{spo} .\n"


def _term(term: Any) -> str:
    """``term`` as rdflib's N-Triples writer writes it (:func:`cica_kg.build.dataset._nt_term`:
    only backslash, quote, newline and carriage return escaped; no ``^^xsd:string``)."""
    if isinstance(term, ox.Literal):
        text = (term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r"))  # fmt: skip
        if term.language:
            return f'"{text}"@{term.language}'
        datatype = term.datatype.value
        return f'"{text}"' if datatype == _XSD_STRING else f'"{text}"^^<{datatype}>'
    return str(term)  # an IRI <...> or a blank node _:id


def _store(path: Path) -> Any:
    store_dir = path.parent / "store"
    if not store_dir.is_dir():
        raise StoreError(
            f"{describe(path)} is a large build, read through its store {display_path(store_dir)}, "
            f"which is missing; run `cica-kg build --out {display_path(path.parent)}` to make it"
        )
    return open_store(store_dir)


def _store_graphs(path: Path) -> tuple[GraphView, GraphView]:
    """The facts graph of ``path`` in rdflib (read from the file: the store gives typed
    literals in its canonical form, ``"26"^^xsd:nonNegativeInteger`` as ``xsd:integer``, and
    a fact's IRI is minted from its exact terms) and a view of the evidence graph of its store.
    """
    facts = facts_dataset(path)
    store = _store(path)
    names = facts.namespace_manager
    return facts.graph(iris.FACTS_GRAPH), StoreGraph(store, graphs.EVIDENCE, names)


_PREFIX_LINES = 10_000


def _bind_prefixes(dataset: Dataset, path: Path) -> NamespaceManager:
    """Bind in ``dataset`` the prefixes declared at the top of the Turtle or TriG file
    ``path`` (where rdflib's writers put them), as rdflib binds them reading the file."""
    fmt = rdf_format(path, default="trig")
    if fmt not in ("trig", "turtle"):
        return dataset.namespace_manager
    declared = []
    with path.open(encoding="utf-8", errors="replace") as text:
        for line in text:
            words = line.split(maxsplit=1)
            if words and words[0].lower() not in ("@prefix", "prefix") and not line.startswith("#"):
                break
            declared.append(line)
            if len(declared) > _PREFIX_LINES:
                break
    target = dataset if fmt == "trig" else dataset.graph(iris.FACTS_GRAPH)
    try:
        target.parse(data="".join(declared), format=fmt)
    except Exception as exc:  # rdflib raises many kinds on a malformed prefix
        raise InputError(f"{display_path(path)}: its prefix declarations are not valid "
                         f"{fmt} ({exc}); fix the file or rebuild it") from exc  # fmt: skip
    return dataset.namespace_manager

