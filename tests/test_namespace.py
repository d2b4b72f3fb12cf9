"""Tests of cica_kg.namespace: the closed CICA namespace matches ontology/cica.ttl exactly."""

from __future__ import annotations

import inspect

import pytest
from rdflib import Graph, URIRef

from cica_kg import namespace
from cica_kg.namespace import CICA, OA, PREFIXES, bind_prefixes, ontology_terms, render_namespace
from cica_kg.resources import ontology_file
from cica_kg.validate.shacl import load_turtle


def _declared() -> set[str]:
    graph = load_turtle(ontology_file("cica.ttl"))
    return {name for terms in ontology_terms(graph).values() for name, _label in terms}


def test_namespace_lists_exactly_the_terms_of_the_ontology() -> None:
    listed = set(CICA.__annotations__)
    assert listed == _declared()


def test_namespace_class_is_the_generated_one() -> None:
    assert render_namespace() in inspect.getsource(namespace)


def test_namespace_is_closed() -> None:
    assert CICA.Summit == URIRef("https://w3id.org/cica-kg/ontology#Summit")
    with pytest.raises(AttributeError):
        _ = CICA.Sumit


def test_every_oa_term_the_project_uses_is_in_oa() -> None:
    graph = Graph()
    for name in ("cica.ttl", "shapes.ttl"):
        graph += load_turtle(ontology_file(name))
    used = {
        str(term).removeprefix(str(OA))
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(OA)) and term != URIRef(str(OA))
    }
    assert used and used <= set(OA.__annotations__)


def test_bind_prefixes_binds_every_project_prefix() -> None:
    graph = bind_prefixes(Graph())
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix in (
        "cica",
        "cicar",
        "org",
        "foaf",
        "schema",
        "prov",
        "time",
        "skos",
        "dcterms",
        "oa",
        "xsd",
        "owl",
        "rdfs",
        "vann",
        "sh",
    ):
        assert bound[prefix] == PREFIXES[prefix]
    assert bound["cicar"] == "https://w3id.org/cica-kg/id/"
    assert bound["schema"] == "https://schema.org/"


def test_plain_prefix_table_matches_the_iri_module() -> None:
    from cica_kg import iris, prefixes

    assert prefixes.PREFIXES["cica"] == iris.ONTOLOGY
    assert prefixes.PREFIXES["cicar"] == iris.ID
