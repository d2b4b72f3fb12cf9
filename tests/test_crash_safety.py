"""Builds killed at random moments: the build directory always holds one whole set of outputs.

Two texts, A and B, are built once each as references. Then builds alternating between them
are started in the same directory and killed (SIGKILL) at a random moment; after each kill,
every output must equal the reference of A or of B, all of the same one (decision 0081).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cica_kg.cli import main

TEXT_A = "CICA was proposed by Nursultan Nazarbayev in October 1992.\n"
TEXT_B = TEXT_A + "The first CICA summit was held in Almaty in June 2002.\n"
FILES = ("cica.ttl", "cica.trig", "linkset.trig", "void.ttl", "validation.txt")
KILLS = 6


def _snapshot(out: Path) -> dict[str, object]:
    """What a reader sees: the bytes of each file and the store's quad count."""
    seen: dict[str, object] = {name: (out / name).read_bytes() for name in FILES}
    seen["store quads"] = json.loads((out / "store" / "cica-kg-store.json").read_text())["quads"]
    return seen


def _reference(tmp_path: Path, name: str, text: str) -> tuple[Path, dict[str, object]]:
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"ref-{name}"
    assert main(["build", str(source), "--out", str(out)]) in (0, 1)
    return source, _snapshot(out)


def test_killed_builds_never_leave_a_mixed_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no linking/decisions.csv of the repository applies
    source_a, ref_a = _reference(tmp_path, "a", TEXT_A)
    source_b, ref_b = _reference(tmp_path, "b", TEXT_B)
    assert ref_a != ref_b
    out = tmp_path / "build"
    shutil.copytree(tmp_path / "ref-a", out)
    started = time.perf_counter()
    _run(source_b, out).wait(120)
    duration = time.perf_counter() - started
    assert _snapshot(out) == ref_b
    rng = random.Random(8)
    mixed, sources = 0, (source_a, source_b)
    for kill in range(KILLS):
        process = _run(sources[kill % 2], out)
        time.sleep(rng.uniform(0.5, 1.05) * duration)  # mostly while writing and switching
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        mixed += _snapshot(out) not in (ref_a, ref_b)
    assert mixed == 0
    _run(source_a, out).wait(120)  # a build after the kills cleans what they left
    assert _snapshot(out) == ref_a
    left = [p.name for p in tmp_path.iterdir() if ".staging-" in p.name or ".aside-" in p.name]
    assert left == []


def _run(source: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "cica_kg", "build", str(source), "--out", str(out)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
