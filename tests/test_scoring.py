"""The fixture scorer (tests/scoring.py) counts a fact only when the graph states it."""

from __future__ import annotations

from rdflib import Graph

from cica_kg.bench import scoring

GRAPH = """
@prefix cica: <https://w3id.org/cica-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/cica-kg/id/> .

id:summit\\/x a cica:Summit ; schema:startDate "2002-06-04"^^xsd:date ;
    schema:location id:city\\/almaty ; cica:ordinal "1"^^xsd:positiveInteger .
id:city\\/almaty rdfs:label "Almaty"@en .
id:person\\/nursultan-nazarbayev org:holds id:post\\/p .
id:post\\/p rdfs:label "President of Kazakhstan"@en .
id:body\\/b org:unitOf id:org\\/cica .
id:org\\/cica rdfs:label "Conference on Interaction and Confidence-Building Measures in Asia"@en ;
    skos:altLabel "CICA"@en ; org:purpose "to promote dialogue on security"@en .
id:body\\/b rdfs:label "Senior Officials Committee"@en .
"""
CICA = "Conference on Interaction and Confidence-Building Measures in Asia"
SUMMIT = {"kind": "cica:Summit", "date": "2002-06", "location": "Almaty"}


def fact(subject: object, predicate: str, obj: object, kind: str = "entity", **kw: object) -> dict:
    return {
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "object_kind": kind,
        "lang": ["en"],
        **kw,
    }


def graph() -> Graph:
    return Graph().parse(data=GRAPH, format="turtle")


def test_events_match_by_kind_date_prefix_and_place() -> None:
    result = scoring.score(
        [
            fact(SUMMIT, "schema:startDate", "2002-06", "literal"),
            fact(SUMMIT, "cica:ordinal", "1", "literal"),
            fact({**SUMMIT, "location": "Shanghai"}, "cica:ordinal", "1", "literal"),
        ],
        graph(),
    )
    assert (result.found, result.stated) == (2, 3)


def test_names_match_labels_slugs_and_inverse_properties() -> None:
    expected = [
        fact("Nursultan Nazarbayev", "org:holds", "president of kazakhstan"),  # IRI slug, case
        fact(["CICA"], "org:hasUnit", "the Senior Officials Committee"),  # inverse org:unitOf
        fact(CICA, "org:purpose", "dialogue", "literal", match="contains"),
    ]
    assert scoring.score(expected, graph()).recall == 1.0


def test_absent_optional_and_proposed_facts_are_kept_apart() -> None:
    expected = [
        fact(CICA, "org:hasUnit", "Senior Officials Committee", expect="absent"),
        fact(CICA, "org:hasMember", "Kuwait", vocab="proposed"),
        fact("Xi Jinping", "org:holds", "President of China", optional=True),
        fact(CICA, "org:hasUnit", "Special Working Group"),
    ]
    result = scoring.score(expected, graph())
    assert len(result.wrong) == 1
    assert (result.proposed_found, result.proposed_stated, result.optional_found) == (0, 1, 0)
    assert (result.found, result.stated) == (0, 1)
    missing = [scoring.describe(f) for f in result.missing]
    assert missing == [f"{CICA} org:hasUnit Special Working Group"]
