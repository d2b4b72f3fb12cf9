"""HTML documentation of the ontology (``/ontology``)."""

from __future__ import annotations

from typing import Any

from cica_kg.serve.reply import Reply, error


def ontology_page(store: Any) -> Reply:
    """The ontology's documentation page."""
    return error(404, "not yet")
