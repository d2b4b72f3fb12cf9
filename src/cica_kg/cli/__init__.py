"""The ``cica-kg`` command line: a thin layer of subcommands over the library.

:mod:`~cica_kg.cli.main` parses and dispatches; each subcommand lives in its own module
``cica_kg.cli.<name>`` exposing ``register(subparsers)``. Exit codes: 0 success, 1 negative
answer, 2 usage or input error, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

from cica_kg.cli.main import SUBCOMMANDS, build_parser, entry_point, main

__all__ = ["SUBCOMMANDS", "build_parser", "entry_point", "main"]
