"""Helpers shared by the subcommand modules (argument types and output)."""

from __future__ import annotations

import argparse
import codecs
import math
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from cica_kg.errors import UsageError

DEFAULT_OUT = Path("build")
T = TypeVar("T")


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


READ_TIMEOUT = 120.0
"""Seconds a command may spend reading (and working on) a graph file before it is stopped."""


def seconds(text: str) -> float:
    """An argparse type: a number of seconds, 0 or more (``nan`` and ``inf`` refused)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def add_timeout(parser: argparse.ArgumentParser, what: str) -> None:
    """The ``--timeout S`` option: stop ``what`` after S seconds (0: no limit)."""
    parser.add_argument("--timeout", type=seconds, default=READ_TIMEOUT, metavar="S",
                        help=f"stop {what} after S seconds, 0 for no limit "
                        f"(default: {READ_TIMEOUT:g})")  # fmt: skip


def graph_file(args: argparse.Namespace) -> Path:
    """The graph a command reads: ``--graph FILE``, else ``DIR/cica.trig`` of ``--out DIR``."""
    from cica_kg.pipeline import DATASET_FILE

    path: Path = args.graph or args.out / DATASET_FILE
    return path


def read_graph(args: argparse.Namespace, work: Callable[[Path], T]) -> T:
    """``work(graph_file(args))`` in the bounded worker, stopped after ``--timeout``."""
    from cica_kg.worker import call_with_timeout

    path = graph_file(args)
    return call_with_timeout(partial(work, path), args.timeout, what=f"reading {path}")


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output (text mode streams get them decoded as UTF-8)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))


def copy_stdout(path: Path) -> None:
    """Copy the UTF-8 file ``path`` to standard output, a megabyte at a time."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            if buffer is not None:
                buffer.write(chunk)
            else:
                sys.stdout.write(decoder.decode(chunk))
    if buffer is not None:
        buffer.flush()


def warn(message: str) -> None:
    """A diagnostic line on standard error."""
    print(f"cica-kg: warning: {message}", file=sys.stderr)


def check_utf8(argv: Sequence[str]) -> None:
    """Refuse a command-line argument that is not valid UTF-8, before anything runs.

    Python hands over such bytes as lone surrogates ("\\udcff" for byte 0xFF); a path made of
    them could be created but not written into a store, a graph or a message on stdout.

    Raises:
        UsageError: naming the first such argument (its bytes escaped) and its option.
    """
    for index, arg in enumerate(argv):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as exc:
            option = f"{argv[index - 1]} " if index and argv[index - 1].startswith("-") else ""
            culprit = _culprit(arg[exc.start])
            raise UsageError(
                f"argument {option}{_escaped(arg)} is not valid UTF-8 ({culprit}); "
                "cica-kg reads and writes UTF-8 names only: rename the file or directory"
            ) from None


def _escaped(arg: str) -> str:
    """``arg`` quoted, its undecodable bytes as ``\\xFF`` escapes."""
    try:
        raw = arg.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = arg.encode("utf-8", "backslashreplace")
    return "'" + raw.decode("utf-8", "backslashreplace") + "'"


def _culprit(char: str) -> str:
    """What the first bad character stands for: "byte 0xFF", or "a lone surrogate U+D800"."""
    code = ord(char)
    return (
        f"byte 0x{code - 0xDC00:02X}"
        if 0xDC80 <= code <= 0xDCFF
        else f"lone surrogate U+{code:04X}"
    )
