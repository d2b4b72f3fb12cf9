"""Linked Data pages for the minted IRIs (``/id/…``): HTML for people, RDF for programs."""

from __future__ import annotations

from typing import Any

from cica_kg.serve.reply import Reply, error


def entity(store: Any, *, iri: str, fmt: str) -> Reply:
    """The page of ``iri`` in ``fmt`` (``html`` or a graph format); 404 if unknown."""
    return error(404, f"no page for {iri} yet")
