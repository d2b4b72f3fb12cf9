"""Cut a named graph of the store into N-Triples request bodies of bounded size.

Each body is parsed by the remote store on its own, and blank-node labels are scoped to one
document, so every triple that mentions a blank node goes into the same body as every other
triple connected to it through blank nodes (an OWL restriction, an RDF list). Triples
without blank nodes stream in the store's order; the blank-node groups follow them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

DEFAULT_CHUNK_TRIPLES = 50_000
"""Triples a request carries (about 8 MB of N-Triples at the build's average line length)."""


@dataclass(frozen=True)
class Chunk:
    """One request body: N-Triples text of ``triples`` triples, UTF-8."""

    body: bytes
    triples: int


def named_graphs(store: Any) -> list[str]:
    """The IRIs of the store's named graphs, sorted (the order a push sends them in)."""
    return sorted(graph.value for graph in store.named_graphs())


def graph_chunks(store: Any, graph: str, *, max_triples: int = DEFAULT_CHUNK_TRIPLES
                 ) -> Iterator[Chunk]:  # fmt: skip
    """The triples of named graph ``graph`` as bodies of at most ``max_triples`` triples.

    A group of triples joined by blank nodes is never split; a group larger than
    ``max_triples`` gets a body of its own.
    """
    import pyoxigraph as ox

    lines: list[str] = []
    grouped = _BlankGroups()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        line = f"{quad.subject} {quad.predicate} {quad.object} .\n"
        blanks = [t.value for t in (quad.subject, quad.object) if isinstance(t, ox.BlankNode)]
        if blanks:
            grouped.add(line, blanks)
            continue
        lines.append(line)
        if len(lines) >= max_triples:
            yield _chunk(lines)
            lines = []
    yield from _pack(grouped.groups(), lines, max_triples)


def _pack(groups: Iterable[list[str]], lines: list[str], max_triples: int) -> Iterator[Chunk]:
    """Add each group to the pending ``lines``, cutting a body before it would overflow."""
    for group in groups:
        if lines and len(lines) + len(group) > max_triples:
            yield _chunk(lines)
            lines = []
        lines.extend(group)
    if lines:
        yield _chunk(lines)


def _chunk(lines: list[str]) -> Chunk:
    return Chunk("".join(lines).encode("utf-8"), len(lines))


class _BlankGroups:
    """Union-find over blank-node labels; each set collects the lines that mention it."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._lines: dict[str, list[str]] = {}

    def _root(self, label: str) -> str:
        parent = self._parent.setdefault(label, label)
        while parent != self._parent[parent]:
            self._parent[parent] = self._parent[self._parent[parent]]  # path halving
            parent = self._parent[parent]
        return parent

    def add(self, line: str, labels: list[str]) -> None:
        roots = [self._root(label) for label in labels]
        root = roots[0]
        for other in roots[1:]:
            if other != root:
                self._parent[other] = root
                self._lines.setdefault(root, []).extend(self._lines.pop(other, []))
        self._lines.setdefault(root, []).append(line)

    def groups(self) -> list[list[str]]:
        """The line groups, each in the order its lines came, ordered by their first line."""
        return sorted(self._lines.values(), key=lambda group: group[0])
