"""Shared fixtures: the bundled article built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of one full `cica-kg build` of the bundled corpus."""
    from cica_kg.pipeline import run_build

    out = tmp_path_factory.mktemp("seed-build")
    result = run_build(None, out_dir=out)
    assert result.conforms, (out / "validation.txt").read_text("utf-8")
    return out
