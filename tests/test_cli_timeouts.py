"""``--timeout`` on the commands that read a graph file: reading is stopped, one line, exit 2."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

import cica_kg.analytics
import cica_kg.cli.export
import cica_kg.cli.stats
from cica_kg.cli import main


def _slow(*_args: Any, **_kwargs: Any) -> Any:
    time.sleep(30)  # a reader stuck on a hostile file


@pytest.mark.parametrize(
    ("target", "name", "argv"),
    [
        (cica_kg.cli.export, "load_dataset", ["export", "--format", "nt"]),
        (cica_kg.cli.stats, "load_dataset", ["stats"]),
        (cica_kg.analytics, "read_dataset", ["graph", "rank"]),
    ],
)
def test_a_stuck_reader_is_stopped(
    target: Any, name: str, argv: list[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setattr(target, name, _slow)
    graph = tmp_path / "cica.trig"
    graph.write_text("", encoding="utf-8")
    option = "--input" if argv[0] == "export" else "--graph"
    started = time.monotonic()
    assert main([*argv, option, str(graph), "--timeout", "0.5"]) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "stopped after 0.5 s" in err, err


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "soon"])
@pytest.mark.parametrize("command", [["export", "--format", "nt"], ["stats"], ["graph", "rank"]])
def test_a_bad_timeout_is_a_usage_error(
    command: list[str], value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--timeout", value]) == 2
    assert "is not a number of seconds" in capsys.readouterr().err
