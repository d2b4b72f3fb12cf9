"""The VoID description: counts that match the graph, linksets with targets and counts."""

from __future__ import annotations

from rdflib import OWL, RDF, Literal, URIRef
from rdflib import namespace as ns  # not XSD as a global: see tests/test_external.py
from rdflib.namespace import VOID

from cica_kg import iris
from cica_kg.link import add_linkset, link
from cica_kg.link.void import DATASET_IRI, serialize_void, void_graph
from linking_fixtures import article_dataset


def _int(value: int) -> Literal:
    return Literal(value, datatype=ns.XSD.integer)


def test_void_counts_and_linksets() -> None:
    dataset = article_dataset()
    result = link(dataset)
    add_linkset(dataset, result)
    void = void_graph(dataset)
    facts = dataset.graph(iris.FACTS_GRAPH)
    assert (DATASET_IRI, VOID.triples, _int(len(facts))) in void
    assert (DATASET_IRI, VOID.entities, _int(18)) in void
    wikidata = URIRef("https://w3id.org/cica-kg/id/linkset/wikidata")
    assert (wikidata, RDF.type, VOID.Linkset) in void
    assert (wikidata, VOID.linkPredicate, OWL.sameAs) in void
    assert (
        wikidata,
        VOID.objectsTarget,
        URIRef("https://w3id.org/cica-kg/id/dataset/wikidata"),
    ) in void
    assert (wikidata, VOID.triples, _int(len(result.accepted("wikidata")))) in void
    assert len(list(void.objects(DATASET_IRI, VOID.exampleResource))) == 3
    assert (DATASET_IRI, URIRef("http://purl.org/dc/terms/license"), None) in void


def test_void_is_deterministic() -> None:
    first, second = article_dataset(), article_dataset()
    add_linkset(first, link(first))
    add_linkset(second, link(second))
    assert serialize_void(first) == serialize_void(second)
