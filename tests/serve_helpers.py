"""Start `cica-kg serve` as a real process on a free loopback port, and talk HTTP to it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

READY = re.compile(r"query workers ready \(pids ([0-9 ]+)\)")
ADDRESS = re.compile(r"on (http://127\.0\.0\.1:[0-9]+)/sparql")


@dataclass
class Server:
    """A running server: its base URL, process, worker pids and log file."""

    url: str
    process: subprocess.Popen[bytes]
    workers: list[int]
    log: Path
    extra: dict[str, str] = field(default_factory=dict)

    def log_text(self) -> str:
        """What the server has logged so far."""
        return self.log.read_text("utf-8", "replace")


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode("utf-8")


@contextmanager
def running_server(store: Path, log: Path, *options: str) -> Iterator[Server]:
    """`cica-kg serve --store STORE --port 0 OPTIONS...`, stopped with SIGTERM afterwards."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cica_kg", "serve", "--store", str(store), "--port", "0",
             *options],
            stdout=sink, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    try:
        server = _wait_ready(process, log)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen[bytes], log: Path) -> Server:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        ready, address = READY.search(text), ADDRESS.search(text)
        if ready and address:
            pids = [int(p) for p in ready.group(1).split()]
            return Server(address.group(1), process, pids, log)
        if process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode}):\n{text}")
        time.sleep(0.1)
    raise AssertionError("the server did not start in 90 s:\n" + log.read_text("utf-8"))


def http(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 30,
) -> Answer:
    """One request; an error status is an answer too, not an exception."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, _lower(response.headers.items()), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, _lower(exc.headers.items()), exc.read())


def _lower(items: object) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in items}  # type: ignore[attr-defined]


def alive(pid: int) -> bool:
    """Whether a process with ``pid`` exists (and is not a zombie)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return status != "Z"
