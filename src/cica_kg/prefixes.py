"""The project's prefixes as plain strings (no rdflib import, so the query command stays fast)."""

from __future__ import annotations

from collections.abc import Mapping

BASE = "https://w3id.org/cica-kg/"
"""Every IRI the project mints starts here."""
GRAPH_NAMESPACE = BASE + "graph/"
"""The named graphs (:mod:`cica_kg.graphs`); ``cicag:`` in query results only."""

PREFIXES: dict[str, str] = {
    "cica": BASE + "ontology#",
    "cicar": BASE + "id/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "vann": "http://purl.org/vocab/vann/",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Every prefix the project writes, by prefix (``cicar:`` is the instance namespace)."""


RESULT_PREFIXES: dict[str, str] = {
    name: ({"cicag": GRAPH_NAMESPACE} | PREFIXES)[name]
    for name in ("cica", "cicar", "cicag", "org", "foaf", "schema", "prov", "skos", "dcterms",
                 "oa", "time", "rdf", "rdfs", "owl", "xsd")
}  # fmt: skip
"""The prefixes query results show, in the order Turtle output declares them (``cicag:`` for
graph names too, which the built files spell out in full)."""

ALTERNATIVE_NAMESPACES: dict[str, str] = {"http://schema.org/": "schema"}
"""Namespaces other data spell differently, by the prefix they mean (schema.org over http)."""


def curie(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``iri`` as a prefixed name when one of ``prefixes`` covers it, else unchanged.

    The local part must be non-empty and hold no ``/`` (a valid Turtle prefixed name).

    >>> curie("https://schema.org/startDate"), curie("https://w3id.org/cica-kg/id/state/china")
    ('schema:startDate', 'https://w3id.org/cica-kg/id/state/china')
    """
    for prefix, namespace in prefixes.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and "/" not in local:
            return f"{prefix}:{local}"
    return iri
