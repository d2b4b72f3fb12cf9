"""Federated competency queries (``queries/federated/*.rq``): join the graph with Wikidata.

They call ``SERVICE <https://query.wikidata.org/sparql>`` and so run only when the user
allows that endpoint by name (``allow_service={"wikidata"}``, the CLI's
``--allow-service wikidata``); otherwise they are skipped with a message saying how to allow
them. Any other ``SERVICE`` address is refused by the query layer's safety check
(:func:`cica_kg.query.safety.check_safe`). Evaluation uses rdflib's SERVICE support over the
local Dataset (linkset included); ``endpoint_overrides`` lets tests point the Wikidata
address at a local server that plays its role.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rdflib import Dataset

from cica_kg.httpclient import HttpError, Response, request
from cica_kg.query.safety import SERVICES, ServiceNotAllowedError, allowed_endpoints

__all__ = [
    "SERVICES",
    "WIKIDATA_SPARQL",
    "FederatedResult",
    "ServiceNotAllowedError",
    "allowed_endpoints",
    "federated_queries",
    "run_federated",
]

WIKIDATA_SPARQL = SERVICES["wikidata"]


@dataclass(frozen=True)
class FederatedResult:
    """The rows of a federated SELECT, as rdflib terms, with their variable names."""

    variables: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def federated_queries() -> list[Path]:
    """The shipped federated query files, in name order."""
    from cica_kg.resources import resource_dir

    return sorted((resource_dir("queries") / "federated").glob("*.rq"))


def run_federated(
    query: Path,
    dataset: Dataset,
    *,
    allow_service: Iterable[str] = (),
    endpoint_overrides: Mapping[str, str] | None = None,
    min_interval: float = 1.0,
) -> FederatedResult:
    """Run the federated ``query`` over ``dataset`` as the query layer sees it.

    The default graph is the text's graphs; the linkset and external data are reached with
    ``GRAPH`` (decision 0073).

    Raises:
        ServiceNotAllowedError: the query calls Wikidata and ``"wikidata"`` was not allowed
            (the message says to rerun with ``--allow-service wikidata``).
        UnsafeQueryError: the query calls a SERVICE that is never allowed, or updates.
    """
    from cica_kg.query.safety import check_safe
    from cica_kg.query.sandbox import confined

    text = query.read_text(encoding="utf-8")
    allowed = allowed_endpoints(allow_service)
    check_safe(text, where=query.name, allow_service=allowed, engine="rdflib")
    for iri, replacement in (endpoint_overrides or {}).items():
        if iri in allowed:
            text = text.replace(f"<{iri}>", f"<{replacement}>")
            allowed.add(replacement)
    prepared = prepare_federated(text, allowed=allowed, where=query.name)
    view = query_view(dataset)
    with polite_service_calls(min_interval=min_interval), confined(allowed):
        answer = view.query(prepared)
        rows = tuple(tuple(row) for row in answer if isinstance(row, tuple))
    variables = tuple(str(v) for v in answer.vars or ())
    return FederatedResult(variables, rows)


def prepare_federated(text: str, *, allowed: Iterable[str] = (), where: str = "query") -> Any:
    """Parse ``text`` for rdflib so that each ``SERVICE`` call is bound by what precedes it.

    rdflib passes the left side's bindings to a SERVICE (as ``VALUES``) only in a "lazy"
    join, and it marks a join lazy only when both sides are plain triple patterns; a
    ``GRAPH <…/linkset> { … }`` before the SERVICE would make it fetch the whole remote
    pattern unbound. Marking every join whose right side is a SERVICE lazy is always sound.
    The parse is checked as any query rdflib runs (:func:`cica_kg.query.sandbox.prepare`):
    a SERVICE may call only the ``allowed`` endpoints.

    Raises:
        QuerySyntaxError, UnsafeQueryError: see :func:`cica_kg.query.sandbox.prepare`.
    """
    from cica_kg.query.sandbox import prepare

    return prepare(text, where=where, allowed=set(allowed))


def query_view(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` whose default graph is the text's graphs (every graph kept)."""
    from cica_kg.query.engines import with_text_default_graph

    view = Dataset(default_union=False)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        view.graph(g).add((s, p, o))
    result: Dataset = with_text_default_graph(view)
    return result


@contextmanager
def polite_service_calls(timeout: float = 60.0, min_interval: float = 1.0) -> Iterator[None]:
    """Make rdflib's SERVICE calls polite while the block runs.

    rdflib sends one request per solution of the local part with its own User-Agent and no
    timeout; this replaces its ``urlopen`` with :func:`cica_kg.httpclient.request`: our
    User-Agent, the environment's proxies, a timeout, at least ``min_interval`` seconds
    between requests (one at a time: rdflib calls sequentially), one-line errors.
    """
    from rdflib.plugins.sparql import evaluate as evaluate_module

    evaluate: Any = evaluate_module  # rdflib does not export its urlopen; we replace it
    original = evaluate.urlopen
    last: list[float] = []

    def polite(prepared: Any, *args: Any, **kwargs: Any) -> _ServiceAnswer:
        if last and time.monotonic() - last[-1] < min_interval:
            time.sleep(min_interval - (time.monotonic() - last[-1]))
        last.append(time.monotonic())
        return _service_call(prepared, timeout)

    evaluate.urlopen = polite
    try:
        yield
    finally:
        evaluate.urlopen = original


class _ServiceAnswer(io.BytesIO):
    """What rdflib reads a SERVICE answer from, as from urlopen's: ``status``, ``read()``."""

    def __init__(self, answer: Response) -> None:
        super().__init__(answer.body)
        self.status = answer.status
        self.headers = answer.headers


def _service_call(prepared: Any, timeout: float) -> _ServiceAnswer:
    """Send rdflib's ``urllib.request.Request`` through the project's HTTP client.

    Raises:
        HttpError: no connection, a timeout, or an error status (as urlopen would raise).
    """
    url = prepared.full_url
    try:
        answer = request(
            prepared.get_method(),
            url,
            headers={k: v for k, v in prepared.header_items() if k.lower() != "user-agent"},
            body=prepared.data if isinstance(prepared.data, bytes) else None,
            connect_timeout=timeout,
        )
    except HttpError as exc:  # no network, no DNS, refused: say what could not be reached
        host = urlsplit(url).netloc
        reason = re.sub(r"^\[Errno -?\d+\]\s*", "", str(exc.reason or exc))
        raise HttpError(
            f"cannot reach {host} ({reason}); a federated query needs the network",
            exc.reason,
        ) from exc
    if not 200 <= answer.status < 300:
        raise HttpError(
            f"{urlsplit(url).netloc}: the SERVICE endpoint answered HTTP {answer.status} "
            f"({answer.reason or 'no reason given'}); try again later"
        )
    return _ServiceAnswer(answer)
