"""Read the entities to link from a built Dataset (facts graph, and external graph if present).

Which kinds can be linked, to which datasets, and which Wikidata classes a candidate of each
kind must be an instance of (``wdt:P31/wdt:P279*``) are decided here (decision 0071).
"""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Literal

from cica_kg import iris
from cica_kg.kinds import CONCEPTS, PLACES, Kind
from cica_kg.link.model import DATASETS, GEONAMES, TextEntity
from cica_kg.prefixes import ALTERNATIVE_NAMESPACES, PREFIXES, curie

SCHEMA_CONTAINED_IN = URIRef("https://schema.org/containedInPlace")

_KIND_PREFIXES = {name: PREFIXES[name] for name in ("cica", "foaf", "org", "schema")}
"""The namespaces entity kinds come from."""

CONCEPT_KINDS = CONCEPTS
"""The SKOS concepts (:data:`cica_kg.kinds.CONCEPTS`), matched with skos:exactMatch/closeMatch."""

WIKIDATA_TYPES: dict[str, tuple[str, ...]] = {
    Kind.PERSON: ("Q5",),  # human
    Kind.CITY: ("Q515",),  # city (and its subclasses, through P279*)
    Kind.STATE: ("Q3624078",),  # sovereign state
    Kind.INTERNATIONAL_ORGANIZATION: ("Q484652",),  # international organization
    Kind.CONTINENT: ("Q5107",),  # continent
    Kind.BODY: ("Q43229",),  # organization
    Kind.FORMAL_ORGANIZATION: ("Q43229",),  # organization
    Kind.CHARTER: ("Q49848",),  # document
}
"""Kind → Wikidata classes a candidate must reach by ``wdt:P31/wdt:P279*``."""

LINKABLE_KINDS = frozenset(WIKIDATA_TYPES) | CONCEPT_KINDS
"""Kinds worth linking; events, terms, counts and the source article are this graph's own."""


def datasets_for(kind: str) -> tuple[str, ...]:
    """The datasets an entity of ``kind`` is linked to (GeoNames only for places)."""
    if kind not in LINKABLE_KINDS:
        return ()
    return tuple(d for d in DATASETS if d != GEONAMES or kind in PLACES)


def kind_of(type_iri: URIRef) -> str | None:
    """The compact kind of a class IRI (``cica:State``), or None for unknown namespaces."""
    text = str(type_iri)
    for namespace, name in ALTERNATIVE_NAMESPACES.items():
        if text.startswith(namespace):
            text = PREFIXES[name] + text[len(namespace) :]
    compact = curie(text, _KIND_PREFIXES)
    return compact if compact != text else None


def read_entities(dataset: Dataset) -> tuple[TextEntity, ...]:
    """The linkable entities of the facts graph and the external graph, sorted by IRI."""
    facts = dataset.graph(iris.FACTS_GRAPH)
    external = dataset.graph(iris.EXTERNAL_GRAPH)
    found: dict[str, TextEntity] = {}
    for graph, in_text in ((facts, True), (external, False)):
        for subject in sorted(set(graph.subjects(RDF.type, None)), key=str):
            if not isinstance(subject, URIRef) or str(subject) in found:
                continue
            entity = _entity(graph, subject, in_text, facts, external)
            if entity is not None:
                found[str(subject)] = entity
    return tuple(found[k] for k in sorted(found))


def _entity(
    graph: Graph, subject: URIRef, in_text: bool, facts: Graph, external: Graph
) -> TextEntity | None:
    kinds = sorted(k for t in graph.objects(subject, RDF.type) if (k := kind_of(t)))  # type: ignore[arg-type]
    kind = next((k for k in kinds if k in LINKABLE_KINDS), None)
    if kind is None:
        return None
    labels: list[tuple[str, str]] = []
    for source in (facts, external):
        for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
            for value in sorted(source.objects(subject, prop), key=str):
                if isinstance(value, Literal):
                    pair = (str(value), value.language or "en")
                    if pair not in labels:
                        labels.append(pair)
    if not labels:
        return None
    return TextEntity(
        iri=str(subject),
        kind=kind,
        labels=tuple(labels),
        in_text=in_text,
        country=_country(subject, facts, external) if kind == Kind.CITY else None,
    )


def _country(city: URIRef, *graphs: Graph) -> str | None:
    """The English label of the place a city is said to be in, if any graph says."""
    for graph in graphs:
        for state in sorted(graph.objects(city, SCHEMA_CONTAINED_IN), key=str):
            for source in graphs:
                for label in source.objects(state, RDFS.label):
                    if isinstance(label, Literal) and label.language in (None, "en"):
                        return str(label)
    return None
