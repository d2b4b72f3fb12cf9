"""What a query worker does with a job: check the query, run it, serialise the answer.

The checks are the CLI's (:func:`cica_kg.query.safety.scan` as Oxigraph lexes the text,
then rdflib's parse as a second opinion): updates, ``LOAD``, ``FROM``/``FROM NAMED`` and
``SERVICE`` to an endpoint not allowed are refused with 403, syntax errors get 400. The
default graph is the CLI's (decision 0073) unless the request names its own dataset with
``default-graph-uri`` / ``named-graph-uri`` (graphs of the store only; nothing is fetched).
Errors are one line that names the problem, never a path or a traceback.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cica_kg.errors import UsageError
from cica_kg.httpclient import HttpError
from cica_kg.query.results import QueryResult, Row, Triple, cap, from_oxigraph
from cica_kg.query.safety import QuerySyntaxError, UnsafeQueryError
from cica_kg.serve import formats, negotiate
from cica_kg.serve.reply import Job, Reply, error
from cica_kg.store.oxigraph import QUERY_DEFAULT_GRAPHS

TRUNCATED_HEADER = "Cica-Kg-Truncated"
"""Set on an answer cut at the row cap; its value is the cap."""
NOT_A_QUERY = "not a SPARQL query"
"""What :func:`cica_kg.query.safety.query_form` says of a text that is no query at all."""
_STATE: dict[str, Any] = {}


def open_for_jobs(store_dir: Path) -> Any:
    """Open the store read-only (once per worker)."""
    from cica_kg.store.oxigraph import open_store

    _STATE["store_dir"] = store_dir
    return open_store(store_dir)


def handle(store: Any, job: Job) -> Reply:
    """Answer one job; every failure becomes a one-line error reply with its HTTP status."""
    kind, args = job
    try:
        return _dispatch(store, kind, args)
    except UnsafeQueryError as exc:  # an update or outside data: forbidden; not a query: 400
        return error(400 if NOT_A_QUERY in str(exc) else 403, str(exc))
    except negotiate.NotAcceptableError as exc:
        return error(406, str(exc))
    except (QuerySyntaxError, UsageError) as exc:
        return error(400, str(exc))
    except HttpError as exc:  # an allowed SERVICE endpoint cannot be reached
        return error(502, str(exc))
    except MemoryError:
        return error(503, "the query needed more memory than the server allows; simplify it")
    except Exception as exc:  # a bug of ours: the log gets the traceback, the client one line
        traceback.print_exc(file=sys.stderr)
        return error(500, f"internal error ({type(exc).__name__}); the server log has details")


def _dispatch(store: Any, kind: str, args: dict[str, Any]) -> Reply:
    if kind == "sparql":
        return sparql(store, **args)
    if kind == "entity":
        from cica_kg.serve.pagehtml import entity

        return entity(store, **args)
    if kind == "examples":
        import json

        from cica_kg.serve.ui import examples

        body = json.dumps(examples(store), ensure_ascii=False).encode("utf-8")
        return Reply(200, "application/json", body)
    if kind == "ontology":
        from cica_kg.serve.ontodoc import ontology_page

        return ontology_page(store)
    return error(500, f"unknown job {kind!r}")


def sparql(
    store: Any,
    *,
    query: str,
    accept: str | None = None,
    fmt: str | None = None,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
    limit: int | None = 10_000,
    allowed: frozenset[str] = frozenset(),
) -> Reply:
    """Check and run ``query``; its answer in the negotiated format.

    Raises:
        UnsafeQueryError, QuerySyntaxError: the query is refused or cannot be read.
        NotAcceptableError: no format the client accepts fits the answer.
    """
    from cica_kg.query.lexer import oxigraph_view
    from cica_kg.query.safety import scan
    from cica_kg.query.sandbox import second_opinion

    found = scan(query, where="query", dialect="oxigraph", allow_service=allowed)
    chosen = negotiate.choose(found.form, accept, fmt)
    if found.services:
        scan(query, where="query", dialect="rdflib", allow_service=allowed)
        result = _federated(store, query, found.form, limit, allowed)
    else:
        second_opinion(oxigraph_view(query), where="query")
        answer = _query(store, query, default_graphs, named_graphs)
        result = to_result(found.form, answer, limit)
    return _reply(result, chosen)


def _query(store: Any, text: str, default: tuple[str, ...], named: tuple[str, ...]) -> Any:
    import pyoxigraph as ox

    if default or named:  # the request's dataset (SPARQL 1.1 Protocol, 2.1.4)
        default_graph: list[Any] = [ox.NamedNode(g) for g in default] or [ox.DefaultGraph()]
        named_graphs = [ox.NamedNode(g) for g in named]
    else:
        default_graph = [ox.NamedNode(g) for g in QUERY_DEFAULT_GRAPHS]
        named_graphs = None
    try:
        return store.query(text, default_graph=default_graph, named_graphs=named_graphs)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"query: SPARQL syntax error: {_first_line(exc)}") from exc
    except (RuntimeError, ValueError, OSError) as exc:
        raise QuerySyntaxError(f"query: the query cannot run: {_first_line(exc)}") from exc


def to_result(form: str, answer: Any, limit: int | None) -> QueryResult:
    """A pyoxigraph answer as a :class:`QueryResult`, cut at ``limit`` rows or triples."""
    result = QueryResult(form=form, limit=limit, engine="oxigraph")
    if form == "ASK":
        result.boolean = bool(answer)
    elif form == "SELECT":
        result.variables = tuple(v.value for v in answer.variables)
        rows: Iterator[Row] = (tuple(from_oxigraph(s[v]) for v in result.variables) for s in answer)
        result.rows, result.truncated = cap(rows, limit)
    else:
        triples: Iterator[Triple] = (
            (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))  # type: ignore[misc]
            for t in answer
        )
        result.triples, result.truncated = cap(triples, limit)
    return result


def _federated(
    store: Any, text: str, form: str, limit: int | None, allowed: frozenset[str]
) -> QueryResult:
    """A query with an allowed SERVICE: rdflib over the store's data (as the CLI runs it)."""
    from cica_kg.query.engines import rdflib_dataset, run_rdflib
    from cica_kg.query.federated import polite_service_calls
    from cica_kg.query.options import EngineOptions

    if "dataset" not in _STATE:
        _STATE["dataset"] = rdflib_dataset(store)
    options = EngineOptions(form=form, limit=limit, where="query", services=allowed)
    with polite_service_calls():
        return run_rdflib(_STATE["dataset"], text, options=options)


def _reply(result: QueryResult, fmt: str) -> Reply:
    if result.form in ("SELECT", "ASK"):
        body = formats.solutions(result, fmt)
    else:
        body = formats.graph(result.triples, fmt)
    headers = [("Vary", "Accept")]
    if result.truncated:
        headers.append((TRUNCATED_HEADER, str(result.limit)))
    return Reply(200, negotiate.MEDIA_TYPES[fmt], body, tuple(headers))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
