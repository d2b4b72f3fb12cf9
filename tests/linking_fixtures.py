"""Shared helpers for the linking tests: the hand-written article graph, with external data."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from cica_kg.link.external import load_external

ARTICLE = Path(__file__).parent / "data" / "linking" / "article.trig"


def article_dataset(*, external: bool = True) -> Dataset:
    """The fixture graph (facts only), plus the external-data graph unless told otherwise."""
    dataset = Dataset()
    dataset.parse(ARTICLE, format="trig")
    if external:
        load_external(dataset)
    return dataset
