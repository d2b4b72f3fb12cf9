"""Benchmark ``cica-kg push`` and the shipped queries on a private Virtuoso (not a test).

    PYTHONPATH=src:tests python tests/virtuoso_bench.py --triples 1e6 [--seed-graph build/cica.trig]

Generates the benchmark tier (``cica_kg.bench``), loads it with the ontology into an Oxigraph
store, starts a private Virtuoso (tests/virtuoso_server.py), and prints a Markdown table: the
startup, the push (wall, client CPU, server CPU, requests), then per shipped query the rows
and seconds on each store and whether the rows are the same multiset. Wall times depend on
the machine's load; CPU times less so.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from cica_kg.bench.measure import build_tier, seed_dataset
from cica_kg.graphs import ONTOLOGY
from cica_kg.push import Authorizer, Credentials, GraphStore, push_store
from cica_kg.query import run_query, shipped
from cica_kg.resources import ontology_file
from virtuoso_server import Virtuoso, missing, start

TICKS = os.sysconf("SC_CLK_TCK")


def _server_cpu(server: Virtuoso) -> float:
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _store(triples: int, seed_graph: Path | None, work: Path) -> Path:
    _result, _dataset, nquads = build_tier(triples, seed=0, base=seed_dataset(seed_graph),
                                           workdir=work)  # fmt: skip
    store_dir = work / "store"
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    for name in ("cica.ttl", "concepts.ttl"):
        store.bulk_load(path=str(ontology_file(name)), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(ONTOLOGY))  # fmt: skip
    store.flush()
    del store
    return store_dir


def _queries(store_dir: Path, server: Virtuoso, timeout: float) -> list[str]:
    lines = ["| query | store rows | store s | Virtuoso rows | Virtuoso s | same rows |",
             "|---|---:|---:|---:|---:|---|"]  # fmt: skip
    for query in shipped():
        started = time.perf_counter()
        local = run_query(query, params=query.examples, store_dir=store_dir, limit=None,
                          timeout=timeout, memory=None)  # fmt: skip
        local_s, started = time.perf_counter() - started, time.perf_counter()
        try:
            remote = run_query(query, params=query.examples, endpoint=server.sparql,
                               limit=None, timeout=timeout)  # fmt: skip
        except Exception as exc:  # a benchmark reports the failure and goes on
            lines.append(f"| {query.id} | {len(local.rows)} | {local_s:.2f} | – | – | "
                         f"{str(exc)[:80]} |")  # fmt: skip
            continue
        remote_s = time.perf_counter() - started
        same = collections.Counter(local.rows) == collections.Counter(remote.rows)
        lines.append(f"| {query.id} | {len(local.rows)} | {local_s:.2f} | {len(remote.rows)} | "
                     f"{remote_s:.2f} | {'yes' if same else 'NO'} |")  # fmt: skip
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=float, default=1e5)
    parser.add_argument("--seed-graph", type=Path, default=None)
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    if (why := missing()) is not None:
        print(f"virtuoso_bench: {why}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="virtuoso-bench-") as tmp:
        work = Path(tmp)
        store_dir = _store(int(args.triples), args.seed_graph, work)
        (work / "db").mkdir()
        started = time.perf_counter()
        server = start(work / "db")
        startup_s = time.perf_counter() - started
        try:
            target = GraphStore(server.graph_store, timeout=args.timeout,
                                authorizer=Authorizer(Credentials("dba", server.password)))
            cpu, server_cpu, started = time.process_time(), _server_cpu(server), time.perf_counter()
            report = push_store(store_dir, target, chunk_triples=args.chunk)
            push_s = time.perf_counter() - started
            client_cpu, server_used = time.process_time() - cpu, _server_cpu(server) - server_cpu
            requests = sum(g.requests for g in report.graphs)
            print(f"Virtuoso startup {startup_s:.1f} s; push of {report.triples:,} triples in "
                  f"{requests} requests: {push_s:.1f} s wall, client CPU {client_cpu:.1f} s, "
                  f"server CPU {server_used:.1f} s\n")  # fmt: skip
            print("\n".join(_queries(store_dir, server, args.timeout)))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
