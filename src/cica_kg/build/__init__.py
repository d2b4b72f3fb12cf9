"""Build: statements in, an rdflib ``Dataset`` out (facts and evidence named graphs).

:mod:`~cica_kg.build.dataset` turns statements into triples with their reified evidence,
:mod:`~cica_kg.build.formats` serialises a dataset deterministically and reads one back,
:mod:`~cica_kg.build.stats` counts what a build holds.
"""

from __future__ import annotations

from cica_kg.build.dataset import build_dataset, evidence_graph, fact_iri_of, facts_graph
from cica_kg.build.formats import FORMATS, QUAD_FORMATS, check_choice, export, load_dataset
from cica_kg.build.stats import GraphStats, compute_stats, render_stats

__all__ = [
    "FORMATS",
    "QUAD_FORMATS",
    "GraphStats",
    "build_dataset",
    "check_choice",
    "compute_stats",
    "evidence_graph",
    "export",
    "fact_iri_of",
    "facts_graph",
    "load_dataset",
    "render_stats",
]
