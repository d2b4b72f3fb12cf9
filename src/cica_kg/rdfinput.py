"""Read a user's RDF file safely: a bounded regular file, checked strictly, nothing fetched.

Every RDF file cica-kg parses (a graph to export, validate or count, a shapes or ontology
file) comes through :func:`parse_file` (decision 0084):

1. the file must be a regular file (not a device, FIFO or directory) of at most
   :data:`MAX_INPUT_BYTES`, and no more than that is ever read;
2. RDF/XML that declares entities (``<!DOCTYPE ... [<!ENTITY ...>]>``) is refused, since
   nested entities expand exponentially ("billion laughs") and external ones read files
   or URLs; JSON-LD whose ``@context`` is not inline (a URL, a ``file:`` path, an
   ``@import``) is refused, so no context is ever fetched or read;
3. the syntax is checked strictly by Oxigraph's parsers (they follow the W3C test suites;
   rdflib's accept many invalid documents), then rdflib builds the graph.

Every failure is one :class:`~cica_kg.errors.CicaKgError` (``InputError`` unless the caller
names another) whose message says what, where (file, line) and what to do.

>>> from rdflib import Graph
>>> parse_file(Path("no-such.ttl"), Graph(), fmt="turtle")  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
cica_kg.errors.InputError: no-such.ttl: no such file; check the path
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cica_kg.errors import CicaKgError, InputError

if TYPE_CHECKING:
    from rdflib import Graph

MAX_INPUT_BYTES = 512 * 1024 * 1024
"""The largest RDF file read (512 MiB): more is refused before any byte is parsed."""

FORMATS: dict[str, str] = {
    "turtle": "TURTLE",
    "trig": "TRIG",
    "nt": "N_TRIPLES",
    "nquads": "N_QUADS",
    "xml": "RDF_XML",
    "json-ld": "JSON_LD",
}
"""The formats read (rdflib's names) → the Oxigraph ``RdfFormat`` that checks their syntax."""

DATASET_FORMATS = frozenset({"trig", "nquads", "json-ld"})
"""The formats of :data:`FORMATS` that hold named graphs."""

_CHUNK = 1 << 20
_NOT_IN_IRIS = frozenset('<>" {}|\\^`')
"""Characters no IRI holds (those rdflib's writers refuse)."""


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def rdf_format(path: Path, *, default: str) -> str:
    """The format of ``path`` from its extension (``default`` when it has no known one).

    Raises:
        InputError: the extension names an RDF format cica-kg does not read (N3, TriX, ...).
    """
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or default
    if fmt not in FORMATS:
        raise InputError(
            f"{display_path(path)}: {fmt} files are not read; convert it to Turtle (.ttl), "
            "TriG (.trig), N-Triples (.nt), N-Quads (.nq), RDF/XML (.rdf) or JSON-LD (.jsonld)"
        )
    return fmt


def read_input(
    path: Path, *, limit: int = MAX_INPUT_BYTES, error: type[CicaKgError] = InputError
) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit`` of them).

    Opened without blocking and checked on the open descriptor, so a FIFO, a device such as
    ``/dev/zero`` or a file swapped in after a check is refused, never read.

    Raises:
        error: missing, not a regular file, larger than ``limit``, or unreadable.
    """
    shown = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise error(f"{shown}: no such file; check the path") from exc
    except OSError as exc:
        raise error(f"{shown}: cannot read the file ({exc.strerror}); check the path") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown}: not a regular file (a directory, device or pipe); "
                        "give the path of an RDF file")  # fmt: skip
        if info.st_size > limit:
            raise error(_too_large(shown, limit))
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise error(f"{shown}: cannot read the file ({exc.strerror}); check the path") from exc
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise error(_too_large(shown, limit))
    return data


def parse_file(
    path: Path,
    into: Graph,
    *,
    fmt: str,
    error: type[CicaKgError] = InputError,
    hint: str = "fix the file",
    limit: int = MAX_INPUT_BYTES,
) -> Graph:
    """Parse the RDF file ``path`` (format ``fmt``, a key of :data:`FORMATS`) into ``into``.

    Relative IRIs resolve against the file's own ``file:`` IRI, as rdflib does for a path.

    Raises:
        error: the file cannot be read (:func:`read_input`), is refused (entities, remote
            contexts) or is not valid ``fmt``; the message ends with ``hint``.
    """
    data = read_input(path, limit=limit, error=error)
    if fmt != "xml":  # XML declares its encoding; the others are UTF-8, a BOM is noise
        data = data.removeprefix(codecs.BOM_UTF8)
    shown = display_path(path)
    base = path.absolute().as_uri()
    if fmt == "xml":
        _refuse_xml_entities(data, shown, hint, error)
    elif fmt == "json-ld":
        _refuse_remote_contexts(data, shown, fmt, hint, error)
    _check_syntax(data, fmt=fmt, base=base, shown=shown, hint=hint, error=error)
    try:
        into.parse(data=data, format=fmt, publicID=base)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        line = getattr(exc, "lines", None)
        where = f"{shown} line {line + 1}" if isinstance(line, int) else shown
        why = getattr(exc, "_why", None) or _first_line(exc)
        raise error(f"{where}: not valid {fmt} ({why}); {hint}") from exc
    if fmt == "json-ld":
        _drop_malformed_iris(into)
    return into


def _read_at_most(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = os.read(fd, min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(shown: str, limit: int) -> str:
    size = f"{limit / 2**20:g} MiB" if limit >= 2**20 else f"{limit} bytes"
    return f"{shown}: larger than {size}, the input limit; split the graph into smaller files"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class _PrologDoneError(Exception):
    """The root element started: no entity can be declared any more."""


def _refuse_xml_entities(data: bytes, shown: str, hint: str, error: type[CicaKgError]) -> None:
    """Refuse an XML document whose DTD declares an entity (read up to the root element only).

    Expat itself reads the prolog, with external DTDs and parameter entities switched off, so
    the check sees exactly what rdflib's (expat-based) parser would see.
    """
    from xml.parsers import expat

    def refuse(*_args: Any) -> None:
        raise error(
            f"{shown}: RDF/XML with entity declarations (<!ENTITY ...>) is refused, since "
            "entities can expand without bound or read other files; replace each &name; "
            "reference by its text and remove the DOCTYPE"
        )

    def refuse_external(*_args: Any) -> int:
        refuse()
        return 0

    def stop(*_args: Any) -> None:
        raise _PrologDoneError

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse_external
    parser.StartElementHandler = stop
    try:
        parser.Parse(data, True)
    except _PrologDoneError:
        return
    except expat.ExpatError as exc:
        where = f"{shown} line {exc.lineno}" if exc.lineno else shown
        reason = expat.ErrorString(exc.code) if exc.code else _first_line(exc)
        raise error(f"{where}: not valid xml ({reason}); {hint}") from exc


def _refuse_remote_contexts(
    data: bytes, shown: str, fmt: str, hint: str, error: type[CicaKgError]
) -> None:
    """Refuse JSON-LD naming a context it does not hold (a URL or file, or an ``@import``)."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise error(f"{shown}: not valid {fmt} ({_first_line(exc)}); {hint}") from exc
    pending: deque[Any] = deque([document])
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            reference = _context_reference(value)
            if reference is not None:
                raise error(
                    f"{shown}: the JSON-LD context {reference!r} is not inline; cica-kg never "
                    "fetches or reads contexts, so put the context object itself in the file"
                )
            pending.extend(value.values())


def _context_reference(node: dict[str, Any]) -> str | None:
    """The first context ``node`` refers to instead of holding (``@context`` or ``@import``)."""
    imported = node.get("@import")
    if imported is not None:
        return str(imported)
    context = node.get("@context")
    for item in context if isinstance(context, list) else [context]:
        if isinstance(item, str):
            return item
    return None


def _drop_malformed_iris(graph: Graph) -> None:
    """Drop the statements naming an IRI that is not well-formed, as JSON-LD's conversion to
    RDF requires (rdflib keeps them, and its writers then fail on them)."""
    from rdflib import ConjunctiveGraph, URIRef  # a Dataset is a ConjunctiveGraph

    def malformed(*nodes: object) -> bool:
        return any(isinstance(n, URIRef) and not _NOT_IN_IRIS.isdisjoint(n) for n in nodes)

    if not isinstance(graph, ConjunctiveGraph):
        for triple in [t for t in graph if malformed(*t)]:
            graph.remove(triple)
        return
    for s, p, o, context in list(graph.quads((None, None, None, None))):
        if malformed(s, p, o, getattr(context, "identifier", context)):
            graph.remove((s, p, o, context))


def _check_syntax(
    data: bytes, *, fmt: str, base: str, shown: str, hint: str, error: type[CicaKgError]
) -> None:
    """Parse ``data`` strictly with Oxigraph, keeping nothing; a syntax error names its line."""
    import pyoxigraph

    try:
        syntax = getattr(pyoxigraph.RdfFormat, FORMATS[fmt])
        deque(pyoxigraph.parse(data, syntax, base_iri=base), maxlen=0)
    except SyntaxError as exc:
        where = f"{shown} line {exc.lineno}" if exc.lineno else shown
        why = (exc.msg or "").split(": ", 1)[-1] if exc.lineno else exc.msg
        raise error(f"{where}: not valid {fmt} ({why}); {hint}") from exc
    except (ValueError, OSError) as exc:
        raise error(f"{shown}: not valid {fmt} ({_first_line(exc)}); {hint}") from exc
