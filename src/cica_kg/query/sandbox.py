"""Read-only safety, second layer: rdflib's own parse of a query, checked before it runs.

- :func:`prepare` parses a query with rdflib's parser and algebra, refuses a dataset clause
  (``FROM``/``FROM NAMED``, which rdflib would load from the web or a ``file:`` IRI) and any
  ``SERVICE`` that is not an allowed endpoint, and returns the parsed query: the rdflib
  engine runs that very object, so what was checked is what runs. rdflib takes the address
  it calls from the text of the *first* SERVICE pattern it finds anywhere in the query (a
  string literal included), so that text is checked too, not only the parsed term.
- :func:`second_opinion` is the same check on the text Oxigraph reads, its CRs as LFs
  (:func:`cica_kg.query.lexer.oxigraph_view`), lexed by rdflib itself: an independent
  reading of strings and comments. What rdflib cannot parse gets no opinion. Oxigraph reads
  a keyword letter by letter, with no escapes, so a text that never spells ``service`` or
  ``from`` holds neither: rdflib is then not even imported (it costs about 0.25 s).
- :func:`confined` holds rdflib to it while a query runs: a ``FROM`` is never loaded and
  a SERVICE call goes only to an allowed endpoint.

Imports rdflib, so only the worker process calls it (docs/decisions/0083).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from cica_kg.query.safety import QuerySyntaxError, UnsafeQueryError

_FORMS = ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery")
_RDFLIB_SERVICE = re.compile("^service <(.*)>[ \n]*{(.*)}[ \n]*$", re.DOTALL | re.IGNORECASE)
"""How rdflib (``evaluate.evalServiceQuery``) finds the address it calls in a SERVICE text."""
_SPELLED = re.compile("service|from", re.IGNORECASE)


def prepare(
    text: str,
    *,
    where: str = "query",
    allowed: Collection[str] = (),
    init_ns: dict[str, Any] | None = None,
) -> Any:
    """rdflib's parsed query for ``text``, checked: run this object, not the text.

    Every join whose right side is a SERVICE is marked lazy, so an allowed SERVICE is
    called with the bindings of what precedes it (see
    :func:`cica_kg.query.federated.prepare_federated`).

    Raises:
        QuerySyntaxError: rdflib cannot parse the query.
        UnsafeQueryError: it has a dataset clause, a SERVICE to an endpoint not in
            ``allowed``, or is not a query.
    """
    from rdflib.plugins.sparql.algebra import translateQuery

    tree = _parse(text, where)
    try:
        query = translateQuery(tree, initNs=init_ns or {})
    except Exception as exc:  # rdflib raises bare Exceptions, e.g. for an unknown prefix
        raise QuerySyntaxError(f"{where}: the query cannot be read: {exc}") from exc
    _refuse(tree, query.algebra, where=where, allowed=set(allowed))
    if query.algebra.name not in _FORMS:
        raise UnsafeQueryError(f"{where}: not a SPARQL query ({query.algebra.name})")
    _bind_services(query.algebra)
    return query


def second_opinion(text: str, *, where: str = "query") -> None:
    """Refuse ``text`` if rdflib's parser finds a SERVICE or a dataset clause in it.

    Silent when rdflib cannot parse the text: the first layer
    (:func:`cica_kg.query.safety.scan`) then stands alone; and when ``text`` never spells
    either keyword (see above).

    Raises:
        UnsafeQueryError: rdflib reads a SERVICE or a FROM clause.
    """
    if not _SPELLED.search(text):
        return
    try:
        tree = _parse(text, where)
    except QuerySyntaxError:
        return
    _refuse(tree, where=where, allowed=set())


@contextmanager
def confined(allowed: Collection[str] = ()) -> Iterator[None]:
    """While the block runs, rdflib loads no ``FROM`` graph and calls only ``allowed``.

    Composes with :func:`cica_kg.query.federated.polite_service_calls` (inside it).
    """
    import rdflib.plugins.sparql as sparql
    from rdflib.plugins.sparql import evaluate as evaluate_module

    evaluate: Any = evaluate_module  # rdflib does not export its urlopen; we wrap it
    previous_open, previous_load = evaluate.urlopen, sparql.SPARQL_LOAD_GRAPHS
    endpoints = set(allowed)

    def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
        url = str(request.full_url)
        address = url if request.data is not None else url.split("?", 1)[0]
        if address not in endpoints:
            raise UnsafeQueryError(f"SERVICE <{address}> is refused (not an allowed endpoint)")
        return previous_open(request, *args, **kwargs)

    evaluate.urlopen, sparql.SPARQL_LOAD_GRAPHS = guarded, False
    try:
        yield
    finally:
        evaluate.urlopen, sparql.SPARQL_LOAD_GRAPHS = previous_open, previous_load


def _parse(text: str, where: str) -> Any:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except ParseBaseException as exc:
        raise QuerySyntaxError(
            f"{where}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}"
        ) from exc
    except ValueError as exc:  # a \u escape that names no code point
        raise QuerySyntaxError(f"{where}: SPARQL syntax error: {exc}") from exc
    except RecursionError as exc:
        raise QuerySyntaxError(f"{where}: the query nests too deeply for rdflib") from exc


def _refuse(*roots: Any, where: str, allowed: set[str]) -> None:
    """Raise for a dataset clause or a SERVICE not to ``allowed`` anywhere under ``roots``."""
    for node in _nodes(roots):
        if dict.get(node, "datasetClause"):  # CompValue.get answers a missing key with the key
            raise UnsafeQueryError(
                f"{where}: FROM would load other graphs; queries run on the store only "
                "(remove the FROM clause)"
            )
        if node.name == "ServiceGraphPattern":
            _check_service(node, where, allowed)


def _check_service(node: Any, where: str, allowed: set[str]) -> None:
    from rdflib import URIRef

    term = dict.get(node, "term")
    hint = "allowed: " + ", ".join(sorted(allowed)) if allowed else "none is allowed"
    if not isinstance(term, URIRef) or str(term) not in allowed:
        shown = f"<{term}>" if isinstance(term, URIRef) else str(term)
        raise UnsafeQueryError(f"{where}: SERVICE {shown} is refused ({hint})")
    called = _RDFLIB_SERVICE.match(str(dict.get(node, "service_string", "")))
    if called and called.group(1) not in allowed:
        raise UnsafeQueryError(
            f"{where}: SERVICE <{called.group(1)[:200]}> is refused ({hint}; rdflib takes "
            "the address from the first SERVICE written anywhere in the query)"
        )


def _nodes(roots: tuple[Any, ...]) -> Iterator[Any]:
    """Every ``CompValue`` under ``roots`` (parse tree or algebra), each once, no recursion."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Node

    stack = list(roots)
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, (str, bytes, Node)) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif hasattr(item, "__iter__"):
            stack.extend(item)


def _bind_services(node: Any) -> None:
    """Mark every join whose right side is a SERVICE lazy (see :func:`prepare`)."""
    for item in _nodes((node,)):
        right = dict.get(item, "p2")
        if item.name == "Join" and getattr(right, "name", None) == "ServiceGraphPattern":
            item["lazy"] = True
