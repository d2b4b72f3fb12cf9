"""Run a query safely: check it, bind its parameters, run it in a worker with a timeout.

The worker is a forked process: Oxigraph and rdflib evaluate inside native or pure-Python
loops that a thread cannot interrupt, but a process can be killed, so a timeout really stops
the query. See docs/decisions/0051-query-safety.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path

from cica_kg.errors import UsageError
from cica_kg.query.catalog import QueryFile, parse_query
from cica_kg.query.entities import entity_param
from cica_kg.query.options import EngineOptions
from cica_kg.query.params import bind
from cica_kg.query.results import QueryResult
from cica_kg.query.safety import check_safe, prefixes, services_called, tokenize
from cica_kg.worker import TimeLimitError, call_with_timeout

ENGINES = ("oxigraph", "rdflib")
DEFAULT_TIMEOUT = 30.0


QueryTimeoutError = TimeLimitError
"""A query ran past its time limit and was stopped (the worker was killed)."""


def run_query(
    query: QueryFile | str,
    *,
    params: Mapping[str, str] | None = None,
    store_dir: Path | None = None,
    engine: str = "oxigraph",
    endpoint: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
    with_labels: bool = False,
    allow_service: Iterable[str] = (),
    service_urls: Mapping[str, str] | None = None,
    service_interval: float = 1.0,
) -> QueryResult:
    """Check, bind and run a query on the store (or an endpoint) and return its result.

    ``params`` are the raw ``NAME=VALUE`` strings; they are checked against the query header
    and bound as RDF terms. ``timeout`` (seconds, None = no limit) stops the query; ``limit``
    caps the rows and marks the result ``truncated``. ``allow_service`` lists the endpoint
    IRIs a ``SERVICE`` may call (see :data:`cica_kg.query.safety.SERVICES`); a query that
    calls one runs on rdflib with the polite client (our User-Agent, a timeout,
    ``service_interval`` seconds between calls); ``service_urls`` maps an allowed endpoint
    to the address actually called (tests: a local server playing Wikidata).

    Raises:
        UnsafeQueryError, QuerySyntaxError, ParameterError, UnknownQueryError: bad input.
        StoreError: the store is missing or unreadable.
        QueryTimeoutError: the query ran past ``timeout``.
    """
    qf = query if isinstance(query, QueryFile) else parse_query(query, source="query")
    form = check_safe(qf.text, where=qf.source, allow_service=allow_service)
    bindings = bind(qf.params, params or {}, query=qf.name, prefixes=prefixes(tokenize(qf.text)))
    options = EngineOptions(
        form=form,
        bindings=bindings,
        limit=limit,
        where=qf.source,
        with_labels=with_labels,
        entity_param=entity_param(qf.params),
    )
    if services_called(qf.text) and not endpoint:
        text = qf.text
        for iri, url in (service_urls or {}).items():
            text = text.replace(f"<{iri}>", f"<{url}>")
        directory = _store_dir(store_dir)
        federated = partial(_federated_on_store, directory, text, options, service_interval)
        return call_with_timeout(federated, timeout, what=qf.name)
    job = _job(qf.text, options, store_dir, engine=engine, endpoint=endpoint, timeout=timeout)
    return call_with_timeout(job, timeout, what=qf.name)


def _store_dir(store_dir: Path | None) -> Path:
    from cica_kg.store.oxigraph import default_store_dir, open_store

    directory = Path(store_dir) if store_dir is not None else default_store_dir()
    if not directory.exists():
        open_store(directory)  # raises the "run `cica-kg build` first" error here, not in a worker
    return directory


def _federated_on_store(
    directory: Path, text: str, options: EngineOptions, interval: float
) -> QueryResult:
    """A query with an allowed SERVICE: rdflib over the store's data, polite HTTP calls."""
    from cica_kg.query.engines import rdflib_dataset, run_rdflib
    from cica_kg.query.federated import polite_service_calls, prepare_federated
    from cica_kg.store.oxigraph import open_store

    dataset = rdflib_dataset(open_store(directory))
    with polite_service_calls(min_interval=interval):
        return run_rdflib(dataset, text, options=replace(options, prepare=prepare_federated))


def _job(
    text: str,
    options: EngineOptions,
    store_dir: Path | None,
    *,
    engine: str,
    endpoint: str | None,
    timeout: float | None,
) -> Callable[[], QueryResult]:
    if endpoint:
        from cica_kg.query.engines import run_endpoint

        return partial(run_endpoint, endpoint, text, options=replace(options, timeout=timeout))
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return partial(_on_store, _store_dir(store_dir), engine, text, options)


def _on_store(directory: Path, engine: str, text: str, options: EngineOptions) -> QueryResult:
    from cica_kg.query.engines import rdflib_dataset, run_oxigraph, run_rdflib
    from cica_kg.store.oxigraph import open_store

    store = open_store(directory)
    if engine == "rdflib":
        return run_rdflib(rdflib_dataset(store), text, options=options)
    return run_oxigraph(store, text, options=options)
