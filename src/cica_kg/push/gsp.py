"""A SPARQL 1.1 Graph Store HTTP Protocol client: replace, append to and delete named graphs.

``PUT ?graph=IRI`` replaces a graph, ``POST`` adds to it, ``DELETE`` removes it (W3C SPARQL
1.1 Graph Store HTTP Protocol, sections 5.3-5.5). Bodies are N-Triples sent as Turtle (every
store reads ``text/turtle``; N-Triples is a subset of it). Every failure is one line naming
the server, the request and what to do, with the server's own message when it sent one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from cica_kg.errors import CicaKgError, UsageError
from cica_kg.httpclient import HttpError, Response
from cica_kg.push.auth import PASSWORD_ENV, Authorizer

CONTENT_TYPE = "text/turtle; charset=utf-8"
_GUESSES = (  # (end of the query endpoint's path, graph store without, with credentials)
    ("/sparql-auth", "/sparql-graph-crud-auth", "/sparql-graph-crud-auth"),  # Virtuoso
    ("/sparql", "/sparql-graph-crud", "/sparql-graph-crud-auth"),  # Virtuoso
    ("/query", "/store", "/store"),  # Oxigraph server
)
_PRE = re.compile(r"<(xmp|pre)[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
MESSAGE_CHARS = 300


class PushError(CicaKgError):
    """The graph store could not be reached, refused the request or failed to load a graph."""

    exit_code = 2


def guess_graph_store(endpoint: str, *, authenticated: bool) -> str:
    """The graph store URL that goes with a query ``endpoint`` by a known store's convention.

    ``…/sparql`` is Virtuoso's (``/sparql-graph-crud``, ``/sparql-graph-crud-auth`` with
    credentials), ``…/query`` Oxigraph's (``/store``).

    Raises:
        UsageError: the endpoint's path follows none of these conventions.
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for end, plain, with_auth in _GUESSES:
        if path.endswith(end):
            store_path = path[: -len(end)] + (with_auth if authenticated else plain)
            return urlunsplit((parts.scheme, parts.netloc, store_path, "", ""))
    raise UsageError(
        f"--endpoint {endpoint}: cannot tell where its graph store is; give --graph-store URL"
    )


@dataclass
class GraphStore:
    """The graph store at ``url``; ``authorizer`` answers its 401 challenges."""

    url: str
    authorizer: Authorizer | None = None
    timeout: float | None = 120.0

    def replace(self, graph: str, body: bytes) -> None:
        """Replace named graph ``graph`` with the triples of ``body`` (PUT)."""
        self._send("PUT", graph, body)

    def append(self, graph: str, body: bytes) -> None:
        """Add the triples of ``body`` to named graph ``graph`` (POST)."""
        self._send("POST", graph, body)

    def delete(self, graph: str) -> None:
        """Remove named graph ``graph``; a graph the store does not have is no error."""
        self._send("DELETE", graph, None, missing_ok=True)

    def graph_url(self, graph: str) -> str:
        """The request URL for ``graph`` (indirect identification, ``?graph=IRI``)."""
        parts = urlsplit(self.url)
        query = "&".join(filter(None, [parts.query, urlencode({"graph": graph})]))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))

    def _send(self, method: str, graph: str, body: bytes | None, *, missing_ok: bool = False
              ) -> None:  # fmt: skip
        url = self.graph_url(graph)
        if self.authorizer is not None and not self.authorizer.scheme and body:
            self._learn(method, url)
        answer = self._request(method, url, body)
        if 200 <= answer.status < 300 or (missing_ok and answer.status == 404):
            return
        raise PushError(self._failure(method, graph, answer.status, answer.reason,
                                      server_message(answer.body)))  # fmt: skip

    def _request(self, method: str, url: str, body: bytes | None) -> Response:
        """Send, answering one 401 challenge. A server may refuse a big body unread and
        close (Virtuoso does): so the challenge is learnt with an empty body of the same
        method, harmless here (an empty PUT before the PUT that replaces the graph; an
        empty POST adds nothing), and a reset connection is retried once after it."""
        from cica_kg.httpclient import request

        headers = {"Content-Type": CONTENT_TYPE} if body is not None else {}
        for attempt in range(2):
            signed = dict(headers)
            if self.authorizer is not None and (auth := self.authorizer.header(method, url)):
                signed["Authorization"] = auth
            try:
                answer = request(method, url, headers=signed, body=body,
                                 connect_timeout=self.timeout)  # fmt: skip
            except HttpError as exc:
                if attempt or self.authorizer is None or not body:
                    raise self._unreachable(exc) from exc
                self._learn(method, url)  # a stale challenge, refused unread
                continue
            challenge = answer.headers.get("www-authenticate", "")
            if (answer.status != 401 or attempt or self.authorizer is None
                    or not self.authorizer.learn(challenge)):  # fmt: skip
                break
        return answer

    def _learn(self, method: str, url: str) -> None:
        """One unsigned request with an empty body, for the server's challenge (see above)."""
        from cica_kg.httpclient import request

        assert self.authorizer is not None
        try:
            answer = request(method, url, headers={"Content-Type": CONTENT_TYPE}, body=b"",
                             connect_timeout=self.timeout)  # fmt: skip
        except HttpError as exc:
            raise self._unreachable(exc) from exc
        if answer.status == 401:
            self.authorizer.learn(answer.headers.get("www-authenticate", ""))

    def _unreachable(self, exc: HttpError) -> PushError:
        return PushError(f"{self.url}: cannot reach the graph store ({exc.reason}); "
                         "check the URL and that the server is running")

    def _failure(self, method: str, graph: str, status: int, reason: str, said: str) -> str:
        where = f"{self.url}: {method} of graph <{graph}> answered HTTP {status} {reason}".rstrip()
        told = f" ({said})" if said else ""
        if status == 401:
            user = self.authorizer.credentials.user if self.authorizer else None
            hint = (f"the server refused user {user}'s password" if user else
                    f"give --user NAME and its password in ${PASSWORD_ENV} or ~/.netrc")
            return f"{where}{told}; {hint}"  # fmt: skip
        if status == 403:
            return (f"{where}{told}; this user may not write graphs (Virtuoso: push to "
                    "/sparql-graph-crud-auth with --user, a user in SPARQL_UPDATE)")
        return f"{where}{told}"


def server_message(body: bytes) -> str:
    """The gist of an error body on one line: an HTML page's ``<pre>``/``<xmp>`` text (Virtuoso
    puts its message there) or all its text, else the first non-empty line; shortened."""
    text = body.decode("utf-8", "replace")
    if "<" in text and re.search(r"<(html|body|h1|p|pre|xmp)\b", text, re.IGNORECASE):
        found = _PRE.findall(text)
        text = " ".join(inner for _tag, inner in found) if found else _TAG.sub(" ", text)
        text = html.unescape(text)
    else:
        text = next((line for line in text.splitlines() if line.strip()), "")
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"
