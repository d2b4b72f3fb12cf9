"""A polite HTTP client for online reconciliation, with an on-disk response cache.

Polite means (decision 0071): one request at a time, at least ``min_interval`` seconds apart,
a descriptive User-Agent, separate connect and read timeouts, ``Retry-After`` honoured on
429/503 (up to ``max_wait`` seconds, ``max_retries`` times), and every successful response
cached on disk under a key derived from the request, so a second run makes no request.
A corrupt cache file is reported as a warning and fetched again. An ``offline`` client
answers from the cache only (a rebuild replaying ``cica-kg link --online``, decision 0078):
what the cache lacks raises :class:`NotCachedError` and no request is ever made.

Every HTTP request of the project goes through :func:`request` (decision 0071's client, the
query layer's ``--endpoint`` and ``SERVICE`` calls): urllib underneath, so ``http_proxy``,
``https_proxy`` and ``no_proxy`` from the environment are honoured; the project User-Agent;
separate connect and read timeouts; failures raised as :class:`HttpError`, one line each.
"""

from __future__ import annotations

import email.utils
import functools
import hashlib
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from cica_kg.errors import CicaKgError
from cica_kg.files import write_atomic

USER_AGENT = "cica-kg/0.1 (https://w3id.org/cica-kg; contact in README)"


class HttpError(CicaKgError):
    """A web service could not be reached, timed out, or sent a broken answer."""

    exit_code = 2

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message  # the bare cause, e.g. "timed out"


class ResponseTooLargeError(HttpError):
    """An answer was longer than the caller's ``max_bytes`` (it was not read further)."""


class ReconciliationError(CicaKgError):
    """An online service could not be reached, refused, or answered with an error."""

    exit_code = 2


class NotCachedError(ReconciliationError):
    """An offline client was asked for an answer its cache does not hold."""


@dataclass(frozen=True)
class CachedResponse:
    """A JSON response body and the date the service sent it (``YYYY-MM-DD`` or "")."""

    body: Any
    date: str


@dataclass(frozen=True)
class Response:
    """An HTTP answer of any status: header names lower-cased, the whole body read."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    reason: str = ""  # the status line's reason phrase, e.g. "Bad Request"


def request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    max_bytes: int | None = None,
) -> Response:
    """Send one HTTP request through the environment's proxies and return the answer.

    An error status is an answer, not an exception; redirects are followed as urllib does.
    ``User-Agent`` defaults to :data:`USER_AGENT`; ``read_timeout`` defaults to
    ``connect_timeout`` (None: wait for ever).

    >>> url = "https://query.wikidata.org/sparql?query=ASK{}"
    >>> answer = request("GET", url, headers={"Accept": "application/json"})  # doctest: +SKIP
    >>> answer.status, answer.headers["content-type"]  # doctest: +SKIP
    (200, 'application/sparql-results+json;charset=utf-8')

    Raises:
        HttpError: not an http(s) URL, no connection, a timeout, a broken HTTP answer, or
            a body longer than ``max_bytes``.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise HttpError(f"{url}: expected an http:// or https:// URL")
    sent = {"User-Agent": USER_AGENT} if not _has(headers or {}, "user-agent") else {}
    prepared = urllib.request.Request(
        url, data=body, headers={**sent, **(headers or {})}, method=method
    )
    read = connect_timeout if read_timeout is None else read_timeout
    try:
        with _open(prepared, connect_timeout, read) as answer:
            headers_seen = {k.lower(): v for k, v in answer.headers.items()}
            data = _read(answer, max_bytes, url)
            return Response(answer.status, headers_seen, data, str(answer.reason or ""))
    except (OSError, ValueError, http.client.HTTPException) as exc:  # URLError is an OSError
        raise _translate(url, exc) from exc


def _has(headers: Mapping[str, str], name: str) -> bool:
    return any(key.lower() == name for key in headers)


def _open(prepared: urllib.request.Request, connect: float | None, read: float | None) -> Any:
    """urllib's answer (an error status included), proxies from the environment."""
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler(), _HTTPHandler(read), _HTTPSHandler(read)
    )
    try:
        return opener.open(prepared, timeout=connect)
    except urllib.error.HTTPError as exc:  # a status urllib calls an error is still an answer
        return exc


def _read(answer: Any, max_bytes: int | None, url: str) -> bytes:
    body: bytes = answer.read() if max_bytes is None else answer.read(max_bytes + 1)
    if max_bytes is not None and len(body) > max_bytes:
        raise ResponseTooLargeError(
            f"{_host(url)}: the answer is larger than {max_bytes} bytes; refused"
        )
    return body


def _translate(url: str, exc: BaseException) -> HttpError:
    """One line saying what went wrong, from urllib's or http.client's exception."""
    cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if not isinstance(cause, BaseException):  # urllib's own complaint, a string
        return HttpError(f"{_host(url)}: {cause}", str(cause))
    if isinstance(cause, TimeoutError):
        return HttpError(f"{_host(url)}: timed out; try again later", str(cause))
    if isinstance(cause, ValueError):  # e.g. http.client.InvalidURL: a port that is no number
        return HttpError(f"{url}: not a usable URL ({cause})", str(cause))
    if isinstance(cause, OSError):
        return HttpError(f"{_host(url)}: {cause.strerror or cause}", str(cause))
    return HttpError(f"{_host(url)}: bad HTTP answer ({cause!r})", str(cause))


class _ReadTimeout(http.client.HTTPConnection):
    """A connection that connects within its ``timeout`` and then reads within another."""

    def __init__(self, *args: Any, read_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()  # TCP, a proxy's CONNECT tunnel, TLS: all within ``timeout``
        if self.sock is not None:
            self.sock.settimeout(self.read_timeout)


class _HTTPSReadTimeout(_ReadTimeout, http.client.HTTPSConnection):
    """:class:`_ReadTimeout` over TLS."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float | None) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_ReadTimeout, read_timeout=self.read_timeout)
        return self.do_open(connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float | None) -> None:
        super().__init__()
        self.read_timeout = read_timeout

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = functools.partial(_HTTPSReadTimeout, read_timeout=self.read_timeout)
        return self.do_open(connection, req)


@dataclass
class PoliteClient:
    """GET JSON from a web API, one request at a time, through an on-disk cache."""

    cache_dir: Path
    user_agent: str = USER_AGENT
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    min_interval: float = 1.0
    max_retries: int = 3
    max_wait: float = 120.0
    offline: bool = False  # answer from the cache only; a miss raises NotCachedError
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_made: int = 0
    warnings: list[str] = field(default_factory=list)
    _last: float | None = None

    def get_json(self, url: str, params: Mapping[str, str]) -> CachedResponse:
        """The JSON answer to ``GET url?params``, from the cache when it has it.

        Raises:
            NotCachedError: the client is ``offline`` and the cache lacks the answer.
            ReconciliationError: timeout, refused connection, an error status, a body that
                is not JSON or not of the shape Wikidata's APIs send, or a Retry-After longer
                than ``max_wait``.
        """
        full_url = f"{url}?{urlencode(sorted(params.items()))}"
        path = self.cache_dir / (hashlib.sha256(f"GET {full_url}".encode()).hexdigest() + ".json")
        cached = self._read_cache(path, full_url)
        if cached is not None:
            return cached
        if self.offline:
            raise NotCachedError(f"{_host(full_url)}: no cached answer in {self.cache_dir}")
        answer = self._fetch(full_url)
        try:
            data = json.loads(answer.body)
        except ValueError as exc:
            raise ReconciliationError(f"{_host(full_url)}: answer is not JSON ({exc})") from exc
        problem = self._cache_problem({"url": full_url, "body": data}, full_url)
        if problem is not None:  # the shape the linking stage reads, checked before it reads it
            raise ReconciliationError(f"{_host(full_url)}: unexpected answer ({problem})")
        response = CachedResponse(data, _date(answer.headers.get("date", "")))
        self._write_cache(path, full_url, response)
        return response

    def _read_cache(self, path: Path, full_url: str) -> CachedResponse | None:
        """The cached answer in ``path``, or None if there is none or it cannot be used.

        A file that is not JSON, or not of the shape :meth:`_write_cache` writes around an
        answer of the shape Wikidata's APIs send (:meth:`_cache_problem`), is reported in
        :attr:`warnings` and treated as absent: fetched again, or (``offline``) missing.
        """
        if not path.is_file():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            problem = self._cache_problem(record, full_url)
        except (OSError, ValueError, RecursionError) as exc:
            problem = str(exc) or type(exc).__name__
        if problem is None:
            return CachedResponse(record["body"], record.get("date", ""))
        then = "ignored" if self.offline else "fetching again"
        self.warnings.append(f"{path}: corrupt cache file ({problem}); {then}")
        return None

    @staticmethod
    def _cache_problem(record: Any, full_url: str) -> str | None:
        """What makes ``record`` unusable as the cached answer to ``full_url``, or None.

        The record is ``{"url", "date", "body"}``; the body a JSON object whose ``search`` (the
        action API) is a list of objects, and whose ``results.bindings`` (SPARQL) is a list of
        objects of objects, as the linking stage reads them.
        """
        if not isinstance(record, dict) or not {"url", "body"} <= record.keys():
            return "not an object with url and body"
        if record["url"] != full_url:
            return "cached for another request"
        if not isinstance(record.get("date", ""), str):
            return "date is not a string"
        body = record["body"]
        if not isinstance(body, dict):
            return "the answer is not a JSON object"
        search = body.get("search", [])
        if not isinstance(search, list) or not all(
            isinstance(item, dict) and isinstance(item.get("match") or {}, dict) for item in search
        ):
            return "search is not a list of objects"
        results = body.get("results", {})
        bindings = results.get("bindings", []) if isinstance(results, dict) else None
        if not isinstance(bindings, list) or not all(
            isinstance(row, dict)
            and all(isinstance(cell, dict) and "value" in cell for cell in row.values())
            for row in bindings
        ):
            return "results.bindings is not a list of SPARQL bindings"
        return None

    def _write_cache(self, path: Path, full_url: str, response: CachedResponse) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"url": full_url, "date": response.date, "body": response.body}
        write_atomic(path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def _fetch(self, full_url: str) -> Response:
        for _attempt in range(self.max_retries + 1):
            self._wait_turn()
            answer = self._request(full_url)
            if answer.status not in (429, 503):
                break
            wait = _retry_after(answer.headers.get("retry-after", ""))
            if wait > self.max_wait:
                raise ReconciliationError(
                    f"{_host(full_url)}: asked to wait {wait:.0f} s (HTTP {answer.status}); "
                    "try later"
                )
            self.sleep(max(wait, self.min_interval))
        if answer.status != 200:
            raise ReconciliationError(
                f"{_host(full_url)}: HTTP {answer.status} for {full_url[:120]}"
            )
        return answer

    def _wait_turn(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.min_interval:
            self.sleep(self.min_interval - (now - self._last))
        self._last = self.clock()

    def _request(self, full_url: str) -> Response:
        self.requests_made += 1
        try:
            return request(
                "GET",
                full_url,
                headers=self._headers(),
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
            )
        except HttpError as exc:
            raise ReconciliationError(str(exc)) from exc

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, "Accept": "application/json"}


def cache_client(
    cache_dir: Path, *, fetch: bool = False, min_interval: float = 1.0
) -> PoliteClient | None:
    """The client for the link stage: fetching (``--online``), replaying the cache of an
    earlier ``--online`` run without any request, or None (offline: no cached answers)."""
    if fetch or has_cache(cache_dir):
        return PoliteClient(cache_dir=cache_dir, min_interval=min_interval, offline=not fetch)
    return None


def has_cache(cache_dir: Path) -> bool:
    """Whether ``cache_dir`` holds any cached answer (``cica-kg link --online`` has run)."""
    return cache_dir.is_dir() and any(cache_dir.glob("*.json"))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def _retry_after(value: str) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 1 if absent."""
    value = value.strip()
    if not value:
        return 1.0
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, when.timestamp() - time.time())


def _date(header: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(header).date().isoformat() if header else ""
    except (TypeError, ValueError):
        return ""
