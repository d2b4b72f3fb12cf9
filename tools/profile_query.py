"""Time the whole `cica-kg query` process on a built store; prints a Markdown table.

    .venv/bin/python tools/profile_query.py [--store build/store] [--query cq04] [--runs 20]

Each run is a fresh process, as a user's shell starts it: interpreter, imports, the parse,
the forked query worker, rendering, exit. Wall clock and the user+sys CPU of the process and
its worker (``os.wait4``), min and median over ``--runs`` after a warm-up run; byte-code is
cached as an installed package has it. ``--src`` compares another source tree. Not a test.
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


def main(argv: list[str] | None = None) -> int:
    """Run the timings and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--store", type=Path, default=Path("build") / "store")
    parser.add_argument("--query", default="cq04", help="a shipped query (default cq04)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.src), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "profile-build-pycache")
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
