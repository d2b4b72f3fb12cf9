"""Work in a forked worker while this process goes on: start it now, take its answer later.

The machine has two cores and a build is a chain of stages; a stage whose input is ready can
run in a forked worker beside the next one (decision 0134). The worker is
:mod:`cica_kg.worker`'s: it dies with its parent (``PR_SET_PDEATHSIG``), takes the default
SIGINT and SIGTERM, and its errors of the project come back as they were raised. Without
``os.fork`` :func:`start` returns None and the caller does the work itself.

>>> pending = start(lambda: 6 * 7, what="sum")
>>> pending is None or pending.result() == 42
True
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from contextlib import suppress
from typing import Generic, TypeVar

from cica_kg.worker import _become_worker, _Child, _collect, _death, _pass_on, _unpack, _worker

T = TypeVar("T")


class Ready(Generic[T]):
    """An answer computed here, with :class:`Pending`'s methods."""

    def __init__(self, value: T) -> None:
        self._value = value

    def result(self) -> T:
        """The answer."""
        return self._value

    def cancel(self) -> None:
        """Nothing to stop."""


class Pending(Generic[T]):
    """A forked worker computing one answer; :meth:`result` waits for it (then keeps it),
    :meth:`cancel` kills the worker unless its answer was taken (both safe to call again)."""

    def __init__(self, pid: int, answer_fd: int, err_fd: int, what: str) -> None:
        self._pid, self._answer_fd, self._err_fd, self._what = pid, answer_fd, err_fd, what
        self._done = False
        self._answer: list[T] = []

    def result(self) -> T:
        """The worker's answer (its standard error is passed on to ours).

        Raises:
            CicaKgError: as the work raised it, or the worker died without an answer.
        """
        if self._answer:
            return self._answer[0]
        if self._done:
            raise RuntimeError(f"{self._what}: the worker was stopped without an answer")
        self._done = True
        with _Child(self._pid) as child:  # SIGTERM meanwhile: the worker is killed first
            data, errors = _collect(self._answer_fd, self._err_fd, None)
            status = child.wait()
        if not data:
            raise _death(status, errors, self._what, None)
        _pass_on(errors)
        self._answer.append(_unpack(data, self._what, None))
        return self._answer[0]

    def cancel(self) -> None:
        """Kill the worker and reap it, unless its answer was taken."""
        if self._done:
            return
        self._done = True
        _Child(self._pid).kill()
        for fd in (self._answer_fd, self._err_fd):
            with suppress(OSError):
                os.close(fd)


def start(fn: Callable[[], T], *, what: str) -> Pending[T] | None:
    """Run ``fn`` in a forked worker from now on (None where ``os.fork`` is missing)."""
    if not hasattr(os, "fork"):
        return None
    answer, err = os.pipe(), os.pipe()
    parent = os.getpid()
    gc.freeze()  # as cica_kg.worker: the child never finalises what it inherited
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the worker process
        os.close(answer[0])
        os.close(err[0])
        _become_worker(parent, err[1], None)
        _worker(fn, answer[1])
    gc.unfreeze()
    os.close(answer[1])
    os.close(err[1])
    return Pending(pid, answer[0], err[0], what)
