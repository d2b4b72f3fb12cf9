"""Parse the command line, dispatch to a subcommand, turn errors into exit codes.

Each subcommand lives in its own module ``cica_kg.cli.<name>`` exposing
``register(subparsers)``, which adds its parser and sets ``func=handler``
(``handler(args) -> int``). Exit codes: 0 success, 1 negative answer, 2 usage or
input error, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from cica_kg import __version__
from cica_kg.cli._common import check_utf8
from cica_kg.errors import CicaKgError

SUBCOMMANDS: tuple[str, ...] = (
    "build", "validate", "export", "stats", "facts", "query", "graph", "link", "serve", "push",
)
"""Module names of the subcommands, in the order ``--help`` lists them."""

PROG = "cica-kg"
BROKEN_PIPE = 141  # 128 + SIGPIPE, what shells report for a writer whose reader closed


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser with every subcommand of :data:`SUBCOMMANDS` registered.

    With ``only``, just that subcommand's module is imported (a fast ``cica-kg query``).
    """
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Build, validate and export a knowledge graph about CICA from text.",
        epilog="example: cica-kg build && cica-kg stats",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in SUBCOMMANDS if only is None else (only,):
        importlib.import_module(f"cica_kg.cli.{name}").register(subparsers)
    for subparser in subparsers.choices.values():
        subparser.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
            help="show tracebacks",
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    given = sys.argv[1:] if argv is None else argv
    try:
        check_utf8(given)  # before anything is read or written
    except CicaKgError as exc:
        return _report(exc, verbose=False, code=exc.exit_code, message=str(exc))
    words = [a for a in given if not a.startswith("-")]
    parser = build_parser(words[0] if words and words[0] in SUBCOMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 after --help
        return exc.code if isinstance(exc.code, int) else 2
    handler = getattr(args, "func", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`cica-kg export ... | head`)
        return BROKEN_PIPE
    except CicaKgError as exc:
        return _report(exc, verbose=args.verbose, code=exc.exit_code, message=str(exc))
    except Exception as exc:  # an unexpected bug: one line unless -v
        message = f"internal error: {type(exc).__name__}: {exc}"
        if not args.verbose:
            message += " (run with -v for a traceback)"
        return _report(exc, verbose=args.verbose, code=3, message=message)


def entry_point() -> None:
    """The console script: run :func:`main` and exit with its code."""
    code = main()
    if code == BROKEN_PIPE:  # keep Python's final flush from complaining about the pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)


def _report(exc: BaseException, *, verbose: bool, code: int, message: str) -> int:
    if verbose:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    first_line = message.strip().splitlines()[0] if message.strip() else type(exc).__name__
    print(f"{PROG}: error: {first_line}", file=sys.stderr)
    return code
