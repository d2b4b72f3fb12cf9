"""``cica-kg validate``: check a built graph against the SHACL shapes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_out_dir, add_parser, add_timeout, graph_file, warn
from cica_kg.pipeline import DATASET_FILE

ENGINES = ("auto", "pyshacl", "fast")  # cica_kg.validate.shacl.ENGINES, not imported: no work


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
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="SHACL engine for the text graphs: fast (Rust SHACL Core and one "
                        "query per SPARQL constraint), pyshacl, or auto (default: fast for "
                        "the bundled shapes, pyshacl for --shapes; decision 0117)")  # fmt: skip
    add_timeout(parser, "reading and validating")
    add_out_dir(parser, "build directory to read (default: build)")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the validation report: the text graphs, the linkset, the external data (0076, 0079).

    Reading and validating run in the bounded worker, stopped after ``--timeout`` (0084); the
    fast engine reads the file with Oxigraph, not rdflib (0144).
    """
    from cica_kg.validate import choose_engine, format_reports, validate_file, validate_within

    graph = graph_file(args)
    engine, fallback = choose_engine(args.engine, shapes=args.shapes)  # said once, up front
    if fallback:
        warn(fallback)
    checked = validate_within(lambda: validate_file(graph, shapes=args.shapes, engine=engine),
                              args.timeout, what=f"validating {graph}")  # fmt: skip
    if checked.facts_only:
        print(f"Note: {graph.name} holds the facts without their evidence graph, "
              "so the shapes that ask for evidence (Entity-evidence) are not applied; "
              "validate cica.trig to check the evidence too.\n")  # fmt: skip
    print(format_reports(checked.text, checked.linkset, checked.external), end="")
    return 0 if checked.conforms else 1
