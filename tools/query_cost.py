"""Where a slow shipped query's time goes, at 10⁴, 10⁵ and 10⁶ triples; prints Markdown tables.

    .venv/bin/python tools/query_cost.py [--sizes 1e4,1e5,1e6] [--queries cq06,cq10,cq12,cq13]
        [--work build/query-cost] [--rdflib-up-to 1e6] [--seed-graph build/cica.trig]

Each size is the benchmark's synthetic graph (``cica_kg.bench``, seed 1, the built article
added), kept as N-Quads and as an on-disk Oxigraph store in ``--work`` for the next run. Per
query and size, CPU time (``time.process_time``, the median of several runs; other work on
the machine inflates wall time, not CPU time) of:

- *total*: the query as ``cica-kg query`` runs it (rows converted to the query layer's terms);
- *raw*: the same text, Oxigraph's solutions iterated but not converted;
- *enumerate*: its WHERE pattern as a plain ``SELECT`` of the same variables (no DISTINCT,
  no ORDER BY): what Oxigraph takes merely to produce the answer's solutions;
- *distinct*: the same with DISTINCT, still unordered;
- *order alone*: the answer's rows given as ``VALUES`` in a shuffled order and sorted by the
  query's ORDER BY, less the same VALUES read without sorting: the sort on pre-bound values;
- *keyed*: *raw* for the query with each sort key bound first as a string the store does not
  hold (``BIND(CONCAT("~", STR(?x)) AS ?k1)``, ``ORDER BY ?k1 …``: the same order for IRIs
  and strings, compared in memory), and whether its rows are the shipped text's;
- *in memory*: *raw* on an in-memory Oxigraph store of the same data (no RocksDB reads);
- *rdflib*: the query on rdflib's engine, the shipped text and the earlier one of
  ``tests/data/queries-before`` (sizes up to ``--rdflib-up-to``); the ratio is to the faster.

A cost linear in the answer shows as a steady time per row across the sizes. Not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SLOW = ("cq06", "cq10", "cq12", "cq13")
_SHAPE = re.compile(
    r"^(?P<head>.*?)SELECT\s+(?P<distinct>DISTINCT\s+)?(?P<vars>(?:\?\w+\s+)+)"
    r"WHERE\s*(?P<where>\{.*\})\s*ORDER BY\s+(?P<order>.+?)\s*$",
    re.DOTALL,
)
_BUDGET_S = 3.0  # run a variant again while its runs stay under this (at least 3, at most 15)


@dataclass(frozen=True)
class Parts:
    """A shipped query taken apart: prefixes, projected variables, WHERE group, ORDER BY."""

    head: str
    variables: tuple[str, ...]
    where: str
    order: str
    distinct: bool = True

    def enumerate(self, *, distinct: bool = False) -> str:
        """The WHERE pattern as a plain SELECT of the same variables (DISTINCT if asked)."""
        keyword = "DISTINCT " if distinct else ""
        return f"{self.head}SELECT {keyword}{' '.join(self.variables)} WHERE {self.where}"

    def values(self, rows: Sequence[Sequence[Any]], *, ordered: bool) -> str:
        """The rows as VALUES (shuffled), read back, sorted by the ORDER BY if ``ordered``."""
        shuffled = list(rows)
        random.Random(0).shuffle(shuffled)  # a sorted input would cost one comparison a row
        cells = "\n".join("(" + " ".join(_n3(t) for t in row) + ")" for row in shuffled)
        order = f" ORDER BY {self.order}" if ordered else ""
        block = f"VALUES ({' '.join(self.variables)}) {{\n{cells}\n}}"
        return f"{self.head}SELECT * WHERE {{ {block} }}{order}"


    def sorts_projection(self) -> bool:
        """Whether the ORDER BY reads projected variables only (not keys bound in the WHERE)."""
        return set(re.findall(r"\?\w+", self.order)) <= set(self.variables)

    def keyed(self) -> str:
        """The query with its sort keys bound first as strings the store does not hold."""
        keys = [f"STR({c})" if c.startswith("?") else c for c in _conditions(self.order)]
        binds = "".join(f'  BIND(CONCAT("~", {k}) AS ?sortKey{i})\n' for i, k in enumerate(keys))
        order = " ".join(f"?sortKey{i}" for i in range(len(keys)))
        keyword = "DISTINCT " if self.distinct else ""
        return (f"{self.head}SELECT {keyword}{' '.join(self.variables)} "
                f"WHERE {self.where[:-1]}{binds}}}\nORDER BY {order}")  # fmt: skip


def _conditions(order: str) -> list[str]:
    """The conditions of an ORDER BY clause: ``?a COALESCE(str(?b), "") ?c`` → three."""
    found: list[str] = []
    depth, current = 0, ""
    for char in order:
        depth += (char == "(") - (char == ")")
        if char.isspace() and depth == 0:
            found, current = [*found, current] if current else found, ""
        else:
            current += char
    return [*found, current] if current else found


def parts(text: str) -> Parts:
    """Split a query of the shape ``SELECT [DISTINCT] ?a ?b WHERE {…} ORDER BY …``."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    match = _SHAPE.match(body.strip())
    if match is None:
        raise SystemExit("query_cost: the query is not SELECT … WHERE {…} ORDER BY …")
    return Parts(match["head"], tuple(match["vars"].split()), match["where"], match["order"],
                 distinct=bool(match["distinct"]))  # fmt: skip


def _n3(term: Any) -> str:
    return "UNDEF" if term is None else str(term.n3())


def cpu_ms(function: Callable[[], Any]) -> float:
    """Median CPU milliseconds of ``function`` (3 to 15 runs, within the budget)."""
    times: list[float] = []
    spent = time.perf_counter()
    while len(times) < 3 or (len(times) < 15 and time.perf_counter() - spent < _BUDGET_S):
        start = time.process_time()
        function()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def tier_files(size: int, work: Path, seed_graph: Path) -> tuple[Path, Path]:
    """The N-Quads file and on-disk store of a size, made on first use."""
    from cica_kg.bench.measure import build_tier, seed_dataset

    nquads, store_dir = work / f"synthetic-{size}.nq", work / f"store-{size}"
    if not nquads.is_file():
        _say(f"{size:,}: generating")
        build_tier(size, seed=1, base=seed_dataset(seed_graph), workdir=work)
    if not (store_dir / "done").is_file():
        _say(f"{size:,}: loading the store")
        _load_store(nquads, store_dir)
    return nquads, store_dir


def _load_store(nquads: Path, store_dir: Path) -> None:
    import shutil

    import pyoxigraph as ox

    from cica_kg import graphs, resources

    shutil.rmtree(store_dir, ignore_errors=True)
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    for name in ("cica.ttl", "concepts.ttl"):
        store.bulk_load(path=str(resources.ontology_file(name)), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(graphs.ONTOLOGY))  # fmt: skip
    store.optimize()
    store.flush()
    del store
    (store_dir / "done").write_text("loaded\n", encoding="utf-8")


def memory_store(nquads: Path) -> Any:
    """The same data in an in-memory Oxigraph store."""
    import pyoxigraph as ox

    from cica_kg import graphs, resources

    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    for name in ("cica.ttl", "concepts.ttl"):
        store.bulk_load(path=str(resources.ontology_file(name)), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(graphs.ONTOLOGY))  # fmt: skip
    return store


def rdflib_dataset(nquads: Path) -> Any:
    """The N-Quads and the ontology in an rdflib Dataset set up as the query layer's."""
    from rdflib import Dataset

    from cica_kg import graphs, resources
    from cica_kg.query.engines import with_text_default_graph

    dataset = Dataset(default_union=False)
    dataset.parse(nquads, format="nquads")
    for name in ("cica.ttl", "concepts.ttl"):
        dataset.graph(graphs.ONTOLOGY).parse(resources.ontology_file(name), format="turtle")
    return with_text_default_graph(dataset)


def measure(
    store: Any, memory: Any, reference: Any, name: str, before: str | None
) -> dict[str, Any]:
    """Every figure of one query on one size (see the module docstring)."""
    from cica_kg.bench.measure import options_for
    from cica_kg.query import resolve
    from cica_kg.query.engines import run_oxigraph, run_rdflib
    from cica_kg.store.oxigraph import default_graph

    query = resolve(name)
    split, options, graph = parts(query.text), options_for(query), default_graph()
    answer = run_oxigraph(store, query.text, options=options)

    def raw(text: str, on: Any = store) -> Callable[[], int]:
        return lambda: sum(1 for _ in on.query(text, default_graph=graph))

    sorted_values, plain_values = (split.values(answer.rows, ordered=o) for o in (True, False))
    keyed = run_oxigraph(store, split.keyed(), options=options)
    row = {
        "rows": len(answer.rows),
        "total": cpu_ms(lambda: run_oxigraph(store, query.text, options=options)),
        "raw": cpu_ms(raw(query.text)),
        "enumerate": cpu_ms(raw(split.enumerate())),
        "enumerated rows": raw(split.enumerate())(),
        "distinct": cpu_ms(raw(split.enumerate(distinct=True))),
        "order alone": None,
        "keyed": None,
        "keyed same": "yes" if keyed.rows == answer.rows else "NO",
        "in memory": cpu_ms(raw(query.text, memory)),
        "rdflib": None,
        "rdflib earlier": None,
    }
    if split.sorts_projection():  # else the keys are bound in the WHERE: "enumerate" has them
        row["order alone"] = cpu_ms(raw(sorted_values)) - cpu_ms(raw(plain_values))
        row["keyed"] = cpu_ms(raw(split.keyed()))
    if reference is not None:
        row["rdflib"] = cpu_ms(lambda: run_rdflib(reference, query.text, options=options))
        if before is not None:
            row["rdflib earlier"] = cpu_ms(lambda: run_rdflib(reference, before, options=options))
    return row


COLUMNS = ("triples", "rows", "total", "µs/row", "raw", "enumerate (solutions)", "distinct",
           "order alone", "keyed (same rows)", "in memory", "rdflib (earlier text)",
           "rdflib ÷ total")  # fmt: skip


def table(name: str, rows: dict[int, dict[str, Any]]) -> str:
    """One query's Markdown table (CPU ms): a line per size."""
    out = [f"**{name}**", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    out += ["| " + " | ".join(_cells(size, r)) + " |" for size, r in rows.items()]
    return "\n".join(out) + "\n"


def _cells(size: int, r: dict[str, Any]) -> list[str]:
    rdf, earlier = r["rdflib"], r["rdflib earlier"]
    fastest = min(t for t in (rdf, earlier) if t is not None) if rdf is not None else None
    return [
        f"{size:,}", f"{r['rows']:,}", f"{r['total']:.1f}",
        f"{1000 * r['total'] / max(r['rows'], 1):.0f}", f"{r['raw']:.1f}",
        f"{r['enumerate']:.1f} ({r['enumerated rows']:,})", f"{r['distinct']:.1f}",
        _ms(r["order alone"]), f"{_ms(r['keyed'])} ({r['keyed same']})" if r["keyed"] else "–",
        f"{r['in memory']:.1f}",
        (f"{rdf:.0f}" + (f" ({earlier:.0f})" if earlier is not None else "")) if rdf else "–",
        f"{fastest / r['total']:.1f}×" if fastest is not None else "–",
    ]  # fmt: skip


def _ms(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "–"


def _say(message: str) -> None:
    print(f"query_cost: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Measure every query at every size and print one table per query."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--queries", default=",".join(SLOW))
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "query-cost")
    parser.add_argument("--rdflib-up-to", type=float, default=1e6, metavar="N")
    parser.add_argument("--seed-graph", type=Path, default=ROOT / "build" / "cica.trig")
    args = parser.parse_args(argv)
    import pyoxigraph as ox

    args.work.mkdir(parents=True, exist_ok=True)
    names = args.queries.split(",")
    from cica_kg.bench.measure import read_before

    before = read_before(ROOT / "tests" / "data" / "queries-before")
    results: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in names}
    for size in (int(float(s)) for s in args.sizes.split(",")):
        nquads, store_dir = tier_files(size, args.work, args.seed_graph)
        store = ox.Store.read_only(str(store_dir))
        _say(f"{size:,}: loading an in-memory store")
        memory, reference = memory_store(nquads), None
        if size <= args.rdflib_up_to:
            _say(f"{size:,}: loading rdflib")
            reference = rdflib_dataset(nquads)
        for name in names:
            _say(f"{size:,}: {name}")
            results[name][size] = measure(store, memory, reference, name, before.get(name))
        del store, memory, reference
    print("\n".join(table(name, rows) for name, rows in results.items()))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"CPU ms (process_time), medians of 3-15 runs; load average {load} at the end, "
          f"{os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
