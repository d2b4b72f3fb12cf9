"""Tests of cica_kg.validate.files: ``cica-kg validate FILE`` reads the file with Oxigraph for the
fast engine, with the report, exit codes and errors of the rdflib path (decisions 0144, 0145).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph

import cica_kg.build
from cica_kg.errors import InputError, ResourceError
from cica_kg.validate import format_reports, validate
from cica_kg.validate.files import FileValidation, _by_rdflib, validate_file
from cica_kg.validate.shacl import choose_engine
from test_validate import DATA, case_graph

CASES = ["base", *sorted(p.stem for p in DATA.glob("*-*.ttl"))]
MALFORMED = {
    "bad.ttl": '@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n',
    "bad.nq": "<http://e/a> <http://e/b> <http://e/c> <http://e/g> .\n<http://e/a> <http://e/b> .",
    "bad.trig": "@prefix ex: <http://ex/> .\nex:g { ex:a ex:b ex:c .\n",
    "bad.nt": "<http://ex/a> <http://ex/b> <not an iri> .\n",
}  # fmt: skip


def _report(checked: FileValidation) -> str:
    return format_reports(checked.text, checked.linkset, checked.external)


@pytest.mark.parametrize("name", ["cica.trig", "cica.ttl"])
def test_the_bundled_build_gets_the_report_it_got_through_rdflib(
    seed_build: Path, name: str
) -> None:
    fast = validate_file(seed_build / name, engine="fast")
    before = _by_rdflib(seed_build / name, shapes=None, engine="fast")
    assert fast == before
    assert _report(fast) == _report(before)
    assert fast.linkset is not None or name == "cica.ttl"  # the TriG holds the linkset
    assert fast.facts_only == (name == "cica.ttl")


def test_the_fast_path_builds_no_rdflib_graph_of_the_file(
    seed_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path) -> None:
        raise AssertionError(f"{path} was read into rdflib")

    monkeypatch.setattr(cica_kg.build, "load_dataset", refuse)
    assert validate_file(seed_build / "cica.trig").conforms


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_each_shape_fixture_read_from_a_file_gives_the_findings_in_memory(
    case: str, fmt: str, tmp_path: Path
) -> None:
    graph = case_graph() if case == "base" else case_graph(case)
    path = tmp_path / f"{case}.{'ttl' if fmt == 'turtle' else 'nt'}"
    graph.serialize(path, format=fmt, encoding="utf-8")
    assert validate_file(path, engine="fast").text == validate(graph, engine="fast")


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_input_gets_the_rdflib_paths_one_line_error(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(MALFORMED[name], encoding="utf-8")
    with pytest.raises(InputError) as fast:
        validate_file(path, engine="fast")
    with pytest.raises(InputError) as before:
        _by_rdflib(path, shapes=None, engine="fast")
    assert str(fast.value) == str(before.value)
    assert f"{name} line " in str(fast.value) and "\n" not in str(fast.value)


def test_a_missing_file_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file; run `cica-kg build`"):
        validate_file(tmp_path / "cica.trig")


def _without_shacl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shacl", None)  # `import shacl` raises ImportError


def test_auto_falls_back_to_pyshacl_without_the_shacl_package(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _without_shacl(monkeypatch)
    engine, warning = choose_engine("auto")
    assert engine == "pyshacl"
    assert warning is not None and "`shacl`" in warning and "pip install" in warning
    assert validate(Graph()).conforms
    assert [r.getMessage() for r in caplog.records] == [warning]


def test_fast_without_the_shacl_package_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without_shacl(monkeypatch)
    with pytest.raises(ResourceError, match=r"needs the Rust `shacl` package .*pip install") as err:
        validate(Graph(), engine="fast")
    assert "\n" not in str(err.value)


def test_the_cli_warns_once_and_validates_with_pyshacl_without_shacl(
    seed_build: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    _without_shacl(monkeypatch)
    assert main(["validate", "--graph", str(seed_build / "cica.trig")]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Conforms: yes")
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cica-kg: warning: the Rust `shacl` package")
    assert main(["validate", "--graph", str(seed_build / "cica.trig"), "--engine", "fast"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("cica-kg: error: the fast SHACL engine needs")
