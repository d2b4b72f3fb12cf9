"""Mint stable IRIs: from normalised names and types, never from run order."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

BASE = "https://w3id.org/cica-kg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

FACTS_GRAPH = URIRef(GRAPH + "facts")
EVIDENCE_GRAPH = URIRef(GRAPH + "evidence")
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")


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
    if kind == "cica:SourceArticle":
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
