"""A polite HTTP client for online reconciliation, with an on-disk response cache.

Polite means (decision 0071): one request at a time, at least ``min_interval`` seconds apart,
a descriptive User-Agent, separate connect and read timeouts, ``Retry-After`` honoured on
429/503 (up to ``max_wait`` seconds, ``max_retries`` times), and every successful response
cached on disk under a key derived from the request, so a second run makes no request.
A corrupt cache file is reported as a warning and fetched again. An ``offline`` client
answers from the cache only (a rebuild replaying ``cica-kg link --online``, decision 0078):
what the cache lacks raises :class:`NotCachedError` and no request is ever made.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from cica_kg.errors import CicaKgError

USER_AGENT = "cica-kg/0.1 (https://w3id.org/cica-kg; contact in README)"


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
                is not JSON, or a Retry-After longer than ``max_wait``.
        """
        full_url = f"{url}?{urlencode(sorted(params.items()))}"
        path = self.cache_dir / (hashlib.sha256(f"GET {full_url}".encode()).hexdigest() + ".json")
        cached = self._read_cache(path, full_url)
        if cached is not None:
            return cached
        if self.offline:
            raise NotCachedError(f"{_host(full_url)}: no cached answer in {self.cache_dir}")
        _status, headers, body = self._fetch(full_url)
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise ReconciliationError(f"{_host(full_url)}: answer is not JSON ({exc})") from exc
        response = CachedResponse(data, _date(headers.get("date", "")))
        self._write_cache(path, full_url, response)
        return response

    def _read_cache(self, path: Path, full_url: str) -> CachedResponse | None:
        if not path.is_file():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if record["url"] != full_url:
                raise ValueError("cached for another request")
            return CachedResponse(record["body"], str(record.get("date", "")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.warnings.append(f"{path}: corrupt cache file ({exc}); fetching again")
            return None

    def _write_cache(self, path: Path, full_url: str, response: CachedResponse) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"url": full_url, "date": response.date, "body": response.body}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    def _fetch(self, full_url: str) -> tuple[int, dict[str, str], bytes]:
        for _attempt in range(self.max_retries + 1):
            self._wait_turn()
            status, headers, body = self._request(full_url)
            if status not in (429, 503):
                break
            wait = _retry_after(headers.get("retry-after", ""))
            if wait > self.max_wait:
                raise ReconciliationError(
                    f"{_host(full_url)}: asked to wait {wait:.0f} s (HTTP {status}); try later"
                )
            self.sleep(max(wait, self.min_interval))
        if status != 200:
            raise ReconciliationError(f"{_host(full_url)}: HTTP {status} for {full_url[:120]}")
        return status, headers, body

    def _wait_turn(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.min_interval:
            self.sleep(self.min_interval - (now - self._last))
        self._last = self.clock()

    def _request(self, full_url: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(full_url)
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = cls(parts.hostname or "", parts.port, timeout=self.connect_timeout)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.requests_made += 1
        try:
            conn.connect()
            if conn.sock is not None:
                conn.sock.settimeout(self.read_timeout)
            conn.request("GET", target, headers=self._headers())
            response = conn.getresponse()
            body = response.read()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, body
        except TimeoutError as exc:
            raise ReconciliationError(f"{_host(full_url)}: timed out; try again later") from exc
        except OSError as exc:
            raise ReconciliationError(f"{_host(full_url)}: {exc.strerror or exc}") from exc
        except http.client.HTTPException as exc:
            raise ReconciliationError(f"{_host(full_url)}: bad HTTP answer ({exc!r})") from exc
        finally:
            conn.close()

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
