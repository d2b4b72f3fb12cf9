"""A local HTTP server that plays Wikidata's role, answering from tests/fixtures/wikidata/.

- ``GET /w/api.php?action=wbsearchentities&search=S&language=L`` → the file
  ``search/<L>/<slug(S)>.json``, or an empty search result when there is none.
- ``GET /sparql?query=Q`` (or a POSTed form) → ``sparql/<kind>-<QIDs>.json`` where
  ``kind`` is ``types`` (a P31/P279* type check), ``population`` (P1082) or
  ``head-of-state`` (P35) and the QIDs are those of the ``wd:`` items the query names
  (excluding the classes of a type check), sorted; an empty result set when there is no such file.

The server counts requests, records User-Agents, and can answer 429 with a Retry-After
first (``fail_first_with_429``) or never answer (``hang``) to test a client's politeness.

:func:`proxy_server` is a forwarding HTTP proxy for such loopback servers (``http_proxy``
tests); it refuses every ``CONNECT`` (``https_proxy`` tests need no TLS server).

:func:`canned_server` answers every request with one fixed body (or a stream of chunks) and
counts the requests: a SPARQL endpoint that answers junk, the wrong JSON shape or far too
much, and the target of SERVICE calls that must never be made.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cica_kg.iris import slug

FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
_QID = re.compile(r"(?:wd:|/entity/)(Q[1-9][0-9]*)")
_TYPE_CLASSES = re.compile(r"VALUES \?class \{([^}]*)\}")


@dataclass
class ServerState:
    """What the server saw and how it should misbehave."""

    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    fail_first_with_429: int = 0  # answer 429 to this many requests first
    retry_after: str = "1"
    hang: float = 0.0  # seconds to sleep before answering


def sparql_key(query: str) -> str:
    """The fixture file stem for a SPARQL query (see the module docstring)."""
    if "P1082" in query:
        kind = "population"
    elif "P35" in query:
        kind = "head-of-state"
    else:
        kind = "types"
    classes = set()
    match = _TYPE_CLASSES.search(query)
    if kind == "types" and match:
        classes = set(_QID.findall(match.group(1)))
    qids = sorted(set(_QID.findall(query)) - classes, key=lambda q: int(q[1:]))
    return f"{kind}-{'-'.join(qids)}"


def _answer(path: str, params: dict[str, list[str]]) -> bytes:
    if path.endswith("/api.php"):
        search = params.get("search", [""])[0]
        lang = params.get("language", ["en"])[0]
        file = FIXTURES / "search" / lang / f"{slug(search)}.json"
        if file.is_file():
            return file.read_bytes()
        return json.dumps({"searchinfo": {"search": search}, "search": [], "success": 1}).encode()
    query = params.get("query", [""])[0]
    file = FIXTURES / "sparql" / f"{sparql_key(query)}.json"
    if file.is_file():
        return file.read_bytes()
    return json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()


class _QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-answer (a query stopped by its timeout) is not an error of
    the test: the stdlib would print a traceback into the test's captured stderr."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def wikidata_server(state: ServerState | None = None) -> Iterator[tuple[str, ServerState]]:
    """Serve the fixtures on 127.0.0.1 (a free port); yield (base URL, state)."""
    seen = state or ServerState()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # rdflib POSTs long SERVICE queries as a form
            length = int(self.headers.get("Content-Length", "0"))
            form = self.rfile.read(length).decode("utf-8")
            self.path = f"{self.path}?{form}"
            self.do_GET()

        def do_GET(self) -> None:
            seen.requests.append(self.path)
            seen.user_agents.append(self.headers.get("User-Agent", ""))
            if seen.hang:
                time.sleep(seen.hang)
            if seen.fail_first_with_429 > 0:
                seen.fail_first_with_429 -= 1
                self.send_response(429)
                self.send_header("Retry-After", seen.retry_after)
                self.end_headers()
                return
            parts = urlsplit(self.path)
            body = _answer(parts.path, parse_qs(parts.query))
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Date", "Thu, 26 Nov 2026 10:00:00 GMT")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    with _serving(Handler) as url:
        yield url, seen


@dataclass
class ProxyState:
    """The request lines the proxy saw, e.g. ``GET http://127.0.0.1:8000/sparql?...``."""

    requests: list[str] = field(default_factory=list)


_HOP_BY_HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "host"}


@contextmanager
def proxy_server() -> Iterator[tuple[str, ProxyState]]:
    """A proxy on 127.0.0.1 (a free port) forwarding to 127.0.0.1 only; yield (URL, state)."""
    seen = ProxyState()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._forward(None)

        def do_POST(self) -> None:
            self._forward(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

        def do_CONNECT(self) -> None:
            seen.requests.append(f"CONNECT {self.path}")
            self.send_response(403)
            self.end_headers()

        def _forward(self, body: bytes | None) -> None:
            seen.requests.append(f"{self.command} {self.path}")
            parts = urlsplit(self.path)
            if parts.hostname != "127.0.0.1":  # loopback only: this machine has no internet
                self.send_error(502)
                return
            upstream = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=10)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            upstream.request(self.command, target, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            upstream.close()
            self.send_response_only(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in _HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    with _serving(Handler) as url:
        yield url, seen


EMPTY_RESULTS = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()


@contextmanager
def canned_server(
    body: bytes | Callable[[], Iterable[bytes]] = EMPTY_RESULTS,
    *,
    content_type: str = "application/sparql-results+json",
) -> Iterator[tuple[str, ServerState]]:
    """Answer every GET or POST with ``body`` (a callable: its chunks, streamed without a
    length); yield (base URL, state), ``state.requests`` holding each request line."""
    seen = ServerState()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.do_GET()

        def do_GET(self) -> None:
            seen.requests.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            if isinstance(body, bytes):
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.end_headers()
            for chunk in body():
                self.wfile.write(chunk)

        def log_message(self, format: str, *args: object) -> None:
            return

    with _serving(Handler) as url:
        yield url, seen
