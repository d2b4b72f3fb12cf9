"""``cica-kg validate``: check a built graph against the SHACL shapes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cica_kg.build import load_dataset
from cica_kg.cli._common import add_out_dir, add_parser, add_timeout, graph_file
from cica_kg.pipeline import DATASET_FILE

if TYPE_CHECKING:
    from cica_kg.validate import ValidationResult

def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand."""
    parser = add_parser(
        subparsers, "validate",
        summary="Validate a built graph (text graphs, linkset, external data) against the "
        "SHACL shapes; exit 1 if it does not conform.",
        example="cica-kg validate --graph build/cica.trig",
    )
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help=f"graph file to validate (default: DIR/{DATASET_FILE})")
    parser.add_argument("--shapes", type=Path, metavar="FILE",
                        help="SHACL shapes for the text graphs (default: the bundled shapes.ttl)")
    add_timeout(parser, "reading and validating")
    add_out_dir(parser, "build directory to read (default: build)")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the validation report: the text graphs, the linkset, the external data (0076, 0079).

    Reading and validating run in the bounded worker, stopped after ``--timeout`` (0084).
    """
    from cica_kg.validate import (
        format_reports,
        validate,
        validate_external,
        validate_linkset,
        validate_within,
    )

    graph = graph_file(args)

    def check() -> tuple[ValidationResult, ValidationResult | None, ValidationResult | None]:
        dataset = load_dataset(graph)
        return (validate(dataset, shapes=args.shapes), validate_linkset(dataset),
                validate_external(dataset))  # fmt: skip

    results = validate_within(check, args.timeout, what=f"validating {graph}")
    print(format_reports(*results), end="")
    return 0 if all(r is None or r.conforms for r in results) else 1
