"""Time whole ``cica-kg validate --graph FILE`` processes: wall, CPU, peak RSS, load average.

    python tools/validate_process.py /tmp/bench/synthetic-10000.nq /tmp/bench/synthetic-1e6.nq
    python tools/validate_process.py --src /tmp/before/src FILE…   # another checkout's code

Each file is validated by a fresh ``python -m cica_kg validate --graph FILE`` (extra options in
``--options``); its report goes to ``--reports``/``FOLDER_FILE.report.txt`` (for diffing
before and after). CPU and peak RSS are the process's (``os.wait4``; its validation
worker included); the load average is the machine's one-minute figure at the
start and at the end. Prints a Markdown table (decision 0143).
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path


def run(path: Path, *, src: Path, reports: Path, extra: list[str]) -> str:
    """One table row: validate ``path`` in a new process and measure it."""
    load_start = os.getloadavg()[0]
    command = [sys.executable, "-m", "cica_kg", "validate", "--graph", str(path), *extra]
    env = {**os.environ, "PYTHONPATH": str(src)}
    reports.mkdir(parents=True, exist_ok=True)
    name = "_".join(path.parts[-2:])  # the folder too: two builds each have a cica.trig
    with (reports / f"{name}.report.txt").open("wb") as out, \
            (reports / f"{name}.stderr.txt").open("wb") as err:  # fmt: skip
        wall = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)  # this child's usage, its worker's too
        wall = time.perf_counter() - wall
    cpu = usage.ru_utime + usage.ru_stime
    rss_mib = usage.ru_maxrss / 1024  # kilobytes on Linux
    code = child.returncode = os.waitstatus_to_exitcode(status)
    lines = sum(1 for _ in path.open("rb"))
    return (f"| {path.name} | {lines:,} | {wall:.1f} | {cpu:.1f} | {rss_mib:,.0f} | "
            f"{load_start:.1f} → {os.getloadavg()[0]:.1f} | {code} |")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", nargs="+", type=Path, help="graph files to validate")
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src",
                        help="the source tree to run (PYTHONPATH; default: this checkout's)")
    parser.add_argument("--reports", type=Path, default=Path("build/validate-reports"),
                        help="folder for each run's report and stderr")
    parser.add_argument("--options", default="", metavar="TEXT",
                        help="options for `cica-kg validate`, e.g. '--timeout 0'")
    args = parser.parse_args(argv)
    print("| file | lines | wall s | CPU s | peak RSS MiB | load avg | exit |")
    print("|---|---:|---:|---:|---:|---|---:|")
    extra = shlex.split(args.options)
    for path in args.graphs:
        print(run(path, src=args.src, reports=args.reports, extra=extra), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
