"""Validate a linkset graph against ``ontology/linkset-shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph

from cica_kg.errors import ResourceError
from cica_kg.resources import ontology_file

SHAPES_FILE = "linkset-shapes.ttl"


@dataclass(frozen=True)
class LinksetValidation:
    """The outcome: conforms or not, pySHACL's report graph and its text."""

    conforms: bool
    report: Graph
    text: str


@lru_cache(maxsize=1)
def linkset_shapes() -> Graph:
    """The bundled linkset shapes graph.

    Raises:
        ResourceError: the shapes file is missing or not valid Turtle.
    """
    path = ontology_file(SHAPES_FILE)
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        raise ResourceError(f"{path}: not valid Turtle ({exc}); reinstall cica-kg") from exc
    return graph


def validate_linkset(linkset: Graph) -> LinksetValidation:
    """Check ``linkset`` (the linkset named graph) against the linkset shapes."""
    from pyshacl import validate

    conforms, report, text = validate(linkset, shacl_graph=linkset_shapes(), allow_warnings=True)
    return LinksetValidation(bool(conforms), report, str(text))
