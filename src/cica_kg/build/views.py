"""What the figures of a build read of a graph: an rdflib ``Graph``, or a view of a store.

:func:`cica_kg.build.stats.stats_of` and :func:`cica_kg.build.review.rows_of` read the
facts and evidence graphs only through these methods, so the same code counts an rdflib
``Dataset`` in memory and a large build through its Oxigraph store
(:class:`cica_kg.store.view.StoreGraph`, decision 0147) and gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from rdflib.namespace import NamespaceManager
from rdflib.term import Node


class GraphView(Protocol):
    """The read-only part of :class:`rdflib.Graph` the figures of a build use."""

    @property
    def namespace_manager(self) -> NamespaceManager:
        """The prefixes CURIEs are made with."""
        ...

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple."""
        ...

    def __len__(self) -> int:
        """The number of triples."""
        ...

    def subjects(self, predicate: Node | None = None, object: Node | None = None
                 ) -> Iterator[Node]:  # fmt: skip
        """The subjects of the triples matching ``predicate`` and ``object``."""
        ...

    def predicates(self, subject: Node | None = None, object: Node | None = None
                   ) -> Iterator[Node]:  # fmt: skip
        """The predicates of the triples matching ``subject`` and ``object``."""
        ...

    def objects(self, subject: Node | None = None, predicate: Node | None = None
                ) -> Iterator[Node]:  # fmt: skip
        """The objects of the triples matching ``subject`` and ``predicate``."""
        ...

    def value(self, subject: Node | None = None, predicate: Node = ...) -> Node | None:
        """One object of ``subject`` and ``predicate``, or None."""
        ...
