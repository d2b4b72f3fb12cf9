"""Shared fixtures, built once per test session: the bundled article's build and a tiny build.

Session fixtures are shared by every test that asks for them, so they are read-only: a test
that writes into a build directory works on its own copy (:func:`tiny_build_copy`), a test
that changes a graph on its own copy of the graph.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

import cli_fakes


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of one full `cica-kg build` of the bundled corpus (read-only)."""
    from cica_kg.pipeline import run_build

    out = tmp_path_factory.mktemp("seed-build")
    result = run_build(None, out_dir=out)
    assert result.conforms, (out / "validation.txt").read_text("utf-8")
    return out


@pytest.fixture(scope="session")
def seed_dataset(seed_build: Path) -> Dataset:
    """``cica.trig`` of :func:`seed_build` read back (shared: never modify it)."""
    from cica_kg.build.formats import load_dataset

    return load_dataset(seed_build / "cica.trig")


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of ``cica-kg build tiny.txt`` (read-only; copy it to change it).

    ``tiny.txt`` is :data:`cli_fakes.TEXT`, its facts come from the fake extractor and the
    shapes are not checked (:func:`cli_fakes.conforming_validate`); the build runs in an empty
    working directory, so no ``linking/decisions.csv`` applies.
    """
    import cica_kg.extract
    import cica_kg.validate
    from cica_kg.cli import main

    root = tmp_path_factory.mktemp("tiny-build")
    source = root / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract, raising=False)
        patch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
        patch.chdir(root)
        assert main(["build", str(source), "--out", str(root / "out")]) == 0
    return root / "out"


@pytest.fixture
def tiny_build_copy(tiny_build: Path, tmp_path: Path) -> Path:
    """This test's own copy of :func:`tiny_build` (store included), at ``tmp_path / "out"``."""
    return Path(shutil.copytree(tiny_build, tmp_path / "out"))
