"""Graph analytics over the entity graph: paths, centrality, exports, a picture.

The entity graph (decision 0060) is a :class:`networkx.MultiDiGraph` read from a built
dataset: one node per entity of the facts graph (IRI as node id; attributes ``label_en``,
``label_zh``, ``kind``, ``aliases``) and one edge per fact whose object is an entity
(attributes ``predicate`` as a CURIE, ``quote_en``/``quote_zh`` from the evidence graph,
decision 0002). Every attribute is a string, so GraphML and GEXF carry them unchanged.

>>> from cica_kg.analytics.graph import read_dataset, entity_graph, shortest_paths
>>> graph = entity_graph(read_dataset("build/cica.trig"))        # doctest: +SKIP
>>> [hop.predicate for hop in shortest_paths(graph, "Xi Jinping", "亚信会议")[0]]  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS, SKOS

from cica_kg import iris
from cica_kg.errors import UsageError

if TYPE_CHECKING:
    from rdflib.term import Node

ExportFormat = Literal["graphml", "gexf", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("graphml", "gexf", "json")

_OA = "http://www.w3.org/ns/oa#"
_DCTERMS_LANGUAGE = URIRef("http://purl.org/dc/terms/language")
_CICA_EVIDENCE = URIRef(iris.ONTOLOGY + "evidence")
_OA_HAS_TARGET = URIRef(_OA + "hasTarget")
_OA_HAS_SELECTOR = URIRef(_OA + "hasSelector")
_OA_EXACT = URIRef(_OA + "exact")
_OA_START = URIRef(_OA + "start")
_LANGS = ("en", "zh")


@dataclass(frozen=True)
class Hop:
    """One step of a path: the fact linking two entities, read in path order.

    ``forward`` is False when the fact points the other way (``target predicate source``).
    """

    source: str
    target: str
    predicate: str
    forward: bool
    quote_en: str
    quote_zh: str


@dataclass(frozen=True)
class RankRow:
    """Centrality of one entity: degree (facts it takes part in), PageRank, betweenness."""

    node: str
    label_en: str
    label_zh: str
    kind: str
    degree: int
    pagerank: float
    betweenness: float


def read_dataset(path: str | Path) -> Dataset:
    """Read a built dataset (``build/cica.trig``; see :func:`cica_kg.build.formats.load_dataset`,
    which reads it safely: bounded, strict, nothing fetched; decision 0084).

    Raises:
        InputError: the file is missing, refused or not valid RDF.
    """
    from cica_kg.build.formats import load_dataset

    return load_dataset(Path(path))


def entity_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """The entity graph of ``dataset`` (facts graph for nodes and edges, evidence for quotes)."""
    facts = dataset.graph(iris.FACTS_GRAPH)
    curie = _Compactor(dataset)
    typed = {s for s in facts.subjects(RDF.type, None) if isinstance(s, URIRef)}
    quotes = _quotes(dataset.graph(iris.EVIDENCE_GRAPH))
    graph = nx.MultiDiGraph()
    for node in sorted(typed):
        graph.add_node(str(node), **_node_attributes(facts, node, curie))
    edges = sorted(
        (s, p, o)
        for s, p, o in facts
        if p != RDF.type and s in typed and isinstance(o, URIRef) and o in typed
    )
    for s, p, o in edges:
        found = quotes.get((s, p, o), {})
        graph.add_edge(
            str(s),
            str(o),
            key=curie(p),
            predicate=curie(p),
            quote_en=found.get("en", ""),
            quote_zh=found.get("zh", ""),
        )
    return graph


def _node_attributes(facts: Graph, node: URIRef, curie: _Compactor) -> dict[str, str]:
    """Labels (en, zh), compact class and ``|``-joined aliases of one entity."""
    labels: dict[str, list[str]] = defaultdict(list)  # preferred names first
    for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        found = [x for x in facts.objects(node, predicate) if isinstance(x, RdfLiteral)]
        for literal in sorted(found):
            labels[literal.language or ""].append(str(literal))
    label_en = (labels.get("en") or labels.get("") or [_local_name(node)])[0]
    label_zh = (labels.get("zh") or [""])[0]
    kinds = sorted(curie(k) for k in facts.objects(node, RDF.type) if isinstance(k, URIRef))
    aliases = sorted({name for names in labels.values() for name in names})
    return {
        "iri": str(node),
        "label_en": label_en,
        "label_zh": label_zh,
        "kind": _most_specific(kinds),
        "aliases": "|".join(aliases),
    }


def _most_specific(kinds: list[str]) -> str:
    """Prefer the project's own class (``cica:``) over generic ones (``org:``, ``schema:``)."""
    own = [k for k in kinds if k.startswith("cica:")]
    return (own or kinds or [""])[0]


def _local_name(node: URIRef) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _quotes(evidence: Graph) -> dict[tuple[Node, Node, Node], dict[str, str]]:
    """For each reified fact: its earliest quote per language (decision 0002)."""
    found: dict[tuple[Node, Node, Node], dict[str, str]] = {}
    for fact in evidence.subjects(RDF.type, RDF.Statement):
        triple = (
            evidence.value(fact, RDF.subject),
            evidence.value(fact, RDF.predicate),
            evidence.value(fact, RDF.object),
        )
        ranked: dict[str, tuple[int, str]] = {}
        for annotation in evidence.objects(fact, _CICA_EVIDENCE):
            lang = str(evidence.value(annotation, _DCTERMS_LANGUAGE) or "")
            for start, quote in _selected(evidence, annotation):
                if lang not in ranked or (start, quote) < ranked[lang]:
                    ranked[lang] = (start, quote)
        if None not in triple:
            found[triple] = {lang: quote for lang, (_, quote) in ranked.items()}  # type: ignore[index]
    return found


def _selected(evidence: Graph, annotation: Node) -> Iterator[tuple[int, str]]:
    """(start offset, exact quote) pairs of an annotation's target selectors."""
    for target in evidence.objects(annotation, _OA_HAS_TARGET):
        start = -1
        exact = ""
        for selector in evidence.objects(target, _OA_HAS_SELECTOR):
            exact = str(evidence.value(selector, _OA_EXACT) or exact)
            value = evidence.value(selector, _OA_START)
            start = int(value.toPython()) if isinstance(value, RdfLiteral) else start
        if exact:
            yield start, exact


class _Compactor:
    """IRI → CURIE with the prefixes bound in the dataset (longest namespace wins)."""

    def __init__(self, dataset: Dataset) -> None:
        pairs = [(str(ns), prefix) for prefix, ns in dataset.namespaces() if prefix]
        pairs.append((iris.ONTOLOGY, "cica"))
        self._pairs = sorted(pairs, key=lambda pair: -len(pair[0]))

    def __call__(self, node: Node) -> str:
        text = str(node)
        for namespace, prefix in self._pairs:
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text


def find_node(graph: nx.MultiDiGraph, name: str) -> str:
    """The node whose English or Chinese label (or alias, or IRI) is ``name``.

    Matching ignores case and surrounding space. Raises:
        UsageError: no entity has that name; the message lists close matches.
    """
    wanted = name.strip().casefold()
    for node, data in graph.nodes(data=True):
        names = {node, data.get("label_en", ""), data.get("label_zh", "")}
        names.update(data.get("aliases", "").split("|"))
        if wanted in {n.casefold() for n in names if n}:
            return str(node)
    close = difflib.get_close_matches(name, sorted(_all_names(graph)), n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(close)}?" if close else "; see `cica-kg graph rank`"
    raise UsageError(f"no entity is named {name!r}{hint}")


def _all_names(graph: nx.MultiDiGraph) -> Iterable[str]:
    for _, data in graph.nodes(data=True):
        for key in ("label_en", "label_zh"):
            if data.get(key):
                yield data[key]


def shortest_paths(
    graph: nx.MultiDiGraph, a: str, b: str, *, limit: int = 5
) -> list[list[Hop]]:
    """Up to ``limit`` shortest paths between entities named ``a`` and ``b`` (any direction).

    Each path is a list of :class:`Hop`; an empty list means no connection.
    Raises:
        UsageError: a name matches no entity.
    """
    source, target = find_node(graph, a), find_node(graph, b)
    if source == target:
        return [[]]
    undirected = nx.Graph(graph.to_undirected(as_view=True))
    try:
        paths = nx.all_shortest_paths(undirected, source, target)
        chosen = sorted(paths, key=lambda p: [_sort_label(graph, n) for n in p])[:limit]
    except nx.NetworkXNoPath:
        return []
    return [[_hop(graph, u, v) for u, v in itertools.pairwise(path)] for path in chosen]


def _sort_label(graph: nx.MultiDiGraph, node: str) -> str:
    return f"{graph.nodes[node].get('label_en', '')}\x00{node}"


def _hop(graph: nx.MultiDiGraph, u: str, v: str) -> Hop:
    """The fact between ``u`` and ``v`` (preferring one with a quote, then by predicate)."""
    candidates = [(True, key, data) for key, data in graph.get_edge_data(u, v, default={}).items()]
    candidates += [
        (False, key, data) for key, data in graph.get_edge_data(v, u, default={}).items()
    ]
    forward, predicate, data = min(
        candidates, key=lambda c: (not (c[2]["quote_en"] or c[2]["quote_zh"]), c[1], not c[0])
    )
    return Hop(u, v, str(predicate), forward, data["quote_en"], data["quote_zh"])


def label(graph: nx.MultiDiGraph, node: str, lang: str = "en") -> str:
    """The label of ``node`` in ``lang`` (``en`` or ``zh``), falling back to the other."""
    data = graph.nodes[node]
    other = "zh" if lang == "en" else "en"
    return str(data.get(f"label_{lang}") or data.get(f"label_{other}") or node)


def rank(graph: nx.MultiDiGraph, *, top: int | None = None) -> list[RankRow]:
    """Entities by PageRank (then degree, then label), with degree and betweenness.

    Degree counts facts (edges of the multigraph); PageRank and betweenness (normalised)
    are computed on the undirected simple graph, as fact direction is a naming choice.
    """
    simple = nx.Graph(graph.to_undirected(as_view=True))
    pagerank = _pagerank(simple)
    between = nx.betweenness_centrality(simple, normalized=True)
    rows = [
        RankRow(
            node=str(node),
            label_en=str(data.get("label_en", "")),
            label_zh=str(data.get("label_zh", "")),
            kind=str(data.get("kind", "")),
            degree=int(graph.degree(node)),
            pagerank=pagerank.get(node, 0.0),
            betweenness=between.get(node, 0.0),
        )
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-round(r.pagerank, 12), -r.degree, r.label_en, r.node))
    return rows if top is None else rows[:top]


def _pagerank(
    graph: nx.Graph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200
) -> dict[str, float]:
    """PageRank by power iteration (networkx's own needs SciPy, which we do not ship)."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    nodes = sorted(graph.nodes)
    rank_of = dict.fromkeys(nodes, 1.0 / n)
    degree = {node: graph.degree(node) for node in nodes}
    for _ in range(max_iter):
        dangling = alpha * sum(rank_of[v] for v in nodes if degree[v] == 0) / n
        new = {
            v: (1.0 - alpha) / n
            + dangling
            + alpha * sum(rank_of[u] / degree[u] for u in graph.neighbors(v))
            for v in nodes
        }
        change = sum(abs(new[v] - rank_of[v]) for v in nodes)
        rank_of = new
        if change < n * tol:
            break
    return rank_of


def export_graph(graph: nx.MultiDiGraph, *, fmt: ExportFormat) -> str:
    """The entity graph as GraphML, GEXF or node-link JSON text (deterministic).

    Raises:
        UsageError: ``fmt`` is not one of :data:`EXPORT_FORMATS`.
    """
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"
    if fmt == "gexf":
        lines = [line for line in nx.generate_gexf(graph, prettyprint=True)]
        return "\n".join(_drop_gexf_date(lines)) + "\n"
    raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def _drop_gexf_date(lines: list[str]) -> list[str]:
    """Remove GEXF's ``lastmodifieddate`` (today's date) so exports are byte-stable."""
    return [line.replace(f' lastmodifieddate="{_gexf_date(lines)}"', "") for line in lines]


def _gexf_date(lines: list[str]) -> str:
    for line in lines:
        if "lastmodifieddate=" in line:
            return line.split('lastmodifieddate="', 1)[1].split('"', 1)[0]
    return "\x00"


def write_export(graph: nx.MultiDiGraph, path: str | Path, *, fmt: ExportFormat) -> Path:
    """Write :func:`export_graph` output to ``path`` atomically (temp file + rename).

    Raises:
        OutputError: the file cannot be written.
    """
    from cica_kg.files import write_atomic

    path = Path(path)
    write_atomic(path, export_graph(graph, fmt=fmt).encode("utf-8"))
    return path

