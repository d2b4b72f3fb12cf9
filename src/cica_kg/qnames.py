"""An rdflib namespace manager that gives rdflib's answers without its quadratic filing.

rdflib files the namespace of every IRI it is asked to abbreviate in a trie whose insertion
scans all siblings. The project's fact and annotation IRIs (``…/id/fact/07e05d…`` splits after
``07``) make thousands of namespaces, so writing TriG and pySHACL's result messages were
quadratic (most of a 30-article build). An IRI gets a prefix from rdflib only through a bound
namespace that extends the IRI's split namespace and starts the IRI (a filed split namespace
never extends another IRI's split namespace, so filing one changes no later answer);
:class:`QuickNames` answers "no prefix" at once when there is none, and asks rdflib otherwise.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef, Variable
from rdflib.namespace import NamespaceManager, split_uri


class QuickNames(NamespaceManager):
    """rdflib's :class:`~rdflib.namespace.NamespaceManager`, answering "no prefix" for an IRI
    no bound namespace can abbreviate without filing the IRI's namespace first."""

    def __init__(self, graph: Graph, bind_namespaces: Any = "rdflib") -> None:
        self._bound: tuple[str, ...] | None = None
        self._unprefixed: set[str] = set()
        super().__init__(graph, bind_namespaces=bind_namespaces)

    def bind(self, prefix: str | None, namespace: Any, override: bool = True,
             replace: bool = False) -> None:  # fmt: skip
        known = prefix is not None and self.store.namespace(prefix) == URIRef(str(namespace))
        super().bind(prefix, namespace, override=override, replace=replace)
        if not known and self._bound is not None and self._namespaces() != self._bound:
            self._bound, self._unprefixed = None, set()  # pySHACL binds sh: for every message

    def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
        if not generate and self._no_prefix(uri):
            raise KeyError(f"No known prefix for {uri} and generate=False")
        return super().compute_qname(uri, generate)

    def normalizeUri(self, rdfTerm: str) -> str:  # noqa: N802, N803 (rdflib's names)
        if not isinstance(rdfTerm, Variable):
            try:
                split, _ = split_uri(rdfTerm)
            except Exception:  # rdflib's own answer for an IRI it cannot split
                return f"<{rdfTerm}>"
            if self.store.prefix(URIRef(split)) is None:
                return f"<{rdfTerm}>"
        return super().normalizeUri(rdfTerm)

    def _namespaces(self) -> tuple[str, ...]:
        return tuple(sorted(str(namespace) for _, namespace in self.namespaces()))

    def _no_prefix(self, uri: str) -> bool:
        if uri in self._unprefixed:
            return True
        try:
            split, _ = split_uri(uri)
        except ValueError:
            return False  # rdflib decides
        if self._bound is None:
            self._bound = self._namespaces()
        if any(b.startswith(split) and uri.startswith(b) for b in self._bound):
            return False
        self._unprefixed.add(uri)
        return True
