"""Time the whole `cica-kg query` process on a built store; prints a Markdown table.

    .venv/bin/python tools/profile_query.py [--store build/store] [--query cq04] [--runs 20]

Each run is a fresh process, as a user's shell starts it: interpreter, imports, the parse,
the forked query worker, rendering, exit. Wall clock and the user+sys CPU of the process and
its worker (``os.wait4``), min and median over ``--runs`` after a warm-up run; byte-code is
cached as an installed package has it. ``--src`` compares another source tree. ``--phases``
instead times the steps of one query in a fresh interpreter each run (CPU milliseconds,
minimum and median): the imports in the order the command makes them, the parse, the fork
and answer of an empty worker, and the worker's steps run in-process. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = """
import sys, time
clock, marks = time.process_time, []
def mark(name): marks.append((name, clock()))
mark("interpreter")
import argparse
from cica_kg.cli.main import build_parser
mark("import cli")
args = build_parser("query").parse_args(["query", sys.argv[1], "--store", sys.argv[2]])
mark("parser + parse")
from cica_kg.query import catalog, render, runner
mark("import query layer")
from cica_kg.store import oxigraph
mark("import store (pyoxigraph)")
from cica_kg.worker import call_with_timeout
call_with_timeout(lambda: None, 30.0)
mark("fork + empty answer")
import ctypes
mark("worker: import ctypes")
query = catalog.resolve(args.query)
job = runner._Job(query, "-e", {}, args.store, "oxigraph", None, 30.0, 10000, True, frozenset())
found = runner._checked(query, job)
options = runner._options(query, job, found)
mark("worker: resolve, check, bind")
from cica_kg.query import engines, lexer, sandbox
sandbox.second_opinion(lexer.oxigraph_view(query.text))
mark("worker: import engines")
store = oxigraph.open_store(args.store)
mark("worker: open store")
result = engines.run_oxigraph(store, query.text, options=options)
mark("worker: query + labels")
import pickle
pickle.loads(pickle.dumps(("ok", result)))
mark("worker: pickle both ways")
render(result, "table")
mark("render")
print("\\t".join(f"{name}={1000 * (t - before):.3f}" for (_, before), (name, t)
               in zip([("start", 0.0), *marks], marks)))
"""
"""One query's steps, timed in a fresh interpreter (``--phases``); prints name=ms pairs."""


def one_run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one process and its children."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"profile_query: {' '.join(argv)} failed: {errors.decode()[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime


def phases(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Print the ``--phases`` table: CPU ms of each step, minimum and median over the runs."""
    command = [sys.executable, "-c", PHASES, args.query, str(args.store)]
    found: dict[str, list[float]] = {}
    for index in range(args.runs + 1):  # the first run warms the caches
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        for pair in out.stdout.strip().split("\t") if index else ():
            name, _, ms = pair.rpartition("=")
            found.setdefault(name, []).append(float(ms))
    print("| step | CPU min ms | CPU median ms |")
    print("|---|---:|---:|")
    for name, values in found.items():
        print(f"| {name} | {min(values):.1f} | {statistics.median(values):.1f} |")
    total = [sum(runs) for runs in zip(*found.values(), strict=True)]
    print(f"| sum | {min(total):.1f} | {statistics.median(total):.1f} |")


def main(argv: list[str] | None = None) -> int:
    """Run the timings and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--store", type=Path, default=Path("build") / "store")
    parser.add_argument("--query", default="cq04", help="a shipped query (default cq04)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src")
    parser.add_argument("--phases", action="store_true", help="time the steps of one query")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.src), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "profile-build-pycache")
    if args.phases:
        phases(args, env)
        print(f"\n{args.runs} runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        return 0
    python = sys.executable
    commands = {
        f"`cica-kg query {args.query}`": [
            python, "-m", "cica_kg", "query", args.query, "--store", str(args.store),
        ],
        "`python -c pass` (interpreter alone)": [python, "-c", "pass"],
    }  # fmt: skip
    print("| process | wall min s | wall median s | CPU min s | CPU median s |")
    print("|---|---:|---:|---:|---:|")
    for label, command in commands.items():
        one_run(command, env)  # warm-up
        runs = [one_run(command, env) for _ in range(args.runs)]
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"| {label} | {min(walls):.3f} | {statistics.median(walls):.3f} | "
              f"{min(cpus):.3f} | {statistics.median(cpus):.3f} |")  # fmt: skip
    load = os.getloadavg()[0]
    print(f"\n{args.runs} runs each; load average {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
