"""The linkset SHACL shapes: the built linkset passes; each broken case fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from cica_kg.link import link, linkset_graph
from cica_kg.link.linkset import LINK
from cica_kg.resources import ontology_file
from cica_kg.validate import validate_linkset
from cica_kg.validate.shacl import load_turtle
from linking_fixtures import article_dataset

WD = "http://www.wikidata.org/entity/"
CHINA = URIRef("https://w3id.org/cica-kg/id/state/china")
KAZAKHSTAN = URIRef("https://w3id.org/cica-kg/id/state/kazakhstan")


@pytest.fixture(scope="module")
def good() -> Graph:
    return linkset_graph(link(article_dataset(external=False)))  # small: SHACL-SPARQL is slow


def _link_of(graph: Graph, entity: URIRef, dataset: str) -> URIRef:
    ls = URIRef(f"https://w3id.org/cica-kg/id/linkset/{dataset}")
    links = set(graph.subjects(RDF.subject, entity)) & set(
        graph.subjects(URIRef("http://rdfs.org/ns/void#inDataset"), ls)
    )
    node = next(iter(links))
    assert isinstance(node, URIRef)
    return node


def test_shapes_file_is_valid_shacl() -> None:
    from pyshacl import validate

    shapes = load_turtle(ontology_file("linkset-shapes.ttl"))
    conforms, _, text = validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_built_linkset_conforms(good: Graph) -> None:
    result = validate_linkset(good)
    assert result is not None
    assert result.conforms, result.findings


def _bad_qid(g: Graph) -> None:
    node = _link_of(g, CHINA, "wikidata")
    g.remove((node, RDF.object, None))
    g.add((node, RDF.object, URIRef(WD + "P148")))


def _second_accepted_qid(g: Graph) -> None:
    node = _link_of(g, KAZAKHSTAN, "wikidata")
    g.remove((node, RDF.object, None))
    g.add((node, RDF.object, URIRef(WD + "Q9999")))
    g.add((KAZAKHSTAN, OWL.sameAs, URIRef(WD + "Q9999")))
    original = _link_of(g, CHINA, "wikidata")
    for p, o in list(g.predicate_objects(original)):
        if p not in (RDF.subject, RDF.object):
            g.add((URIRef(f"{original}-copy"), p, o))
    g.add((URIRef(f"{original}-copy"), RDF.subject, CHINA))
    g.add((URIRef(f"{original}-copy"), RDF.object, URIRef(WD + "Q29520")))
    g.add((CHINA, OWL.sameAs, URIRef(WD + "Q29520")))


def _shared_qid(g: Graph) -> None:
    node = _link_of(g, KAZAKHSTAN, "wikidata")
    g.remove((node, RDF.object, None))
    g.add((node, RDF.object, URIRef(WD + "Q148")))
    g.add((KAZAKHSTAN, OWL.sameAs, URIRef(WD + "Q148")))


def _type_disagrees(g: Graph) -> None:
    node = _link_of(g, CHINA, "wikidata")
    g.set((node, LINK.typeAgreement, Literal(False)))


def _no_evidence(g: Graph) -> None:
    g.remove((_link_of(g, CHINA, "geonames"), LINK.evidence, None))


def _bad_geonames_iri(g: Graph) -> None:
    node = _link_of(g, CHINA, "geonames")
    g.remove((node, RDF.object, None))
    g.add((node, RDF.object, URIRef("http://www.geonames.org/1814991")))


def _accepted_not_asserted(g: Graph) -> None:
    g.remove((CHINA, OWL.sameAs, URIRef(WD + "Q148")))


@pytest.mark.parametrize(
    ("breaker", "shape"),
    [
        (_bad_qid, "LinkCandidate-wikidataPattern"),
        (_second_accepted_qid, "LinkCandidate-oneAcceptedTarget"),
        (_shared_qid, "LinkCandidate-targetNotShared"),
        (_type_disagrees, "LinkCandidate-acceptedTypeAgrees"),
        (_no_evidence, "LinkCandidate-evidence"),
        (_bad_geonames_iri, "LinkCandidate-geonamesPattern"),
        (_accepted_not_asserted, "LinkCandidate-acceptedAsserted"),
    ],
)
def test_broken_linkset_fails_with_the_shapes_message(
    good: Graph, breaker: Callable[[Graph], None], shape: str
) -> None:
    broken = Graph()
    for triple in good:
        broken.add(triple)
    breaker(broken)
    result = validate_linkset(broken)
    assert result is not None
    assert not result.conforms
    names = {name for f in result.findings for name in (f.shape_iri, f.constraint_iri)}
    assert f"https://w3id.org/cica-kg/shapes#{shape}" in names, result.findings
