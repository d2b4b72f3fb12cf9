"""Serialise a built Dataset deterministically, read one back, and write files atomically.

Every format is byte-stable across runs and hash seeds: Turtle and TriG come from rdflib's
sorted serialisers (``longturtle``, ``trig``), N-Triples and N-Quads are sorted by line,
RDF/XML is written from a graph that iterates its triples in sorted order, and JSON-LD
is canonicalised (nodes sorted by ``@id``, keys sorted).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from rdflib import Dataset, Graph

from cica_kg import iris
from cica_kg.errors import InputError, UsageError
from cica_kg.qnames import QuickNames
from cica_kg.rdfinput import DATASET_FORMATS, parse_file, rdf_format

GraphChoice = Literal["facts", "all"]

FORMATS: dict[str, str] = {
    "turtle": "ttl",
    "nt": "nt",
    "nquads": "nq",
    "trig": "trig",
    "jsonld": "jsonld",
    "xml": "rdf",
}
"""Export format name → usual file extension."""

QUAD_FORMATS = frozenset({"trig", "nquads", "jsonld"})
"""Formats that keep named graphs (the only ones that can export ``graph="all"``)."""


def export(dataset: Dataset, *, fmt: str, graph: GraphChoice = "facts") -> bytes:
    """Serialise the facts graph (``graph="facts"``) or every named graph (``"all"``).

    Raises:
        UsageError: unknown format, or ``graph="all"`` in a format without named graphs.
    """
    check_choice(fmt, graph)
    selected = dataset if graph == "all" else _facts_only(dataset)
    facts = selected.graph(iris.FACTS_GRAPH)
    if fmt == "turtle":
        return facts.serialize(format="longturtle", encoding="utf-8")
    if fmt == "xml":
        return _sorted_copy(facts).serialize(format="xml", encoding="utf-8")
    if fmt == "nt":
        return _sorted_lines(facts.serialize(format="nt", encoding="utf-8"))
    if fmt == "nquads":
        return _sorted_lines(selected.serialize(format="nquads", encoding="utf-8"))
    if fmt == "trig":
        return _sorted_graphs(selected).serialize(format="trig", encoding="utf-8")
    return _canonical_jsonld(selected.serialize(format="json-ld", encoding="utf-8",
                                                context=_jsonld_context(),
                                                auto_compact=True))  # fmt: skip


def check_choice(fmt: str, graph: str) -> None:
    """Refuse an unknown format, or every graph (``graph="all"``) in a one-graph format.

    Raises:
        UsageError: saying which formats to choose.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if graph == "all" and fmt not in QUAD_FORMATS:
        raise UsageError(
            f"format {fmt!r} holds one graph only; use --graph facts or one of "
            f"{', '.join(sorted(QUAD_FORMATS))} for all named graphs"
        )


def _jsonld_context() -> dict[str, str]:
    """The project's prefixes: compact JSON-LD (``schema:name``), not expanded IRIs."""
    from cica_kg.prefixes import PREFIXES

    return dict(sorted(PREFIXES.items()))


def load_dataset(path: Path) -> Dataset:
    """Read a Dataset from an RDF file (format from its extension; TriG keeps named graphs).

    The file is read safely (:func:`cica_kg.rdfinput.parse_file`: a regular file of bounded
    size, no XML entities, no remote JSON-LD contexts, strict syntax; decision 0084).

    Raises:
        InputError: the file is missing, refused or not valid RDF.
    """
    if not path.exists():
        raise InputError(f"{path}: no such file; run `cica-kg build` first to create it")
    fmt = rdf_format(path, default="trig")
    dataset = Dataset()
    # a single-graph file holds facts only (cica.ttl)
    target = dataset if fmt in DATASET_FORMATS else dataset.graph(iris.FACTS_GRAPH)
    parse_file(path, target, fmt=fmt, hint="fix the file or rebuild it")
    return dataset


def _facts_only(dataset: Dataset) -> Dataset:
    """A Dataset holding only the facts graph of ``dataset`` (same prefixes)."""
    result = Dataset()
    for prefix, namespace in dataset.namespaces():
        result.bind(prefix, namespace, override=True, replace=True)
    target = result.graph(iris.FACTS_GRAPH)
    for triple in dataset.graph(iris.FACTS_GRAPH):
        target.add(triple)
    return result


class _SortedGraph(Graph):
    """A Graph whose triples come out sorted, so rdflib's RDF/XML writer is deterministic."""

    def triples(self, triple: Any, context: Any = None) -> Iterator[Any]:  # type: ignore[override]
        return iter(sorted(super().triples(triple)))


class _SortedDataset(Dataset):
    """A Dataset listing its named graphs by IRI, so rdflib's TriG writer is deterministic.

    Its namespace manager is a :class:`~cica_kg.qnames.QuickNames` (linear TriG output).
    """

    def __init__(self) -> None:
        super().__init__()
        self.namespace_manager = QuickNames(self)

    def graphs(self, triple: Any = None) -> Iterator[Any]:  # type: ignore[override]
        return iter(sorted(super().graphs(triple), key=lambda graph: str(graph.identifier)))

    def contexts(self, triple: Any = None) -> Iterator[Any]:  # type: ignore[override]
        """The same as :meth:`graphs`: rdflib 7's TriG writer calls this deprecated name."""
        return self.graphs(triple)


def _sorted_graphs(dataset: Dataset) -> Dataset:
    copy = _SortedDataset()
    for prefix, namespace in dataset.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for graph in dataset.graphs():
        target = copy.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    return copy


def _sorted_copy(graph: Graph) -> Graph:
    copy = _SortedGraph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        copy.add(triple)
    return copy


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.decode("utf-8").splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _canonical_jsonld(data: bytes) -> bytes:
    """Sort JSON-LD node lists and values so that the text does not depend on hash order."""
    return (json.dumps(_sort_json(json.loads(data)), ensure_ascii=False, indent=2,
                       sort_keys=True) + "\n").encode("utf-8")


def _sort_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sort_json(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sort_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value
