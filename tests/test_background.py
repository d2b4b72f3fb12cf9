"""background.py: work in a forked worker beside this process, its answer taken later."""

from __future__ import annotations

import os

import pytest

from cica_kg import background
from cica_kg.errors import InputError

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


@needs_fork
def test_the_answer_comes_from_another_process() -> None:
    pending = background.start(os.getpid, what="pid")
    assert pending is not None
    assert pending.result() != os.getpid()


@needs_fork
def test_an_error_of_the_project_comes_back_as_raised() -> None:
    def refuse() -> None:
        raise InputError("a.txt: not UTF-8")

    pending = background.start(refuse, what="extract")
    assert pending is not None
    with pytest.raises(InputError, match="not UTF-8"):
        pending.result()


@needs_fork
def test_a_cancelled_worker_is_gone() -> None:
    import threading

    hold = threading.Event()
    pending = background.start(hold.wait, what="hold")  # waits for ever in the worker
    assert pending is not None
    pid = pending._pid
    pending.cancel()
    pending.cancel()  # safe twice
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped
