"""The routes: ``/sparql`` (and ``/query``), ``/`` (YASGUI), ``/id/…``, ``/ontology``.

Everything that reads the store runs in the worker pool (:mod:`cica_kg.serve.pool`); this
module only reads requests, hands jobs over and writes replies. Every answer that depends
on ``Accept`` says ``Vary: Accept``; errors are one plain-text line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cica_kg.errors import UsageError
from cica_kg.serve import negotiate, protocol
from cica_kg.serve.pool import Pool
from cica_kg.serve.reply import Reply, error

LOG = logging.getLogger("cica_kg.serve")
STATIC = Path(__file__).parent / "static"
Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class Settings:
    """How the server runs (the ``cica-kg serve`` options)."""

    store_dir: Path
    timeout: float = 10.0
    limit: int = 10_000
    workers: int = 4
    queue: int = 32
    memory: int | None = 2048 << 20
    cors: tuple[str, ...] = ()
    allowed: frozenset[str] = field(default_factory=frozenset)


def create_app(settings: Settings) -> Starlette:
    """The ASGI application; its lifespan starts and stops the worker pool."""
    pool = Pool(settings.store_dir, size=settings.workers, queue=settings.queue,
                memory=settings.memory)  # fmt: skip

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        LOG.info("query workers ready (pids %s)", " ".join(map(str, pool.pids())))
        try:
            yield
        finally:
            await pool.close()
            LOG.info("query workers stopped")

    routes = [
        Route("/", _index, methods=["GET", "HEAD"]),
        Route("/sparql", _sparql, methods=["GET", "HEAD", "POST"]),
        Route("/query", _sparql, methods=["GET", "HEAD", "POST"]),
        Route("/id/{rest:path}", _entity, methods=["GET", "HEAD"]),
        Route("/ontology", _ontology, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [Middleware(AccessLog)]
    if settings.cors:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors),
                                     allow_methods=["GET", "POST"], allow_headers=["*"],
                                     expose_headers=["Cica-Kg-Truncated"]))  # fmt: skip
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.pool, app.state.settings, app.state.cache = pool, settings, {}
    return app


def to_response(reply: Reply) -> Response:
    """A worker's :class:`Reply` as a Starlette response."""
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type,
                    headers=dict(reply.headers))  # fmt: skip


async def _sparql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        asked = await protocol.read(request)
    except protocol.ProtocolError as exc:
        return to_response(error(exc.status, str(exc)))
    if asked.query is None and request.method == "POST":
        return to_response(error(400, "no query: send it as the parameter 'query'"))
    if asked.query is None:
        from cica_kg.serve.description import service_description

        return to_response(service_description(str(request.url.replace(query="")), asked))
    job = ("sparql", {
        "query": asked.query, "accept": asked.accept, "fmt": asked.fmt,
        "default_graphs": asked.default_graphs, "named_graphs": asked.named_graphs,
        "limit": settings.limit, "allowed": settings.allowed,
    })  # fmt: skip
    return await _run(request, job)


async def _entity(request: Request) -> Response:
    from cica_kg.prefixes import PREFIXES

    asked = request.query_params.get("format")
    try:
        if asked:
            fmt = asked if asked == "html" else negotiate.choose("DESCRIBE", None, asked)
        else:
            fmt = negotiate.choose_page(request.headers.get("accept"))
    except negotiate.NotAcceptableError as exc:
        return to_response(error(406, str(exc)))
    except UsageError as exc:
        return to_response(error(400, str(exc)))
    iri = PREFIXES["cicar"] + request.path_params["rest"]
    return await _run(request, ("entity", {"iri": iri, "fmt": fmt}))


async def _ontology(request: Request) -> Response:
    try:
        fmt = negotiate.choose_page(request.headers.get("accept"))
    except negotiate.NotAcceptableError as exc:
        return to_response(error(406, str(exc)))
    if fmt == "html":
        return to_response(await _cached(request, "ontology"))
    from cica_kg.serve.formats import ontology_file

    return to_response(ontology_file(fmt))


async def _index(request: Request) -> Response:
    import json

    from cica_kg.serve.ui import index_page

    reply = await _cached(request, "examples")
    if reply.status != 200:
        return to_response(reply)
    page = index_page(json.loads(reply.body))
    return Response(page, media_type="text/html; charset=utf-8")


async def _cached(request: Request, kind: str) -> Reply:
    """The reply to a job that needs no arguments, made once (the store does not change)."""
    cache: dict[str, Reply] = request.app.state.cache
    if kind not in cache:
        pool: Pool = request.app.state.pool
        reply = await pool.run((kind, {}), timeout=120.0)
        if reply.status != 200:
            return reply
        cache[kind] = reply
    return cache[kind]


async def _run(request: Request, job: Any) -> Response:
    settings: Settings = request.app.state.settings
    pool: Pool = request.app.state.pool
    reply = await pool.run(job, timeout=settings.timeout or None, gone=lambda: _gone(request))
    return to_response(reply)


async def _gone(request: Request) -> None:
    """Complete when the client disconnects."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


class AccessLog:
    """Log one line per request: client, method, path (no query string), status, time."""

    def __init__(self, app: ASGI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [0]

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = (scope.get("client") or ("-",))[0]
            ms = (time.perf_counter() - started) * 1000
            LOG.info('%s "%s %s" %s %.0f ms', client, scope["method"], scope["path"][:200],
                     status[0] or "-", ms)  # fmt: skip
