"""Analytics: the entity graph (networkx) read from a built dataset: paths, centrality,
exports for Gephi and Cytoscape (:mod:`~cica_kg.analytics.graph`), a picture
(:mod:`~cica_kg.analytics.drawing`, which alone imports matplotlib).
"""

from __future__ import annotations

from cica_kg.analytics.graph import (
    EXPORT_FORMATS,
    entity_graph,
    export_graph,
    find_node,
    label,
    rank,
    read_dataset,
    shortest_paths,
    write_export,
)

__all__ = [
    "EXPORT_FORMATS",
    "entity_graph",
    "export_graph",
    "find_node",
    "label",
    "rank",
    "read_dataset",
    "shortest_paths",
    "write_export",
]
