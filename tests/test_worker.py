"""The bounded worker (cica_kg.worker): deadline, memory cap, crashes, and signals to its parent."""

from __future__ import annotations

import contextlib
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cica_kg.errors import CicaKgError, UsageError
from cica_kg.worker import (
    MIB,
    MemoryLimitError,
    TimeLimitError,
    WorkerCrashError,
    call_with_timeout,
)


def _one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text, text
    return text


def test_the_answer_comes_back_from_another_process() -> None:
    here = os.getpid()
    assert call_with_timeout(os.getpid, 5.0) != here
    assert call_with_timeout(os.getpid, None) != here  # no deadline: still a worker


def test_a_deadline_stops_the_work() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitError, match=r"^job: stopped after 0\.3 s") as caught:
        call_with_timeout(lambda: time.sleep(30), 0.3, what="job")
    assert time.monotonic() - started < 3 and caught.value.exit_code == 2


def test_errors_of_the_project_cross_the_pipe() -> None:
    def refuse() -> None:
        raise UsageError("bad input, said the worker")

    with pytest.raises(UsageError, match=r"^bad input, said the worker$"):
        call_with_timeout(refuse, 5.0)


def test_an_unexpected_exception_is_one_internal_error() -> None:
    def bug() -> None:
        raise ValueError("a bug\nover two lines")

    with pytest.raises(CicaKgError, match="internal error in the worker: ValueError") as caught:
        call_with_timeout(bug, 5.0, what="job")
    assert caught.value.exit_code == 3


def test_memory_beyond_the_limit_is_one_line_exit_2() -> None:
    def hungry() -> int:
        return len(bytearray(400 * MIB))

    with pytest.raises(MemoryLimitError, match=r"^job: stopped: .*limit \(100 MB\)") as caught:
        call_with_timeout(hungry, 10.0, what="job", memory=100 * MIB)
    assert caught.value.exit_code == 2 and _one_line(caught.value)
    assert call_with_timeout(hungry, 10.0, memory=None) == 400 * MIB  # no cap


def test_a_native_out_of_memory_death_is_a_memory_error() -> None:
    def rust_like() -> None:  # what Rust's allocation error handler does
        os.write(2, b"memory allocation of 1073741824 bytes failed\n")
        os.abort()

    with pytest.raises(MemoryLimitError, match="raise --memory"):
        call_with_timeout(rust_like, 10.0, what="job", memory=500 * MIB)


def test_a_native_crash_is_one_line(capfd: pytest.CaptureFixture[str]) -> None:
    def crash() -> None:
        os.write(2, b"thread 'main' has overflowed its stack\n")
        os.write(2, b"fatal runtime error: stack overflow\n")
        os.abort()

    with pytest.raises(WorkerCrashError, match=r"signal SIGABRT\): fatal runtime error") as caught:
        call_with_timeout(crash, 10.0, what="job")
    assert _one_line(caught.value) and caught.value.exit_code == 3
    assert "overflowed" not in capfd.readouterr().err  # the report is ours, in one line


def test_what_the_worker_says_on_stderr_is_passed_on(capfd: pytest.CaptureFixture[str]) -> None:
    def chatty() -> int:
        os.write(2, b"a library's warning\n")
        return 1

    assert call_with_timeout(chatty, 5.0) == 1
    assert capfd.readouterr().err == "a library's warning\n"


@pytest.mark.parametrize("timeout", [math.nan, math.inf, -1.0])
def test_a_time_limit_must_be_a_number_of_seconds(timeout: float) -> None:
    with pytest.raises(UsageError, match="time limit must be a number of seconds"):
        call_with_timeout(os.getpid, timeout)


def test_a_memory_limit_must_be_positive() -> None:
    with pytest.raises(UsageError, match="memory limit must be a positive"):
        call_with_timeout(os.getpid, 5.0, memory=0)


# --- signals to the parent: the worker never outlives it -------------------------------------

STUBBORN = """
import signal, sys
from cica_kg.worker import call_with_timeout

def stubborn():  # like a native loop: ignores every signal it can
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    print("busy", flush=True)
    while True:
        pass

try:
    call_with_timeout(stubborn, None if sys.argv[1] == "0" else float(sys.argv[1]))
except KeyboardInterrupt:
    sys.exit(130)
"""


def worker_of(parent: int) -> int:
    """The pid of the (one) child process of ``parent``."""
    for _ in range(100):
        children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.02)
    raise AssertionError("no worker started")


def gone(pid: int, within: float = 3.0) -> bool:
    """Whether ``pid`` has ended (or is a zombie nobody reaped) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("timeout", "how", "code"),
    [
        ("0", "group SIGINT", 130),  # Ctrl-C in a terminal, no deadline
        ("30", "SIGINT", 130),  # to the parent only
        ("30", "SIGTERM", -signal.SIGTERM),
        ("30", "SIGKILL", -signal.SIGKILL),  # no clean-up at all: the death signal
    ],
)
def test_a_signal_to_the_parent_kills_the_worker(
    tmp_path: Path, timeout: str, how: str, code: int
) -> None:
    script = tmp_path / "stubborn.py"
    script.write_text(STUBBORN)
    parent = subprocess.Popen(
        [sys.executable, str(script), timeout],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
        preexec_fn=_default_sigint,
    )
    try:
        assert parent.stdout is not None and parent.stdout.readline() == "busy\n"
        worker = worker_of(parent.pid)
        if how == "group SIGINT":
            os.killpg(parent.pid, signal.SIGINT)
        else:
            os.kill(parent.pid, getattr(signal, how))
        assert parent.wait(timeout=5) == code
        assert gone(worker), f"the worker {worker} outlived its parent ({how})"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)


def _default_sigint() -> None:
    """Ctrl-C as a terminal delivers it: a test runner (pytest-xdist) may start its workers
    with SIGINT ignored, and an ignored signal stays ignored in every child it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
