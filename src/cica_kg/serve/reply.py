"""What crosses the pipe between the server and a worker: a job, and the reply to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Job = tuple[str, dict[str, Any]]
"""A job for a worker: its kind (``sparql``, ``entity``, ...) and keyword arguments."""


@dataclass(frozen=True)
class Reply:
    """An HTTP answer made in a worker: status, media type, body, extra headers."""

    status: int
    media_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error(status: int, message: str) -> Reply:
    """A one-line plain-text error answer."""
    line = message.strip().splitlines()[0] if message.strip() else "error"
    return Reply(status, "text/plain; charset=utf-8", (line + "\n").encode("utf-8"))
