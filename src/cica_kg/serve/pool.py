"""Query worker processes: each opens the store once; a job past its deadline kills it.

A worker is a fresh interpreter (``spawn``: no fork of the threaded server) that dies with
the server (``PR_SET_PDEATHSIG``), ignores Ctrl-C (the server stops it), runs under an
address-space cap and answers one job at a time over a pipe. The pool hands each job to an
idle worker; at most ``queue`` requests wait for one (more get 503 at once). A job still
running after ``slow_after`` seconds is reniced to the lowest CPU priority, so a runaway
query cannot slow the others; at its deadline, or when its client goes away, the worker is
killed and a new one started in its place. After a rebuild swaps a new store directory in,
each worker is replaced after its next query (docs/decisions/0087-sparql-server.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from cica_kg.serve.reply import Job, Reply, error
from cica_kg.store.oxigraph import StoreError

LOG = logging.getLogger("cica_kg.serve")
_PR_SET_PDEATHSIG = 1
_STARTUP_SECONDS = 120.0
@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    reniced: bool = False
    store: tuple[int, int] = (0, 0)  # the store it opened (see Pool.store_id)


class Pool:
    """``size`` worker processes over the store at ``store_dir`` (see the module docstring)."""

    def __init__(
        self,
        store_dir: Path,
        *,
        size: int = 2,
        queue: int = 32,
        memory: int | None = None,
        slow_after: float = 1.0,
    ) -> None:
        self.store_dir, self.size, self.queue = Path(store_dir), size, queue
        self.memory, self.slow_after = memory, slow_after
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._closed = False
        self._threads = ThreadPoolExecutor(max_workers=size + 4, thread_name_prefix="pool")
        self._store = self.store_id()

    def store_id(self) -> tuple[int, int]:
        """Which store is at ``store_dir`` now: a rebuild swaps in a new directory."""
        try:
            found = self.store_dir.stat()
        except OSError:
            return (0, 0)
        return (found.st_ino, found.st_dev)

    def pids(self) -> list[int]:
        """The process ids of the live workers (for logs and tests)."""
        return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    async def start(self) -> None:
        """Start every worker; each has opened the store when this returns.

        Raises:
            StoreError: the store cannot be opened.
        """
        loop = asyncio.get_running_loop()
        spawns = [loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)]
        results = await asyncio.gather(*spawns, return_exceptions=True)
        for result in results:
            if isinstance(result, _Worker):
                self._idle.put_nowait(result)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            await self.close()
            raise failures[0]

    async def run(
        self,
        job: Job,
        *,
        timeout: float | None,
        gone: Callable[[], Awaitable[Any]] | None = None,
    ) -> Reply:
        """Run ``job`` on an idle worker: its reply, or 503 past ``timeout`` (worker killed).

        ``gone()`` completes when the client disconnects; the worker is then killed too.
        """
        if self._waiting >= self.queue:
            return error(503, "the server is busy (too many queries waiting); try again soon")
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        current = self.store_id()
        if current != self._store and current != (0, 0):
            LOG.info("the store was rebuilt; each worker opens the new one after its next query")
            self._store = current
        return await self._on(worker, job, timeout, gone)

    async def _on(
        self,
        worker: _Worker,
        job: Job,
        timeout: float | None,
        gone: Callable[[], Awaitable[Any]] | None,
    ) -> Reply:
        loop = asyncio.get_running_loop()
        answer = loop.run_in_executor(self._threads, _exchange, worker.conn, job)
        slow = loop.call_later(self.slow_after, self._renice, worker)
        watch = asyncio.ensure_future(gone()) if gone is not None else None
        try:
            waiting = {answer} | ({watch} if watch is not None else set())
            await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            answer.add_done_callback(_consume)
            self._replace(worker)
            raise
        finally:
            slow.cancel()
            if watch is not None:
                watch.cancel()
        if answer.done() and answer.exception() is None:
            self._release(worker)
            reply: Reply = answer.result()
            return reply
        died = answer.done()
        answer.add_done_callback(_consume)  # the EOFError of the killed worker's pipe
        self._replace(worker)
        if died:
            return error(503, "the query stopped its worker (out of memory or a crash)")
        if watch is not None and watch.done():
            return error(499, "the client went away; the query was stopped")
        return error(503, f"the query was stopped after {timeout:g} s (the server's time limit)")

    def _renice(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError, TypeError):
            os.setpriority(os.PRIO_PROCESS, worker.process.pid or 0, 19)
            worker.reniced = True

    def _release(self, worker: _Worker) -> None:
        if worker.store != self._store:  # a rebuild swapped the store in: open the new one
            self._replace(worker)
            return
        if worker.reniced:
            try:
                os.setpriority(os.PRIO_PROCESS, worker.process.pid or 0, 0)
                worker.reniced = False
            except OSError:  # lowering niceness needs privileges: start a fresh worker
                self._replace(worker)
                return
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in its place (in the background); it opens the
        store then at ``store_dir``."""
        self._all.discard(worker)
        _kill(worker)
        if not self._closed:
            asyncio.get_running_loop().create_task(self._respawn())

    async def _respawn(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._closed:
            try:
                worker = await loop.run_in_executor(self._threads, self._spawn)
            except (StoreError, OSError, EOFError) as exc:
                LOG.error("cannot start a query worker: %s; trying again in 5 s", exc)
                await asyncio.sleep(5)
                continue
            if self._closed:
                _kill(worker)
            else:
                self._idle.put_nowait(worker)
            return

    def _spawn(self) -> _Worker:
        """Start one worker and wait until it has opened the store."""
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_worker_main,
            args=(theirs, str(self.store_dir), self.memory),
            daemon=True,
            name="cica-kg-query",
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours, store=self.store_id())
        self._all.add(worker)
        if not ours.poll(_STARTUP_SECONDS):
            self._all.discard(worker)
            _kill(worker)
            raise StoreError("a query worker did not start in time")
        status, message = ours.recv()
        if status != "ready":
            self._all.discard(worker)
            _kill(worker)
            raise StoreError(str(message))
        return worker

    async def close(self) -> None:
        """Kill every worker and wait for each to be gone."""
        self._closed = True
        for worker in list(self._all):
            _kill(worker)
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)


def _consume(future: asyncio.Future[Reply]) -> None:
    """Retrieve the outcome of an abandoned exchange, so it is not logged as unhandled."""
    if not future.cancelled():
        future.exception()


def _exchange(conn: Connection, job: Job) -> Reply:
    conn.send(job)
    reply: Reply = conn.recv()
    return reply


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        worker.process.kill()
        worker.process.join(5)
    with contextlib.suppress(OSError):
        worker.conn.close()


def _worker_main(conn: Connection, store_dir: str, memory: int | None) -> None:  # pragma: no cover
    """In the worker: open the store, then answer jobs until the pipe closes."""
    _die_with_server()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory is not None:
        _limit_memory(memory)
    from cica_kg.serve import work

    try:
        store = work.open_for_jobs(Path(store_dir))
    except Exception as exc:  # told to the server, which refuses to start
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(work.handle(store, job))


def _die_with_server() -> None:  # pragma: no cover - in the worker
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() == 1:  # the server died before the request took effect
        os._exit(1)


def _limit_memory(memory: int) -> None:  # pragma: no cover - in the worker
    import resource

    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pages = 0
    limit = pages * os.sysconf("SC_PAGE_SIZE") + memory
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
