"""Start and stop the server: bind, serve with uvicorn, stop cleanly on SIGTERM or Ctrl-C.

The socket is bound before uvicorn starts, so ``--port 0`` works (the log names the port
chosen) and a port in use is a one-line error. On SIGINT or SIGTERM uvicorn stops taking
connections, lets running requests finish (up to :data:`GRACE` seconds), and the pool
kills every worker; :func:`serve` then returns normally (exit code 0).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Iterator

import uvicorn

from cica_kg.errors import UsageError
from cica_kg.serve.app import Settings, create_app

GRACE = 5
"""Seconds running requests get to finish after a stop signal."""
MAX_CONNECTIONS = 512
"""Open connections (and requests) at once; more are answered 503 by uvicorn."""
LOG = logging.getLogger("cica_kg.serve")


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port``.

    Raises:
        UsageError: the address cannot be used (in use, not local, no permission).
    """
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7878) -> int:
    """Serve until a stop signal; return 0 after a clean stop."""
    sock = bind(host, port)
    shown = sock.getsockname()
    name = f"[{shown[0]}]" if ":" in shown[0] else shown[0]
    where = f"http://{name}:{shown[1]}"
    _log_setup()
    config = uvicorn.Config(
        create_app(settings),
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=GRACE,
        timeout_keep_alive=5,
        limit_concurrency=MAX_CONNECTIONS,
        server_header=False,
        lifespan="on",
    )
    server = _Server(config)
    LOG.info("serving %s on %s/sparql (YASGUI at %s/); Ctrl-C or SIGTERM stops",
             settings.store_dir.name, where, where)  # fmt: skip
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        raise UsageError("the server did not start (see the messages above)")
    LOG.info("stopped")
    return 0


class _Server(uvicorn.Server):
    """uvicorn's server, but a stop signal ends it quietly instead of being raised again."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        numbers = (signal.SIGINT, signal.SIGTERM)
        previous = {number: signal.signal(number, self.handle_exit) for number in numbers}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def _log_setup() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s cica-kg serve: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    for name in ("cica_kg.serve", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
