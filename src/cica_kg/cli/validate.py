"""``cica-kg validate``: check a built graph against the SHACL shapes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cica_kg.build import load_dataset
from cica_kg.cli._common import add_out_dir, add_parser, add_timeout, graph_file
from cica_kg.pipeline import DATASET_FILE

ENGINES = ("auto", "pyshacl", "fast")  # cica_kg.validate.shacl.ENGINES, not imported: no work

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
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="SHACL engine for the text graphs: fast (Rust SHACL Core and one "
                        "query per SPARQL constraint), pyshacl, or auto (default: fast for "
                        "the bundled shapes, pyshacl for --shapes; decision 0117)")  # fmt: skip
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

    def check() -> tuple[bool, ValidationResult, ValidationResult | None, ValidationResult | None]:
        dataset = load_dataset(graph)
        text = validate(dataset, shapes=args.shapes, engine=args.engine)
        facts_only = not _has_evidence(dataset)
        if facts_only:
            text = _without_evidence_shapes(text)
        return facts_only, text, validate_linkset(dataset), validate_external(dataset)

    facts_only, text, linkset, external = validate_within(check, args.timeout,
                                                          what=f"validating {graph}")  # fmt: skip
    if facts_only:
        print(f"Note: {graph.name} holds the facts without their evidence graph, "
              "so the shapes that ask for evidence (Entity-evidence) are not applied; "
              "validate cica.trig to check the evidence too.\n")  # fmt: skip
    print(format_reports(text, linkset, external), end="")
    return 0 if all(r is None or r.conforms for r in (text, linkset, external)) else 1


EVIDENCE_SHAPES = ("https://w3id.org/cica-kg/shapes#Entity-evidence",)
"""Shapes that ask for the evidence graph (a file of the facts alone cannot meet them)."""


def _has_evidence(dataset: Any) -> bool:
    from rdflib import RDF

    return any(True for _ in dataset.quads((None, RDF.type, RDF.Statement, None)))


def _without_evidence_shapes(result: ValidationResult) -> ValidationResult:
    """``result`` less the findings of :data:`EVIDENCE_SHAPES` (a facts-only file)."""
    from dataclasses import replace

    kept = tuple(f for f in result.findings if f.shape_iri not in EVIDENCE_SHAPES)
    violation = any(f.severity == "Violation" for f in kept)
    return replace(result, findings=kept, conforms=not violation)
