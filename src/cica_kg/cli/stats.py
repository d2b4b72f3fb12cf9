"""``cica-kg stats``: counts of classes, properties and evidenced facts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cica_kg.build import GraphStats, compute_stats, load_dataset, render_stats
from cica_kg.cli._common import add_out_dir, add_parser, add_timeout, read_graph
from cica_kg.pipeline import DATASET_FILE


def register(subparsers: Any) -> None:
    """Add the ``stats`` subcommand."""
    parser = add_parser(
        subparsers, "stats",
        summary="Print counts per class and property, and how many facts have evidence.",
        example="cica-kg stats --out build",
    )
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help=f"graph file to read (default: DIR/{DATASET_FILE})")
    add_out_dir(parser, "build directory to read (default: build)")
    add_timeout(parser, "reading and counting")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the statistics table."""
    def count(graph: Path) -> GraphStats:
        from cica_kg.store.reading import is_large, read_stats

        if is_large(graph):  # read through the store (decision 0147)
            return read_stats(graph)
        return compute_stats(load_dataset(graph))

    print(render_stats(read_graph(args, count)), end="")
    return 0
