"""Profile the whole-process `cica-kg build` of the bundled article; prints Markdown tables.

    .venv/bin/python tools/profile_build.py [--runs 5] [--imports] [SOURCE ...]

Each run is a fresh process (``python -c`` calling ``cica_kg.cli.main(["build", ...])``), so
the figures include interpreter start-up, every import and the model load, as ``make run``
pays them. Per stage (the pipeline's own stages) it records wall-clock and CPU seconds
(user + sys of the process and of the workers it reaped in the stage, ``os.times``: the
extraction and validation workers of decision 0134 count where they are waited for);
"start-up" is everything before the first stage (interpreter, imports of the CLI and of the
stages), "between stages" the work no stage timer covers
(serialising the output files, statistics), "finish" everything after the last stage. The whole
process is timed from outside: wall clock and the child's user+sys CPU (``os.wait4``).
Medians over ``--runs`` after one warm-up run (byte-code compiled into a cache of the tool's
own, as an installed package has it); on a shared machine compare CPU rather than wall
time, and compare two trees (``--src``) in interleaved runs.

``--imports`` adds one more run under ``python -X importtime`` and prints the import time
(self time summed by top-level package), the cost of each dependency before it does work.
Not a test: it measures. Re-run it on a quiet machine for figures to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

STARTUP, FINISH = "start-up (interpreter, imports)", "finish (summary, exit)"
WHOLE = "whole process"
BETWEEN = "between stages (untimed: serialising the outputs, statistics)"

# Runs in the child: time each pipeline stage (wall and CPU) through the pipeline's timer.
CHILD = r"""
import json, os, sys, time
def cpu():  # this process and the workers it has reaped (extraction, validation beside)
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
wall0, cpu0 = time.perf_counter(), cpu()
import cica_kg.pipeline.run as run
from cica_kg.pipeline.notices import Timer as StageTimer
from contextlib import contextmanager
stages = []
class Timer(StageTimer):
    @contextmanager
    def __call__(self, stage):
        w, c = time.perf_counter(), cpu()
        with super().__call__(stage):
            yield
        stages.append((stage, w - wall0, time.perf_counter() - w, c - cpu0, cpu() - c))
run.Timer = Timer  # the timer run_build makes
from cica_kg.cli.main import main
code = main(["build", "--out", sys.argv[1], *sys.argv[3:]])
end = (time.perf_counter() - wall0, cpu() - cpu0)
with open(sys.argv[2], "w") as f:
    json.dump({"code": code, "stages": stages, "end": end}, f)
"""


def run_once(python: str, out: Path, sources: list[str], env: dict[str, str]) -> dict[str, object]:
    """One fresh-process build: stage figures from the child, totals from ``wait4``."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        report = Path(handle.name)
    argv = [python, "-c", CHILD, str(out), str(report), *sources]
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    data = json.loads(report.read_text("utf-8")) if report.stat().st_size else {}
    report.unlink()
    if child.returncode not in (0, 1) or not data:
        sys.exit(f"profile_build: the build failed ({child.returncode}): {errors.decode()[-400:]}")
    data["wall"], data["cpu"] = wall, usage.ru_utime + usage.ru_stime
    data["rss_mb"] = usage.ru_maxrss / 1024
    return data


def stage_table(runs: list[dict[str, object]]) -> str:
    """Stage → median wall and CPU seconds, with start-up, finish and the whole process."""
    walls: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []
    for run in runs:
        stages: list[list[float]] = run["stages"]  # type: ignore[assignment]
        end_wall, end_cpu = run["end"]  # type: ignore[misc]
        wall, cpu = float(run["wall"]), float(run["cpu"])  # type: ignore[arg-type]
        first, last = stages[0], stages[-1]
        walls[STARTUP].append(wall - end_wall + first[1])
        cpus[STARTUP].append(cpu - end_cpu + first[3])
        for name, _at, stage_wall, _cpu_at, stage_cpu in stages:
            if name not in order:
                order.append(name)
            walls[str(name)].append(stage_wall)
            cpus[str(name)].append(stage_cpu)
        walls[FINISH].append(end_wall - last[1] - last[2])
        cpus[FINISH].append(end_cpu - last[3] - last[4])
        walls[BETWEEN].append(last[1] + last[2] - first[1] - sum(st[2] for st in stages))
        cpus[BETWEEN].append(last[3] + last[4] - first[3] - sum(st[4] for st in stages))
        walls[WHOLE].append(wall)
        cpus[WHOLE].append(cpu)
    lines = ["| stage | wall s | CPU s |", "|---|---:|---:|"]
    for name in [STARTUP, *order, BETWEEN, FINISH, WHOLE]:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        mark = "**" if name == WHOLE else ""
        lines.append(f"| {mark}{name}{mark} | {mark}{wall:.2f}{mark} | {mark}{cpu:.2f}{mark} |")
    rss = statistics.median(float(r["rss_mb"]) for r in runs)  # type: ignore[arg-type]
    lines.append(f"\npeak RSS {rss:.0f} MB; medians of {len(runs)} fresh processes")
    return "\n".join(lines)


def import_table(python: str, out: Path, sources: list[str], env: dict[str, str]) -> str:
    """Import self time summed by top-level package, from one ``-X importtime`` run."""
    argv = [python, "-X", "importtime", "-c", CHILD, str(out), os.devnull, *sources]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    by_package: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if not line.startswith("import time:") or len(fields) != 3 or "self" in fields[0]:
            continue
        by_package[fields[2].strip().split(".")[0]] += int(fields[0]) / 1e6
    rows = sorted(by_package.items(), key=lambda item: -item[1])
    lines = ["| package (import only, self time) | s |", "|---|---:|"]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in rows[:15]]
    lines.append(f"| all {len(rows)} packages | {sum(by_package.values()):.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the profile and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sources", nargs="*", help="what to build (default: the bundled corpus)")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (default 5)")
    parser.add_argument("--imports", action="store_true", help="add the import-time table")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to profile")
    parser.add_argument(
        "--src",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "src",
        help="the source tree to profile (default: this checkout's src/)",
    )
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.src), env.get("PYTHONPATH")]))
    # Byte-code as an installed package has it: compiled once (in a cache of our own), not
    # on every run, whatever PYTHONDONTWRITEBYTECODE says.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "profile-build-pycache")
    with tempfile.TemporaryDirectory(prefix="profile-build-") as tmp:
        out = Path(tmp) / "out"
        run_once(args.python, out, args.sources, env)  # warm-up: byte-code, page cache
        runs = [run_once(args.python, out, args.sources, env) for _ in range(args.runs)]
        print(stage_table(runs))
        if args.imports:
            print()
            print(import_table(args.python, out, args.sources, env))
    load = os.getloadavg()[0]
    print(f"\nload average {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
