"""Run a query safely: in a bounded worker, check it, bind its parameters and run it.

Everything that reads the query text (its header, the safety checks of both layers, the
parameters, the engine's own parse) happens in the worker process, under the time and
memory limits: a 10 MB query cannot outlast ``timeout`` in the checks any more than in the
engine. Oxigraph and rdflib evaluate inside native or pure-Python loops that a thread
cannot interrupt, but a process can be killed (:mod:`cica_kg.worker`). See
docs/decisions/0051-query-safety.md and 0083-query-refusal-by-parse.md.
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from cica_kg.errors import UsageError
from cica_kg.query.catalog import QueryFile, parse_query
from cica_kg.query.entities import entity_param
from cica_kg.query.options import EngineOptions
from cica_kg.query.params import bind
from cica_kg.query.results import QueryResult
from cica_kg.query.safety import Scan, scan
from cica_kg.worker import DEFAULT_MEMORY, TimeLimitError, call_with_timeout

ENGINES = ("oxigraph", "rdflib")
DEFAULT_TIMEOUT = 30.0
RECURSION_LIMIT = 20_000
"""Python's recursion limit in the worker: rdflib's parser recurses about 30 frames per
nested bracket and would fail near 30 levels with the default 1,000."""

QueryTimeoutError = TimeLimitError
"""A query ran past its time limit and was stopped (the worker was killed)."""


@dataclass(frozen=True)
class _Job:
    """Everything the worker needs to check and run one query."""

    query: QueryFile | str
    source: str
    params: Mapping[str, str]
    store: Path | None
    engine: str
    endpoint: str | None
    timeout: float | None
    limit: int | None
    with_labels: bool
    allowed: frozenset[str]
    service_urls: Mapping[str, str] = field(default_factory=dict)
    service_interval: float = 1.0


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
    memory: int | None = DEFAULT_MEMORY,
    source: str = "query",
) -> QueryResult:
    """Check, bind and run a query on the store (or an endpoint) and return its result.

    ``query`` is a parsed :class:`QueryFile` or the text itself (its header is read in the
    worker; ``source`` names it in messages). ``params`` are the raw ``NAME=VALUE``
    strings; they are checked against the query header and bound as RDF terms.
    ``timeout`` (seconds, None or 0 = no limit) and ``memory`` (bytes, None = no limit)
    bound the worker that does all of it; ``limit`` caps the rows and marks the result
    ``truncated``. ``allow_service`` lists the endpoint IRIs a ``SERVICE`` may call (see
    :data:`cica_kg.query.safety.SERVICES`); a query that calls one runs on rdflib with the
    polite client (our User-Agent, a timeout, ``service_interval`` seconds between calls);
    ``service_urls`` maps an allowed endpoint to the address actually called (tests: a
    local server playing Wikidata).

    Raises:
        UnsafeQueryError, QuerySyntaxError, ParameterError, UnknownQueryError: bad input.
        UsageError: an unknown engine, a row limit below 1, a time limit that is no number.
        StoreError: the store is missing or unreadable.
        QueryTimeoutError: the query ran past ``timeout``.
        MemoryLimitError: it needed more than ``memory`` bytes.
    """
    if not endpoint and engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if limit is not None and limit < 1:
        raise UsageError(f"the row limit must be at least 1, not {limit}")
    if timeout is not None and not (math.isfinite(timeout) and timeout >= 0):
        raise UsageError(f"the time limit must be a number of seconds >= 0, not {timeout}")
    allowed = frozenset(allow_service)
    job = _Job(
        query=query,
        source=source,
        params=dict(params or {}),
        store=None if endpoint else _store_dir(store_dir),
        engine=engine,
        endpoint=endpoint,
        timeout=timeout or None,
        limit=limit,
        with_labels=with_labels,
        allowed=allowed,
        service_urls={k: v for k, v in (service_urls or {}).items() if k in allowed},
        service_interval=service_interval,
    )
    what = query.name if isinstance(query, QueryFile) else source
    return call_with_timeout(partial(_check_and_run, job), timeout, what=what, memory=memory)


def _store_dir(store_dir: Path | None) -> Path:
    from cica_kg.store.oxigraph import default_store_dir, open_store

    directory = Path(store_dir) if store_dir is not None else default_store_dir()
    if not directory.exists():
        open_store(directory)  # raises the "run `cica-kg build` first" error here, not in a worker
    return directory


class _Opening:
    """The store, opened in a thread of the worker while the query is checked.

    RocksDB's open (a burst of short-lived threads, some 10 ms) releases the GIL, so it
    overlaps the checks; its error, if any, is raised after theirs (decision 0136).
    """

    def __init__(self, directory: Path) -> None:
        self._found: list[Any] = []
        self._thread = threading.Thread(target=self._open, args=(directory,), daemon=True)
        self._thread.start()

    def _open(self, directory: Path) -> None:
        from cica_kg.store.oxigraph import open_store

        try:
            self._found.append(open_store(directory))
        except BaseException as exc:  # raised in the worker's main thread by store()
            self._found.append(exc)

    def store(self) -> Any:
        """The open ``pyoxigraph.Store``.

        Raises:
            StoreError: the store cannot be opened.
        """
        self._thread.join()
        found = self._found[0]
        if isinstance(found, BaseException):
            raise found
        return found


def _check_and_run(job: _Job) -> QueryResult:
    """In the worker: read the header, check the text, bind the parameters, run."""
    opening = _Opening(job.store) if job.store is not None and not job.endpoint else None
    sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
    qf = job.query
    if not isinstance(qf, QueryFile):
        qf = parse_query(qf, source=job.source)
    found = _checked(qf, job)
    options = _options(qf, job, found)
    if job.endpoint:
        from cica_kg.query.engines import run_endpoint

        return run_endpoint(job.endpoint, qf.text, options=replace(options, timeout=job.timeout))
    assert opening is not None
    if found.services:
        return _federated_on_store(job, qf.text, options, opening)
    return _on_store(job, qf.text, options, opening)


def _checked(qf: QueryFile, job: _Job) -> Scan:
    """The first layer, as every engine that will read the text lexes it (the last scan's
    findings are kept: Oxigraph's reading of the raw text, where there is one)."""
    if job.endpoint:  # an unknown engine: both readings
        dialects = ["rdflib", "oxigraph"]
    else:
        dialects = ["rdflib" if job.engine == "rdflib" else "oxigraph"]
    found = Scan()
    for dialect in dialects:
        found = scan(qf.text, where=qf.source, dialect=dialect, allow_service=job.allowed)
    if found.services and not job.endpoint and "rdflib" not in dialects:
        scan(qf.text, where=qf.source, dialect="rdflib", allow_service=job.allowed)  # it runs
    return found


def _options(qf: QueryFile, job: _Job, found: Scan) -> EngineOptions:
    bindings = bind(qf.params, job.params, query=qf.name, prefixes=found.prefixes,
                    examples=qf.examples)  # fmt: skip
    return EngineOptions(
        form=found.form,
        bindings=bindings,
        limit=job.limit,
        where=qf.source,
        with_labels=job.with_labels,
        entity_param=entity_param(qf.params),
    )


def _federated_on_store(
    job: _Job, text: str, options: EngineOptions, opening: _Opening
) -> QueryResult:
    """A query with an allowed SERVICE: rdflib over the store's data, polite HTTP calls."""
    from cica_kg.query.engines import rdflib_dataset, run_rdflib
    from cica_kg.query.federated import polite_service_calls

    called = set(job.allowed)
    for iri, url in job.service_urls.items():
        text = text.replace(f"<{iri}>", f"<{url}>")
        called.add(url)
    dataset = rdflib_dataset(opening.store())
    with polite_service_calls(min_interval=job.service_interval):
        return run_rdflib(dataset, text, options=replace(options, services=frozenset(called)))


def _on_store(job: _Job, text: str, options: EngineOptions, opening: _Opening) -> QueryResult:
    """Oxigraph, after rdflib's parser gave its second opinion; or rdflib itself."""
    from cica_kg.query.engines import rdflib_dataset, run_oxigraph, run_rdflib
    from cica_kg.query.lexer import oxigraph_view
    from cica_kg.query.sandbox import second_opinion

    if job.engine == "rdflib":
        return run_rdflib(rdflib_dataset(opening.store()), text, options=options)
    second_opinion(oxigraph_view(text), where=options.where)
    return run_oxigraph(opening.store(), text, options=options)
