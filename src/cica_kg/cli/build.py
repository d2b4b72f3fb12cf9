"""``cica-kg build``: ingest, extract, build, validate and write the graph files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_out_dir, add_parser, warn
from cica_kg.cli.link import add_linking_options, link_options
from cica_kg.pipeline import run_build


def register(subparsers: Any) -> None:
    """Add the ``build`` subcommand."""
    parser = add_parser(
        subparsers, "build",
        summary="Build the knowledge graph from text files (default: the bundled corpus).",
        example="cica-kg build corpus/ --out build",
    )
    parser.add_argument("sources", nargs="*", type=Path, metavar="SOURCE",
                        help="text files or directories of them (default: the bundled corpus)")
    add_out_dir(parser, "directory for cica.ttl, cica.trig, validation.txt (default: build)")
    add_linking_options(parser)
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the build; print its summary; exit 1 if the graph does not conform."""
    progress = _progress if sys.stderr.isatty() else None
    linking = link_options(args)  # checked before the build starts
    result = run_build(args.sources or None, out_dir=args.out, progress=progress, linking=linking)
    for message in result.warnings:
        warn(message)
    print(result.summary(), end="")
    return 0 if result.conforms else 1


def _progress(line: str) -> None:
    print(f"cica-kg: {line}", file=sys.stderr, flush=True)
