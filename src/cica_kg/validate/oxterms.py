"""Oxigraph for the fast engine: an in-memory store of the data, terms to and from rdflib, and
the few triples a report reads (decisions 0117, 0144)."""

from __future__ import annotations

from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
CICA_EVIDENCE = URIRef("https://w3id.org/cica-kg/ontology#evidence")
OA_TARGET = URIRef("http://www.w3.org/ns/oa#hasTarget")
OA_SELECTOR = URIRef("http://www.w3.org/ns/oa#hasSelector")
FORWARD = (CICA_EVIDENCE, OA_TARGET, OA_SELECTOR)
"""From a reified fact to its quote: fact → annotation → target → selector."""


def load_store(data_ntriples: str) -> Any:
    """An in-memory Oxigraph store of ``data_ntriples``. Blank nodes keep their labels (the
    store's own loader renames them; they must stay those the Rust engine reports)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.parse(data_ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
    return store


def neighbourhood(data_ntriples: str, store: Any, focus: set[Node]) -> Graph:
    """The triples of ``data_ntriples`` a report reads about the ``focus`` nodes, as written:
    theirs (names, values), and those of the reified facts about them, of the facts' evidence
    annotations, targets and selectors (the source quotes; :func:`.shacl._source`).

    The nodes are found in ``store`` (the same data); their triples are read from
    ``data_ntriples`` again, since a store folds derived number types into ``xsd:integer``.
    """
    import pyoxigraph as ox

    wanted = {to_ox(node) for node in focus}
    subject = to_ox(RDF.subject)
    step = {q.subject for node in wanted for q in store.quads_for_pattern(None, subject, node)}
    wanted |= step
    for predicate in map(to_ox, FORWARD):
        step = {q.object for node in step for q in store.quads_for_pattern(node, predicate, None)}
        wanted |= step
    near = Graph()
    for triple in ox.parse(data_ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES):
        if triple.subject in wanted:
            near.add((from_ox(triple.subject), from_ox(triple.predicate),  # type: ignore[arg-type]
                      from_ox(triple.object)))  # fmt: skip
    return near


def to_ox(node: Node) -> Any:
    """The Oxigraph term of an rdflib IRI, blank node or literal."""
    import pyoxigraph as ox

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if not isinstance(node, Literal):
        raise TypeError(f"not an RDF term: {node!r}")
    if node.language:
        return ox.Literal(str(node), language=node.language)
    datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
    return ox.Literal(str(node), datatype=datatype)


def from_ox(term: object) -> Node | None:
    """The rdflib term of an Oxigraph term (None stays None: an unbound variable)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
