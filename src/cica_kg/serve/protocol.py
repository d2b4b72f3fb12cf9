"""A SPARQL 1.1 Protocol query request, read from HTTP (GET, POST form, POST direct).

Only queries: a request that carries an update (``update=``, ``application/sparql-update``)
is refused with 403 before anything reads it. Parameters are decoded as strict UTF-8; a
body is read up to :data:`MAX_BODY` bytes (more: 413). ``default-graph-uri`` and
``named-graph-uri`` name graphs of the store; ``format`` picks a format by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_BODY = 1 << 20
"""The largest request body read (1 MiB: far beyond any written query)."""
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
_SINGLE = ("query", "format")


class ProtocolError(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryRequest:
    """What a client asked: the query (None: no query, the service description) and options."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    fmt: str | None = None
    accept: str | None = None


async def read(request: Request) -> QueryRequest:
    """The SPARQL query request ``request`` carries.

    Raises:
        ProtocolError: 400 (malformed, not UTF-8, a parameter given twice), 403 (an
            update), 405 (another method), 413 (body over :data:`MAX_BODY`), 414 (a URL
            as long), 415 (a body of another media type).
    """
    raw = request.scope.get("query_string", b"")
    if len(raw) > MAX_BODY:
        raise ProtocolError(414, f"the URL is longer than {MAX_BODY >> 10} KiB; POST the query")
    params = _pairs(raw, "the URL")
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request)
        if media == FORM:
            params += _pairs(body, "the form body")
        elif media == DIRECT:
            params.append(("query", _utf8(body, "the query body")))
        elif media == UPDATE:
            raise ProtocolError(403, "updates are refused: this endpoint is read-only")
        else:
            raise ProtocolError(415, f"POST a query as {FORM} or {DIRECT}, not {media[:60]!r}")
    elif request.method not in ("GET", "HEAD"):
        raise ProtocolError(405, "use GET or POST")
    return _request(params, request.headers.get("accept"))


def _request(params: list[tuple[str, str]], accept: str | None) -> QueryRequest:
    names = [name for name, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(403, "updates are refused: this endpoint is read-only")
    for name in _SINGLE:
        if names.count(name) > 1:
            raise ProtocolError(400, f"the parameter {name!r} is given more than once")
    values = dict(params)
    return QueryRequest(
        query=values.get("query"),
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        fmt=values.get("format") or None,
        accept=accept,
    )


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused (413) as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request is larger than {limit >> 10} KiB; refused")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request is larger than {limit >> 10} KiB; refused")
        chunks.append(chunk)
    return b"".join(chunks)


def _pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(400, f"{where} is not valid URL-encoded UTF-8") from exc


def _utf8(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{where} is not valid UTF-8") from exc
