"""``cica-kg export``: write a built graph in another RDF format."""

from __future__ import annotations

import argparse
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from cica_kg.build import FORMATS, export, load_dataset
from cica_kg.cli._common import DEFAULT_OUT, add_parser, add_timeout, copy_stdout, write_stdout
from cica_kg.files import atomic_output, write_atomic
from cica_kg.pipeline import DATASET_FILE
from cica_kg.worker import call_with_timeout


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand."""
    parser = add_parser(
        subparsers, "export",
        summary="Export the built graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.",
        example="cica-kg export --format jsonld --graph all -o cica.jsonld",
    )
    parser.add_argument("--format", required=True, choices=list(FORMATS), help="output format")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="file to write (default: standard output)")
    parser.add_argument("--graph", choices=["facts", "all"], default="facts",
                        help="facts only, or facts and evidence named graphs (default: facts)")
    parser.add_argument("--input", type=Path, default=DEFAULT_OUT / DATASET_FILE, metavar="FILE",
                        help=f"built graph to read (default: {DEFAULT_OUT / DATASET_FILE})")
    add_timeout(parser, "reading and serialising")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Serialise and write to the file or standard output."""
    from cica_kg.store.reading import is_large

    if is_large(args.input):
        return _export_large(args)

    def serialise() -> bytes:
        return export(load_dataset(args.input), fmt=args.format, graph=args.graph)

    data = call_with_timeout(serialise, args.timeout, what=f"reading {args.input}")
    if args.output is None:
        write_stdout(data)
    else:
        write_atomic(args.output, data)
    return 0


def _export_large(args: argparse.Namespace) -> int:
    """A large build (decision 0147): the worker writes the file (or a temporary one that is
    then copied to standard output), so no more than a run of sorted lines is in memory."""
    from cica_kg.store.reading import export_large

    def write(target: Path) -> None:
        with atomic_output(target) as out:
            export_large(args.input, fmt=args.format, graph=args.graph, out=out)

    what = f"reading {args.input}"
    if args.output is not None:
        call_with_timeout(partial(write, args.output), args.timeout, what=what)
        return 0
    with tempfile.TemporaryDirectory(prefix="cica-kg-export-") as tmp:
        target = Path(tmp) / f"export.{FORMATS[args.format]}"
        call_with_timeout(partial(write, target), args.timeout, what=what)
        copy_stdout(target)
    return 0
