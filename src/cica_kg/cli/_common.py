"""Helpers shared by the subcommand modules (argument types and output)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path("build")


def add_parser(
    subparsers: Any, name: str, *, summary: str, example: str
) -> argparse.ArgumentParser:
    """Add a subcommand parser with a one-line ``summary`` and an ``example`` in its epilog."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=summary,
        description=summary,
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def add_out_dir(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--out DIR`` option (the build directory, default ``build/``)."""
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=help_text)


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output (text mode streams get them decoded as UTF-8)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))


def warn(message: str) -> None:
    """A diagnostic line on standard error."""
    print(f"cica-kg: warning: {message}", file=sys.stderr)
