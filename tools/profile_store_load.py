"""Time loading about 10⁶ triples into Oxigraph, on disk and in memory; prints a Markdown table.

    .venv/bin/python tools/profile_store_load.py [--triples 1e6] [--work build/store-load]

Generates the benchmark's synthetic graph (``cica_kg.bench``, kept as N-Quads in ``--work``
for the next run), then times, each in a fresh store: ``bulk_load`` on disk with and without
``optimize()``, with ``lenient`` parsing, ``bulk_load`` and ``load`` in memory, parsing alone,
and what :func:`cica_kg.store.load_store` does (in memory first, then one bulk write, decision
0107). Wall clock and CPU (all threads) per variant. Not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def variants(source: Path, work: Path) -> dict[str, Callable[[], Any]]:
    """Label → a function loading ``source`` into a fresh store."""
    import pyoxigraph as ox

    nquads = ox.RdfFormat.N_QUADS
    disk = work / "store"

    def on_disk(*, optimize: bool = True, lenient: bool = False) -> int:
        store = ox.Store(str(disk))
        store.bulk_load(path=str(source), format=nquads, lenient=lenient)
        if optimize:
            store.optimize()
        return len(store)

    def in_memory(*, bulk: bool = True) -> int:
        store = ox.Store()
        (store.bulk_load if bulk else store.load)(path=str(source), format=nquads)
        return len(store)

    def via_memory() -> int:
        memory = ox.Store()
        memory.bulk_load(path=str(source), format=nquads)
        store = ox.Store(str(disk))
        store.bulk_extend(memory)
        store.optimize()
        return len(store)

    return {
        "on disk: `bulk_load` + `optimize()` (the benchmark's)": on_disk,
        "on disk: `bulk_load`, no `optimize()`": lambda: on_disk(optimize=False),
        "on disk: `bulk_load(lenient=True)` + `optimize()`": lambda: on_disk(lenient=True),
        "on disk: in memory, then one `bulk_extend` + `optimize()` (as `load_store`)": via_memory,
        "in memory: `bulk_load` (the benchmark's)": in_memory,
        "in memory: `load`": lambda: in_memory(bulk=False),
        "parsing alone (`pyoxigraph.parse`)": lambda: sum(
            1 for _ in ox.parse(path=str(source), format=nquads)
        ),
    }


def synthetic(triples: int, work: Path) -> Path:
    """The benchmark tier of about ``triples`` triples as N-Quads (generated once)."""
    path = work / f"synthetic-{triples}.nq"
    if not path.is_file():
        from cica_kg.bench.measure import build_tier

        print(f"generating {triples:,} triples into {path} ...", file=sys.stderr)
        _, _, written = build_tier(triples, seed=1, base=None, workdir=work)
        assert written == path
    return path


def main(argv: list[str] | None = None) -> int:
    """Time each variant once and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--triples", type=float, default=1e6)
    parser.add_argument("--work", type=Path, default=Path("build") / "store-load")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    source = synthetic(int(args.triples), args.work)
    print(f"{source.stat().st_size / 1e6:.0f} MB of N-Quads\n")
    print("| load | wall s | CPU s |")
    print("|---|---:|---:|")
    for label, load in variants(source, args.work).items():
        shutil.rmtree(args.work / "store", ignore_errors=True)
        wall, cpu = time.perf_counter(), time.process_time()
        load()
        print(f"| {label} | {time.perf_counter() - wall:.2f} | {time.process_time() - cpu:.2f} |")
        sys.stdout.flush()
    shutil.rmtree(args.work / "store", ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
