"""Push: copy the store's named graphs into another SPARQL 1.1 store (decisions 0125-0129).

Each named graph of ``build/store`` (facts, evidence, ontology, inferences, linkset,
external data: exactly what the embedded store answers queries from) is replaced on the
remote store through the Graph Store Protocol: the first request of a graph is a PUT, the
rest of a big graph follows in POSTs (:mod:`~cica_kg.push.chunks`). With a query endpoint,
the remote triple counts are then read back and compared with the local ones.

>>> from cica_kg.push import GraphStore, push_store
>>> store = GraphStore("http://localhost:8890/sparql-graph-crud-auth")
>>> push_store(Path("build/store"), store, dry_run=True).triples  # doctest: +SKIP
12732
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cica_kg.push.auth import Authorizer, Credentials, find_credentials
from cica_kg.push.chunks import DEFAULT_CHUNK_TRIPLES, graph_chunks, named_graphs
from cica_kg.push.gsp import GraphStore, PushError, guess_graph_store

__all__ = [
    "DEFAULT_CHUNK_TRIPLES",
    "Authorizer",
    "Credentials",
    "GraphPush",
    "GraphStore",
    "PushError",
    "PushReport",
    "find_credentials",
    "guess_graph_store",
    "push_store",
    "remote_counts",
]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class GraphPush:
    """One named graph pushed: its triples, the requests it took, the remote count if read."""

    graph: str
    triples: int
    requests: int
    remote: int | None = None


@dataclass
class PushReport:
    """What a push did (or, ``dry_run``, would do)."""

    graph_store: str
    dry_run: bool
    graphs: list[GraphPush] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        """Triples sent (or to send) over all graphs."""
        return sum(g.triples for g in self.graphs)

    def mismatches(self) -> list[GraphPush]:
        """Graphs whose remote count was read and differs from the local one."""
        return [g for g in self.graphs if g.remote is not None and g.remote != g.triples]


def push_store(
    store_dir: Path,
    target: GraphStore,
    *,
    chunk_triples: int = DEFAULT_CHUNK_TRIPLES,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> PushReport:
    """Replace each named graph of the store at ``store_dir`` on ``target``.

    A graph is sent in requests of at most ``chunk_triples`` triples; with ``dry_run``
    nothing is sent and the report says what would be. A failure stops the push: graphs
    before it are replaced, the failing one may be partly loaded (push again).

    Raises:
        StoreError: no readable store at ``store_dir``.
        PushError: the graph store is unreachable or refused a request (one line).
    """
    from cica_kg.store import open_store

    if chunk_triples < 1:
        raise PushError(f"chunk size {chunk_triples}: expected at least 1 triple a request")
    started = time.perf_counter()
    store = open_store(store_dir)
    report = PushReport(graph_store=target.url, dry_run=dry_run)
    for graph in named_graphs(store):
        triples = requests = 0
        for chunk in graph_chunks(store, graph, max_triples=chunk_triples):
            if not dry_run:
                (target.append if requests else target.replace)(graph, chunk.body)
            triples, requests = triples + chunk.triples, requests + 1
        if requests == 0 and not dry_run:
            target.delete(graph)  # an empty graph: nothing of an earlier push may stay
        report.graphs.append(GraphPush(graph, triples, requests))
        if progress is not None:
            progress(f"{graph}: {triples} triples in {requests} request(s)")
    report.seconds = time.perf_counter() - started
    return report


def remote_counts(endpoint: str, graphs: list[str], *, timeout: float | None) -> dict[str, int]:
    """The number of triples in each of ``graphs`` on the SPARQL ``endpoint``.

    Raises:
        InputError: the endpoint is unreachable or answered with an error.
    """
    from cica_kg.query.engines import run_endpoint
    from cica_kg.query.options import EngineOptions
    from cica_kg.query.results import Term

    values = " ".join(Term("uri", g).n3() for g in graphs)
    text = (f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
            "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")  # fmt: skip
    options = EngineOptions(form="SELECT", where="the triple count", timeout=timeout)
    result = run_endpoint(endpoint, text, options=options)
    counts = {g: 0 for g in graphs}
    for record in result.records():
        counts[record["g"]] = int(record["n"])
    return counts
