"""Run work in a worker process that can really be stopped: a deadline kills it.

Oxigraph, rdflib and pySHACL evaluate inside native or pure-Python loops that a thread cannot
interrupt, but a forked process can be killed, so a time limit really stops the work
(docs/decisions/0051-query-safety.md). Without ``os.fork`` (Windows) the call runs in a daemon
thread that is abandoned on timeout.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from cica_kg.errors import CicaKgError, UsageError

T = TypeVar("T")


class TimeLimitError(UsageError):
    """Work ran past its time limit and was stopped (the worker was killed)."""


def call_with_timeout(fn: Callable[[], T], timeout: float | None, *, what: str = "query") -> T:
    """Call ``fn`` in a forked worker process and kill it after ``timeout`` seconds.

    Errors of the project raised by ``fn`` are re-raised here. Without ``os.fork`` (Windows)
    the call runs in a daemon thread that is abandoned on timeout.

    Raises:
        TimeLimitError: ``fn`` did not finish in time (the worker was killed).
    """
    if timeout is None or timeout <= 0:
        return fn()
    result: T
    if not hasattr(os, "fork"):
        return _in_thread(fn, timeout, what)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the worker process
        os.close(read_fd)
        _worker(fn, write_fd)
    os.close(write_fd)
    try:
        data = _read_all(read_fd, time.monotonic() + timeout)
    finally:
        os.close(read_fd)
    if data is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise TimeLimitError(
            f"{what}: stopped after {timeout:g} s (the time limit); "
            "simplify the query or raise --timeout"
        )
    os.waitpid(pid, 0)
    result = _unpack(data, what)
    return result


def _worker(fn: Callable[[], Any], write_fd: int) -> None:  # pragma: no cover - in the worker
    try:
        try:
            payload: tuple[str, Any] = ("ok", fn())
        except CicaKgError as exc:
            payload = ("error", exc)
        except BaseException as exc:
            payload = ("crash", f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(payload)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _read_all(fd: int, deadline: float) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _unpack(data: bytes, what: str) -> Any:
    if not data:
        raise CicaKgError(f"{what}: the worker died without an answer")
    status, value = pickle.loads(data)
    if status == "error":
        raise value
    if status == "crash":
        raise CicaKgError(f"{what}: internal error in the query worker: {value}")
    return value


def _in_thread(fn: Callable[[], T], timeout: float, what: str) -> T:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeLimitError(f"{what}: stopped after {timeout:g} s (the time limit)")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
