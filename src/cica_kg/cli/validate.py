"""``cica-kg validate``: check a built graph against the SHACL shapes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_out_dir, add_parser
from cica_kg.export import load_dataset
from cica_kg.pipeline import DATASET_FILE


def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand."""
    parser = add_parser(
        subparsers, "validate",
        summary="Validate a built graph against the SHACL shapes; exit 1 if it does not conform.",
        example="cica-kg validate --graph build/cica.trig",
    )
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help=f"graph file to validate (default: DIR/{DATASET_FILE})")
    add_out_dir(parser, "build directory to read (default: build)")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the validation report."""
    from cica_kg.validate import format_report, validate

    result = validate(load_dataset(args.graph or args.out / DATASET_FILE))
    print(format_report(result), end="")
    return 0 if result.conforms else 1
