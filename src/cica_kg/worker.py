"""Run work in a worker process that can really be stopped: by a deadline, a signal, a limit.

Oxigraph, rdflib and pySHACL evaluate inside native or pure-Python loops that a thread cannot
interrupt, but a forked process can be killed, so a time limit really stops the work
(docs/decisions/0051-query-safety.md, 0083-query-refusal-by-parse.md). The worker

- dies with its parent (Linux ``PR_SET_PDEATHSIG``; elsewhere the parent's clean-up kills it),
- is killed when the parent gets SIGINT (Ctrl-C) or SIGTERM, or when the deadline passes,
- runs under an address-space limit (``RLIMIT_AS``): it may grow by ``memory`` bytes beyond
  the address space it inherited at the fork, so a runaway evaluation fails with a one-line
  :class:`MemoryLimitError` instead of taking the machine's memory,
- runs even without a deadline (``timeout=None``): still interruptible, still bounded.

Its standard error is collected and passed on when it finishes, so the crash report of a
native library (a failed allocation, an overflowed stack) becomes one line of ours. Without
``os.fork`` (Windows) the call runs in a daemon thread that is abandoned on timeout.

>>> call_with_timeout(lambda: 6 * 7, 5.0, what="sum")
42
"""

from __future__ import annotations

import faulthandler
import gc
import math
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from cica_kg.errors import CicaKgError, UsageError

T = TypeVar("T")

MIB = 1 << 20
DEFAULT_MEMORY = 4096 * MIB
"""The default address-space limit of a worker (bytes): 4 GiB."""

_PR_SET_PDEATHSIG = 1
_STDERR_KEPT = 64 * 1024  # bytes of the worker's standard error kept for the parent
_OUT_OF_MEMORY = (  # what a native library says as it dies for want of address space
    b"memory allocation of",  # Rust's allocation error handler
    b"std::bad_alloc",  # C++ (RocksDB)
    b"Resource temporarily unavailable",  # a thread whose stack cannot be mapped
    b"MemoryError",
    b"out of memory",
)


class TimeLimitError(UsageError):
    """Work ran past its time limit and was stopped (the worker was killed)."""


class MemoryLimitError(UsageError):
    """Work needed more memory than its limit and was stopped."""


class WorkerCrashError(CicaKgError):
    """The worker process died without an answer (a crash of a native library)."""


def call_with_timeout(
    fn: Callable[[], T],
    timeout: float | None,
    *,
    what: str = "query",
    memory: int | None = DEFAULT_MEMORY,
) -> T:
    """Call ``fn`` in a forked worker; kill it after ``timeout`` seconds (None or 0: never).

    ``memory`` caps how far the worker's address space may grow beyond what it inherited,
    in bytes (None: no cap). Errors of the
    project raised by ``fn`` are re-raised here; a ``MemoryError`` becomes
    :class:`MemoryLimitError`. SIGINT or SIGTERM of this process kills the worker first.

    Raises:
        UsageError: ``timeout`` or ``memory`` is negative or not a finite number.
        TimeLimitError: ``fn`` did not finish in time (the worker was killed).
        MemoryLimitError: ``fn`` needed more than ``memory`` bytes.
        WorkerCrashError: the worker died without an answer.
    """
    deadline = _deadline(timeout, what)
    _check_memory(memory, what)
    if not hasattr(os, "fork"):
        return _in_thread(fn, timeout or None, what)
    answer, err = os.pipe(), os.pipe()
    parent = os.getpid()
    # The child must never run the finalisers of objects it inherited (a store's RocksDB handle
    # or a native thread pool of the parent, whose threads do not exist after the fork): frozen
    # objects are out of reach of its garbage collector.
    gc.freeze()
    pid = os.fork()
    if pid != 0:
        gc.unfreeze()
    if pid == 0:  # pragma: no cover - runs in the worker process
        os.close(answer[0])
        os.close(err[0])
        _become_worker(parent, err[1], memory)
        _worker(fn, answer[1])
    os.close(answer[1])
    os.close(err[1])
    with _Child(pid) as child:
        data, errors = _collect(answer[0], err[0], deadline)
        if data is None:
            child.kill()
            raise TimeLimitError(
                f"{what}: stopped after {timeout:g} s (the time limit); "
                "raise --timeout if it needs longer"
            )
        status = child.wait()
    if not data:
        raise _death(status, errors, what, memory)
    _pass_on(errors)
    return _unpack(data, what, memory)  # type: ignore[no-any-return]


def _deadline(timeout: float | None, what: str) -> float | None:
    if timeout is None or timeout == 0:
        return None
    if not math.isfinite(timeout) or timeout < 0:
        raise UsageError(f"{what}: the time limit must be a number of seconds >= 0, not {timeout}")
    return time.monotonic() + timeout


def _check_memory(memory: int | None, what: str) -> None:
    if memory is not None and memory <= 0:
        raise UsageError(f"{what}: the memory limit must be a positive number of bytes")


def _become_worker(parent: int, err_fd: int, memory: int | None) -> None:  # pragma: no cover
    """In the worker: die with the parent, default signals, a memory cap, stderr to the pipe."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
    with suppress(OSError, ValueError):
        sys.stderr.flush()
    os.dup2(err_fd, 2)
    os.close(err_fd)
    if faulthandler.is_enabled():  # its dump of a crash goes to the pipe too
        faulthandler.enable(file=2)
    if memory is not None:
        _limit_memory(memory)


def _die_with_parent() -> None:  # pragma: no cover - in the worker
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _limit_memory(memory: int) -> None:  # pragma: no cover - in the worker
    try:
        import resource
    except ImportError:  # not on this platform
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:  # pragma: no cover - in the worker
    """The bytes of address space this process has now (Linux; 0 where unknown)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _worker(fn: Callable[[], Any], write_fd: int) -> None:  # pragma: no cover - in the worker
    try:
        payload = _run(fn)
        try:
            data = pickle.dumps(payload)
        except MemoryError:
            data = pickle.dumps(("memory", ""))
        except Exception as exc:  # an answer that cannot cross the pipe is a bug of ours
            data = pickle.dumps(("crash", f"cannot send the answer: {type(exc).__name__}: {exc}"))
        with suppress(OSError, ValueError):
            sys.stderr.flush()  # before the answer: the parent stops reading at its end
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _run(fn: Callable[[], Any]) -> tuple[str, Any]:  # pragma: no cover - in the worker
    try:
        return ("ok", fn())
    except CicaKgError as exc:
        return ("error", exc)
    except MemoryError:
        return ("memory", "")  # the traceback, and what it holds, is freed on return
    except BaseException as exc:
        return ("crash", f"{type(exc).__name__}: {exc}")


class _Terminated(BaseException):
    """SIGTERM arrived while the parent waited for its worker."""


class _Child:
    """The forked worker, killed and reaped however the parent leaves the ``with`` block.

    While the block runs (in the main thread), SIGTERM raises :class:`_Terminated`; once the
    worker is gone the signal is raised again with the previous handler, so the process ends
    as it would have without us.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.status: int | None = None
        self._previous: Any = None

    def __enter__(self) -> _Child:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGTERM, _raise_terminated)
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if self.status is None:
            self.kill()
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
            if kind is _Terminated:
                signal.raise_signal(signal.SIGTERM)
                raise SystemExit(128 + signal.SIGTERM)  # the previous handler chose to go on

    def kill(self) -> None:
        """Kill the worker (SIGKILL) and reap it."""
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.wait()

    def wait(self) -> int:
        """Reap the worker; its ``waitpid`` status."""
        if self.status is None:
            try:
                self.status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                self.status = 0
        return self.status


def _raise_terminated(number: int, frame: object) -> None:
    raise _Terminated


def _collect(answer_fd: int, err_fd: int, deadline: float | None) -> tuple[bytes | None, bytes]:
    """The worker's answer and standard error; ``None`` for an answer not sent in time."""
    chunks: list[bytes] = []
    errors = bytearray()
    try:
        open_fds = [answer_fd, err_fd]
        while answer_fd in open_fds:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return None, bytes(errors)
            ready, _, _ = select.select(open_fds, [], [], remaining)
            if not ready:
                return None, bytes(errors)
            for fd in ready:
                if not _read_into(fd, chunks if fd == answer_fd else errors):
                    open_fds.remove(fd)
        while err_fd in open_fds and select.select([err_fd], [], [], 0)[0]:
            if not _read_into(err_fd, errors):  # what the worker said as it finished
                break
        return b"".join(chunks), bytes(errors)
    finally:
        os.close(answer_fd)
        os.close(err_fd)


def _read_into(fd: int, sink: list[bytes] | bytearray) -> bool:
    """Read one chunk of ``fd`` into ``sink`` (stderr kept up to a bound); False at its end."""
    chunk = os.read(fd, 1 << 16)
    if not chunk:
        return False
    if isinstance(sink, list):
        sink.append(chunk)
    elif len(sink) < _STDERR_KEPT:
        sink += chunk
    return True


def _pass_on(errors: bytes) -> None:
    """Write what the worker said on standard error to ours (warnings of the libraries)."""
    if errors:
        sys.stderr.write(errors.decode("utf-8", "replace"))
        sys.stderr.flush()


def _unpack(data: bytes, what: str, memory: int | None) -> Any:
    status, value = pickle.loads(data)
    if status == "error":
        raise value
    if status == "memory":
        raise _memory_error(what, memory)
    if status == "crash":
        raise CicaKgError(f"{what}: internal error in the worker: {value}")
    return value


def _death(status: int, errors: bytes, what: str, memory: int | None) -> BaseException:
    """The error for a worker that died without an answer (``status`` from ``waitpid``)."""
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
        return KeyboardInterrupt()  # Ctrl-C reached the worker first; the parent stops too
    if memory is not None and any(mark in errors for mark in _OUT_OF_MEMORY):
        return _memory_error(what, memory)
    if os.WIFSIGNALED(status):
        cause = f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    else:
        cause = f"exit status {os.WEXITSTATUS(status)}"
    said = [line.strip() for line in errors.decode("utf-8", "replace").splitlines()]
    telling = [line for line in said if "error" in line.lower()] or [line for line in said if line]
    detail = f": {telling[0]}" if telling else ""
    return WorkerCrashError(f"{what}: the worker died without an answer ({cause}){detail}")


def _memory_error(what: str, memory: int | None) -> MemoryLimitError:
    limit = f"{memory // MIB} MB" if memory is not None else "the memory available"
    return MemoryLimitError(
        f"{what}: stopped: it needed more memory than its limit ({limit}); "
        "simplify the query or raise --memory"
    )


def _in_thread(fn: Callable[[], T], timeout: float | None, what: str) -> T:
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
