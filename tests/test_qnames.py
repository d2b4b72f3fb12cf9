"""qnames.py: the quick namespace manager answers as rdflib's own does."""

from __future__ import annotations

from rdflib import Graph, URIRef, Variable
from rdflib.namespace import NamespaceManager

from cica_kg.namespace import bind_prefixes
from cica_kg.qnames import QuickNames

IRIS = [
    "https://w3id.org/cica-kg/id/fact/07e05d2e95715e03",
    "https://w3id.org/cica-kg/id/fact/2730a268718e801f",
    "https://w3id.org/cica-kg/id/state/china",
    "https://w3id.org/cica-kg/ontology#memberOf",
    "https://w3id.org/cica-kg/ontology#",
    "https://schema.org/startDate",
    "https://schema.org/a/b",
    "http://www.w3.org/ns/org#Membership",
    "http://example.org/unbound/x1",
    "http://example.org/unbound/123",
    "http://example.org/unbound/",
    "urn:x-local:thing",
]


def _answer(manager: NamespaceManager, iri: str, generate: bool) -> object:
    try:
        return manager.compute_qname(iri, generate=generate)
    except Exception as exc:  # rdflib raises KeyError or ValueError
        return type(exc) in {KeyError, ValueError}


def _managers() -> tuple[NamespaceManager, NamespaceManager]:
    plain, quick = bind_prefixes(Graph()), bind_prefixes(Graph())
    quick.namespace_manager = QuickNames(quick)
    bind_prefixes(quick)
    return plain.namespace_manager, quick.namespace_manager


def test_prefixed_names_are_rdflibs() -> None:
    plain, quick = _managers()
    for generate in (False, True, False):  # generating binds ns1, ns2: the answers follow
        for iri in IRIS:
            assert _answer(quick, iri, generate) == _answer(plain, iri, generate), iri
    assert sorted(quick.namespaces()) == sorted(plain.namespaces())


def test_n3_forms_are_rdflibs() -> None:
    plain, quick = _managers()
    for term in [*map(URIRef, IRIS), Variable("x")]:
        assert quick.normalizeUri(term) == plain.normalizeUri(term), term
