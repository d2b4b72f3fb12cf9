"""The three query engines: Oxigraph (the store), rdflib (the reference) and an HTTP endpoint.

Each takes the query text and its :class:`~cica_kg.query.options.EngineOptions` (form,
parameter bindings as :class:`Term`, row cap, ...) and returns an engine-neutral
:class:`QueryResult`. :mod:`cica_kg.query.runner` checks the text and runs an engine in a
bounded worker; the rdflib engine also runs the query it parsed and checked itself
(:mod:`cica_kg.query.sandbox`), and an endpoint's answer is read and parsed within caps.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from cica_kg.errors import InputError
from cica_kg.query.entities import bind_entities
from cica_kg.query.options import EngineOptions
from cica_kg.query.results import (
    QueryResult,
    Row,
    Term,
    Triple,
    cap,
    from_oxigraph,
    from_rdflib,
)
from cica_kg.query.safety import QuerySyntaxError, syntax_error
from cica_kg.query.substitute import values_everywhere

_LABEL_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?l WHERE {{
  VALUES ?s {{ {values} }}
  {{ ?s rdfs:label|skos:prefLabel ?l }} UNION {{ GRAPH ?g {{ ?s rdfs:label ?l }} }}
}}"""
"""Labels for display come from every graph (a state only the external data names)."""


def _labels(rows: Iterable[tuple[Term | None, Term | None]]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for subject, label in sorted(rows, key=str):
        if subject is not None and label is not None:
            labels.setdefault(subject.value, {}).setdefault(label.lang or "", label.value)
    return labels


def _label_query(iris: set[str]) -> str | None:
    if not iris:
        return None
    return _LABEL_QUERY.format(values=" ".join(Term("uri", i).n3() for i in sorted(iris)))


# --- Oxigraph ------------------------------------------------------------------------------


def run_oxigraph(store: Any, text: str, *, options: EngineOptions) -> QueryResult:
    """Run ``text`` on a pyoxigraph ``Store``; its default graph is the text's graphs.

    The default graph is :data:`cica_kg.store.QUERY_DEFAULT_GRAPHS` (facts, evidence,
    ontology, inferences); every named graph, linkset and external data included, is
    reachable with ``GRAPH`` (decision 0073). ``options.entity_param`` names the query's
    ``entity`` parameter, resolved first to ``?entity`` (:mod:`cica_kg.query.entities`).
    """
    import pyoxigraph as ox

    from cica_kg.query.results import to_oxigraph
    from cica_kg.store.oxigraph import default_graph

    started = time.perf_counter()
    text = bind_entities(partial(run_oxigraph, store), text, options=options)
    subs = {ox.Variable(k): to_oxigraph(v) for k, v in options.bindings.items()}
    try:
        answer = store.query(text, default_graph=default_graph(), substitutions=subs or None)
    except SyntaxError as exc:
        raise syntax_error(str(exc), where=options.where) from exc
    except RuntimeError as exc:  # e.g. a parameter missing from the SELECT projection
        raise QuerySyntaxError(f"{options.where}: the query cannot run: {exc}") from exc
    form, limit = options.form, options.limit
    result = QueryResult(form=form, limit=limit, engine="oxigraph")
    if form == "ASK":
        result.boolean = bool(answer)
    elif form == "SELECT":
        result.variables = tuple(v.value for v in answer.variables)
        # a solution iterates over its values in the order of answer.variables: half the
        # cost of looking each variable up (decision 0137)
        rows = (tuple(map(from_oxigraph, solution)) for solution in answer)
        result.rows, result.truncated = cap(rows, limit)
    else:
        triples = (_ox_triple(t) for t in answer)
        result.triples, result.truncated = cap(triples, limit)
    result.seconds = time.perf_counter() - started
    if options.with_labels and (query := _label_query(result.iris())):
        found = store.query(query, default_graph=default_graph())
        result.labels = _labels((from_oxigraph(s["s"]), from_oxigraph(s["l"])) for s in found)
    return result


def _ox_triple(triple: Any) -> Triple:
    s = from_oxigraph(triple.subject)
    p = from_oxigraph(triple.predicate)
    o = from_oxigraph(triple.object)
    assert s is not None and p is not None and o is not None
    return (s, p, o)


# --- rdflib (reference engine) -------------------------------------------------------------


def rdflib_dataset(store: Any) -> Any:
    """An rdflib ``Dataset`` holding every quad of a pyoxigraph store, set up as Oxigraph's.

    Every named graph is kept; the default graph holds a copy of the graphs of
    :data:`cica_kg.store.QUERY_DEFAULT_GRAPHS`, so both engines answer the same question
    from the same data (rdflib's SPARQL skips the default graph in ``GRAPH ?g``).
    """
    import pyoxigraph as ox
    from rdflib import Dataset

    dataset = Dataset(default_union=False)
    dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return with_text_default_graph(dataset)


def with_text_default_graph(dataset: Any) -> Any:
    """Fill the default graph of an rdflib ``Dataset`` with its text graphs (see above)."""
    from rdflib import URIRef

    from cica_kg.store.oxigraph import QUERY_DEFAULT_GRAPHS

    dataset.default_union = False
    default = dataset.default_graph
    present = {graph.identifier for graph in dataset.graphs()}
    for name in QUERY_DEFAULT_GRAPHS:
        if URIRef(name) in present:  # dataset.graph() would add a missing graph
            for triple in dataset.graph(URIRef(name)):
                default.add(triple)
    return dataset


def run_rdflib(dataset: Any, text: str, *, options: EngineOptions) -> QueryResult:
    """Run ``text`` with rdflib's SPARQL engine on ``dataset`` (see :func:`rdflib_dataset`).

    The text is parsed and checked by :func:`cica_kg.query.sandbox.prepare` (no FROM, no
    SERVICE but to ``options.services``) and that parsed query is what runs, confined
    (:func:`cica_kg.query.sandbox.confined`); ``options.entity_param`` as for
    :func:`run_oxigraph`.

    Raises:
        QuerySyntaxError: rdflib cannot parse the query.
        UnsafeQueryError: the query loads other graphs or calls an endpoint not allowed.
    """
    from cica_kg.query.results import to_rdflib
    from cica_kg.query.sandbox import confined, prepare

    started = time.perf_counter()
    text = bind_entities(partial(run_rdflib, dataset), text, options=options)
    init = {k: to_rdflib(v) for k, v in options.bindings.items()}
    namespaces = {prefix: iri for prefix, iri in dataset.namespaces()}
    query = prepare(text, where=options.where, allowed=options.services, init_ns=namespaces)
    with confined(options.services):
        result = _rdflib_result(dataset.query(query, initBindings=init), options)
        result.seconds = time.perf_counter() - started
        if options.with_labels and (label_query := _label_query(result.iris())):
            found = dataset.query(label_query)
            result.labels = _labels((from_rdflib(r[0]), from_rdflib(r[1])) for r in found)
    return result


def _rdflib_result(answer: Any, options: EngineOptions) -> QueryResult:
    form, limit = options.form, options.limit
    result = QueryResult(form=form, limit=limit, engine="rdflib")
    if form == "ASK":
        result.boolean = bool(answer.askAnswer)
    elif form == "SELECT":
        result.variables = tuple(str(v) for v in answer.vars or ())
        rows: Iterator[Row] = (tuple(from_rdflib(t) for t in r) for r in answer)
        result.rows, result.truncated = cap(rows, limit)
    else:
        triples = (tuple(from_rdflib(t) for t in triple) for triple in answer.graph)
        result.triples, result.truncated = cap(triples, limit)
    return result


# --- SPARQL 1.1 protocol endpoint ----------------------------------------------------------


def run_endpoint(url: str, text: str, *, options: EngineOptions) -> QueryResult:
    """Run ``text`` on a SPARQL 1.1 endpoint over HTTP (POST, standard result formats).

    The protocol cannot bind variables, so parameters become a ``VALUES`` block of escaped
    RDF terms at the top of the WHERE group; ``options.entity_param`` as for
    :func:`run_oxigraph` (the look-up runs on the endpoint too); ``options.timeout`` bounds
    connecting and each read. At most ``options.max_bytes`` of an answer are read, and
    rows are parsed one by one up to the row cap, so a huge answer costs no memory.

    Raises:
        InputError: the endpoint cannot be reached, answers with an error, too much, or
            something that is not SPARQL results of the query's form.
    """
    started = time.perf_counter()
    text = bind_entities(partial(run_endpoint, url), text, options=options)
    query = values_everywhere(text, {k: v.n3() for k, v in options.bindings.items()})
    result = QueryResult(form=options.form, limit=options.limit, engine="endpoint")
    if options.form in ("SELECT", "ASK"):
        answer = _results(url, _post(url, query, "application/sparql-results+json", options))
        if options.form == "ASK":
            result.boolean = _boolean(url, answer)
        else:
            result.variables, rows = _solutions(url, answer)
            result.rows, result.truncated = cap(rows, options.limit)
    else:
        body = _post(url, query, "application/n-triples", options)
        result.triples, result.truncated = cap(_triples(url, body), options.limit)
    result.seconds = time.perf_counter() - started
    if options.with_labels and (label_query := _label_query(result.iris())):
        body = _post(url, label_query, "application/sparql-results+json", options)
        names, found = _solutions(url, _results(url, body))
        if "s" in names and "l" in names:
            s, lab = names.index("s"), names.index("l")
            result.labels = _labels((row[s], row[lab]) for row in found)
    return result


def _results(url: str, body: bytes) -> Any:
    """The endpoint's SPARQL JSON results, parsed lazily (pyoxigraph checks their shape)."""
    import pyoxigraph as ox

    try:
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise _not_results(url, exc) from exc


def _not_results(url: str, exc: BaseException) -> InputError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(f"{url}: the endpoint's answer is not SPARQL JSON results ({reason})")


def _boolean(url: str, answer: Any) -> bool:
    if type(answer).__name__ != "QueryBoolean":
        raise InputError(f"{url}: the endpoint answered an ASK query with rows, not yes or no")
    return bool(answer)


def _solutions(url: str, answer: Any) -> tuple[tuple[str, ...], Iterator[Row]]:
    if type(answer).__name__ == "QueryBoolean":
        raise InputError(f"{url}: the endpoint answered a SELECT query with yes or no")
    variables = tuple(v.value for v in answer.variables)

    def rows() -> Iterator[Row]:
        try:
            for solution in answer:
                yield tuple(from_oxigraph(solution[v]) for v in variables)
        except (SyntaxError, TypeError) as exc:
            raise _not_results(url, exc) from exc

    return variables, rows()


def _triples(url: str, body: bytes) -> Iterator[Triple]:
    import pyoxigraph as ox

    try:
        for triple in ox.parse(body, ox.RdfFormat.N_TRIPLES):
            yield _ox_triple(triple)
    except (SyntaxError, TypeError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{url}: the endpoint's answer is not N-Triples ({reason})") from exc


def _protocol_params(query: str) -> dict[str, Any]:
    """The query and the dataset of :func:`run_oxigraph` (SPARQL 1.1 Protocol, 2.1.4): the
    text's graphs as the default graph, every graph of a build as a named graph (an
    endpoint's own default graph, e.g. Oxigraph's, is empty for a store of named graphs)."""
    from cica_kg import graphs

    return {
        "query": query,
        "default-graph-uri": list(graphs.QUERY_DEFAULT),
        "named-graph-uri": [*graphs.QUERY_DEFAULT, *graphs.SEPARATE],
    }


def _post(url: str, query: str, accept: str, options: EngineOptions) -> bytes:
    """The body of the endpoint's answer to ``query`` (one-line errors for the CLI)."""
    from urllib.parse import urlencode, urlsplit

    from cica_kg.httpclient import HttpError, ResponseTooLargeError, request

    if urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"--endpoint {url}: expected an http:// or https:// URL")
    try:
        answer = request(
            "POST",
            url,
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            body=urlencode(_protocol_params(query), doseq=True).encode("utf-8"),
            connect_timeout=options.timeout,
            max_bytes=options.max_bytes,
        )
    except ResponseTooLargeError as exc:
        raise InputError(
            f"{url}: the endpoint's answer is larger than {options.max_bytes >> 20} MB; "
            "refused (ask for fewer rows with LIMIT)"
        ) from exc
    except HttpError as exc:
        raise InputError(f"{url}: cannot reach the SPARQL endpoint ({exc.reason})") from exc
    if 200 <= answer.status < 300:
        return answer.body
    detail = answer.body.decode("utf-8", "replace").strip().splitlines()
    message = detail[0] if detail else answer.reason
    if answer.status == 400:
        raise syntax_error(str(message), where=options.where)
    raise InputError(f"{url}: the endpoint answered HTTP {answer.status} ({message})")
