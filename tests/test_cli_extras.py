"""The slim install (decision 0108): a command needing an extra says which, in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cica_kg.cli import main


@pytest.mark.parametrize("action", ["png", "export"])
def test_drawing_without_matplotlib_names_the_extra(
    action: str, tiny_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    picture = tmp_path / "g.png"
    argv = {"png": ["graph", "png", str(picture)],
            "export": ["graph", "export", "--png", str(picture)]}[action]  # fmt: skip
    assert main([*argv, "--graph", str(tiny_build / "cica.trig")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'cica-kg[graph]'" in err, err
    assert not picture.exists()
