"""The project's prefixes as plain strings (no rdflib import, so the query command stays fast)."""

from __future__ import annotations

BASE = "https://w3id.org/cica-kg/"
"""Every IRI the project mints starts here."""

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


def curie(iri: str) -> str:
    """``iri`` as a CURIE when a project prefix covers it, else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri
