"""One named graph of an Oxigraph store seen as a read-only rdflib graph (decision 0147).

:class:`StoreGraph` answers the :class:`~cica_kg.build.views.GraphView` methods by index
lookups in the store, one pattern at a time, and gives rdflib terms: the figures of a build
(``stats``, ``facts``) read a large build through it with the code that reads an rdflib
``Dataset``, without holding the evidence graph in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD, NamespaceManager
from rdflib.term import Node

_XSD_STRING = str(XSD.string)


def to_rdflib(term: Any) -> Node:
    """An rdflib term for a pyoxigraph one (a literal typed ``xsd:string`` as a plain one,
    as rdflib reads ``"text"``)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term of a graph: {term!r}")


def to_oxigraph(term: Node | None) -> Any:
    """A pyoxigraph term for an rdflib one (None stays None: any term)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term of a graph: {term!r}")


class StoreGraph:
    """The named graph ``graph`` of ``store``, read-only, with the prefixes ``names``."""

    def __init__(self, store: Any, graph: str, names: NamespaceManager) -> None:
        self._store = store
        self._graph = ox.NamedNode(graph)
        self._names = names

    @property
    def namespace_manager(self) -> NamespaceManager:
        """The prefixes CURIEs are made with (those of the file the store was loaded from)."""
        return self._names

    def _match(self, s: Node | None, p: Node | None, o: Node | None) -> Iterator[Any]:
        return iter(self._store.quads_for_pattern(to_oxigraph(s), to_oxigraph(p),
                                                  to_oxigraph(o), self._graph))  # fmt: skip

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        for quad in self._match(None, None, None):
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)

    def __len__(self) -> int:
        return sum(1 for _ in self._match(None, None, None))

    def subjects(self, predicate: Node | None = None, object: Node | None = None
                 ) -> Iterator[Node]:  # fmt: skip
        """The subjects of the triples matching ``predicate`` and ``object``."""
        return (to_rdflib(quad.subject) for quad in self._match(None, predicate, object))

    def predicates(self, subject: Node | None = None, object: Node | None = None
                   ) -> Iterator[Node]:  # fmt: skip
        """The predicates of the triples matching ``subject`` and ``object``."""
        return (to_rdflib(quad.predicate) for quad in self._match(subject, None, object))

    def objects(self, subject: Node | None = None, predicate: Node | None = None
                ) -> Iterator[Node]:  # fmt: skip
        """The objects of the triples matching ``subject`` and ``predicate``."""
        return (to_rdflib(quad.object) for quad in self._match(subject, predicate, None))

    def value(self, subject: Node | None = None, predicate: Node | None = None) -> Node | None:
        """One object of ``subject`` and ``predicate`` (the store's first), or None."""
        return next(self.objects(subject, predicate), None)
