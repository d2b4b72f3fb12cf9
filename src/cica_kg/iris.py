"""Mint stable IRIs: from normalised names and types, never from run order."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from cica_kg import graphs
from cica_kg.kinds import Kind
from cica_kg.prefixes import BASE, PREFIXES

ONTOLOGY = PREFIXES["cica"]
ID = PREFIXES["cicar"]
GRAPH = graphs.GRAPH

# The named graphs as rdflib terms (plain strings in :mod:`cica_kg.graphs`).
FACTS_GRAPH = URIRef(graphs.FACTS)
EVIDENCE_GRAPH = URIRef(graphs.EVIDENCE)
ONTOLOGY_GRAPH = URIRef(graphs.ONTOLOGY)
INFERRED_GRAPH = URIRef(graphs.INFERRED)
LINKSET_GRAPH = URIRef(graphs.LINKSET)
EXTERNAL_GRAPH = URIRef(graphs.EXTERNAL)

__all__ = ["BASE"]  # re-exported: iris.BASE is the base of every minted IRI


def slug(text: str) -> str:
    """Lower-case ASCII slug of a name: ``"Nursultan Nazarbayev"`` → ``"nursultan-nazarbayev"``.

    Non-Latin names keep their characters (percent-encoding is left to serialisers).

    >>> slug("Conference on Interaction & Confidence-Building Measures in Asia")
    'conference-on-interaction-confidence-building-measures-in-asia'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.findall(r"[\w]+", ascii_text)
    return "-".join(words) or "unnamed"


def kind_segment(kind: str) -> str:
    """The path segment for an entity kind: ``"cica:Summit"`` → ``"summit"``."""
    local = kind.split(":", 1)[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()


def entity_iri(kind: str, key: str) -> URIRef:
    """The IRI of an entity of ``kind`` with canonical ``key``.

    A source article (kind ``cica:SourceArticle``, key = its doc_id) gets :func:`source_iri`.
    """
    if kind == Kind.SOURCE_ARTICLE:
        return source_iri(key)
    return URIRef(f"{ID}{kind_segment(kind)}/{slug(key)}")


def source_iri(doc_id: str) -> URIRef:
    """The IRI of a source article."""
    return URIRef(f"{ID}source/{slug(doc_id)}")


def fact_iri(ntriples_line: str) -> URIRef:
    """The IRI of a reified fact, from the N-Triples form of its triple."""
    digest = hashlib.sha1(ntriples_line.encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{ID}fact/{digest}")


def extractor_iri(name: str) -> URIRef:
    """The IRI of an extractor (a rule or component of the pipeline)."""
    return URIRef(f"{ID}extractor/{slug(name)}")
