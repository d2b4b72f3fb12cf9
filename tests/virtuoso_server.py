"""A private Virtuoso for the tests: own database directory, loopback ports, a random password.

Debian's ``virtuoso-opensource-7-bin`` package has the server (``virtuoso-t``) and the SQL
client (``isql-vt``); it sets up no database, so nothing here touches a system instance.
:func:`start` writes a ``virtuoso.ini`` in a fresh directory with two free ports bound to
127.0.0.1, runs ``virtuoso-t +foreground``, waits for the SPARQL endpoint, and sets the
``dba`` password (new databases start with ``dba``/``dba``). The server is asked to stop by
the caller (:meth:`Virtuoso.stop`) and, on Linux, receives SIGTERM if the test process dies.
"""

from __future__ import annotations

import ctypes
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SERVER = "virtuoso-t"
ISQL = "isql-vt"
INSTALL_HINT = "apt-get install virtuoso-opensource-7-bin (.ci/run does)"
START_TIMEOUT = 120.0
INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def missing() -> str | None:
    """Why the Virtuoso tests cannot run here, or None when they can."""
    absent = [name for name in (SERVER, ISQL) if shutil.which(name) is None]
    return f"{' and '.join(absent)} not found: {INSTALL_HINT}" if absent else None


@dataclass
class Virtuoso:
    """A running private instance."""

    directory: Path
    http_port: int
    sql_port: int
    password: str
    process: subprocess.Popen[bytes]

    @property
    def sparql(self) -> str:
        """The SPARQL query endpoint (anonymous, read-only)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that asks for HTTP Digest authentication."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def sql(self, statement: str) -> str:
        """Run one SQL statement as ``dba`` through ``isql-vt``; its output."""
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", self.password, f"exec={statement}"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        if done.returncode != 0 or b"*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt {statement!r}: {(done.stdout + done.stderr)[-500:]!r}")
        return done.stdout.decode("utf-8", "replace")

    def log_tail(self) -> str:
        """The end of the server's log (for a failure message)."""
        log = self.directory / "virtuoso.log"
        return log.read_text("utf-8", "replace")[-2000:] if log.is_file() else "(no log)"

    def stop(self) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), then SIGKILL after 30 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def start(directory: Path) -> Virtuoso:
    """Start a private Virtuoso in the empty ``directory`` and return it once it answers.

    Raises:
        RuntimeError: it exited or did not answer within :data:`START_TIMEOUT` (log attached).
    """
    http_port, sql_port = _free_port(), _free_port()
    (directory / "virtuoso.ini").write_text(
        INI.format(d=directory, sql=sql_port, http=http_port), encoding="utf-8"
    )
    with (directory / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [SERVER, "+foreground", "+configfile", str(directory / "virtuoso.ini")],
            cwd=directory, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )  # fmt: skip
    server = Virtuoso(directory, http_port, sql_port, "dba", process)
    try:
        _wait_until_up(server)
        password = secrets.token_hex(12)
        server.sql(f"user_set_password('dba', '{password}')")
        server.password = password
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_up(server: Virtuoso) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    probe = f"{server.sparql}?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited ({server.process.returncode}):\n"
                               f"{server.log_tail()}")  # fmt: skip
        try:
            with urllib.request.urlopen(probe, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"virtuoso-t did not answer in {START_TIMEOUT:g} s:\n{server.log_tail()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent (the test run) dies."""
    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
