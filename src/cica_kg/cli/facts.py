"""``cica-kg facts``: every extracted fact with its languages, extractors, confidence and quote."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cica_kg.build import load_dataset
from cica_kg.build.review import REVIEW_FORMATS, FactRow, render_review, review_rows
from cica_kg.cli._common import add_out_dir, add_parser, add_timeout, read_graph, write_stdout
from cica_kg.pipeline import DATASET_FILE


def register(subparsers: Any) -> None:
    """Add the ``facts`` subcommand."""
    parser = add_parser(
        subparsers, "facts",
        summary="List every extracted fact by label, with its languages, extractors, "
        "confidence, sources and a quote: how to audit the graph.",
        example="cica-kg facts cica-china-org-cn-2019-04-17 --format csv",
    )  # fmt: skip
    parser.add_argument("source", nargs="?", metavar="SOURCE",
                        help="only facts quoted from this article (its file, name or IRI)")
    parser.add_argument("-f", "--format", choices=REVIEW_FORMATS, default="table",
                        help="table (default; long cells cut), csv or json (whole quotes)")
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help=f"graph file to read (default: DIR/{DATASET_FILE})")
    add_out_dir(parser, "build directory to read (default: build)")
    add_timeout(parser, "reading the graph")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the facts."""
    def rows(graph: Path) -> list[FactRow]:
        from cica_kg.store.reading import is_large, read_review

        if is_large(graph):  # read through the store (decision 0147)
            return read_review(graph, source=args.source)
        return review_rows(load_dataset(graph), source=args.source)

    found = read_graph(args, rows)
    write_stdout(render_review(found, args.format).encode("utf-8"))
    return 0
