"""The cica-kg command line, run in-process through main([...])."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import cica_kg.extract
import cica_kg.validate
import cli_fakes
from cica_kg.build.formats import FORMATS
from cica_kg.cli import main


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-article corpus whose facts come from the fake extractor."""
    monkeypatch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract, raising=False)
    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    source = tmp_path / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    return source


@pytest.fixture
def built(tiny: Path, tiny_build_copy: Path) -> Path:
    """A ``cica-kg build`` of ``tiny`` (a copy of the session's); the fakes stay in place."""
    return tiny_build_copy


def assert_one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cica-kg: error: ")
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0]


def test_build_prints_a_summary_on_stdout_only(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(tiny), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "fact triples" in captured.out and "conforms to shapes" in captured.out
    assert captured.err == ""  # no progress lines: stderr is not a terminal here
    assert (tmp_path / "out" / "cica.ttl").is_file()


def test_validate_prints_the_report(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["validate", "--out", str(built)]) == 0
    assert capsys.readouterr().out.strip()


def test_validate_without_a_build_says_to_run_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--out", str(tmp_path / "nothing")]) == 2
    assert_one_line_error(capsys.readouterr().err, "cica-kg build")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_writes_each_format(built: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"export.{FORMATS[fmt]}"
    code = main(["export", "--format", fmt, "-o", str(target), "--input", str(built / "cica.trig")])
    assert code == 0
    data = target.read_bytes()
    if fmt == "jsonld":
        assert json.loads(data)
    parser = {"turtle": "turtle", "jsonld": "json-ld"}.get(fmt, fmt)
    holder = Dataset() if fmt in ("trig", "nquads", "jsonld") else Graph()
    assert len(holder.parse(data=data, format=parser)) > 0 or fmt in ("trig", "nquads", "jsonld")


def test_export_to_stdout_and_all_graphs(
    built: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export", "--format", "nquads", "--graph", "all",
                 "--input", str(built / "cica.trig")]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "<https://w3id.org/cica-kg/graph/evidence>" in out


def test_export_turtle_of_all_graphs_is_a_usage_error(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = main(["export", "--format", "turtle", "--graph", "all",
                 "--input", str(built / "cica.trig")])
    assert code == 2
    assert_one_line_error(capsys.readouterr().err, "--graph facts")


def test_stats_prints_a_table(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["stats", "--out", str(built)]) == 0
    out = capsys.readouterr().out
    assert "facts with English evidence" in out and "cica:Proposal" in out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.txt", None),
        ("empty-dir", "DIR"),
        ("empty.txt", b""),
        ("latin1.txt", "Präsident Nasarbajew, Kasachstan.\n".encode("latin-1")),
        ("binary.txt", bytes(range(256)) * 4),
    ],
)
def test_bad_inputs_fail_with_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | str | None
) -> None:
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 2
    assert_one_line_error(capsys.readouterr().err, name)
    assert not (tmp_path / "out").exists()


def test_unwritable_output_dir_is_an_output_error(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    assert main(["build", str(tiny), "--out", str(blocker / "out")]) == 2
    assert_one_line_error(capsys.readouterr().err, "cannot write")


def test_internal_error_is_one_line_exit_3_and_verbose_shows_traceback(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def crash(documents: object) -> list[object]:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cica_kg.extract, "extract", crash, raising=False)
    assert main(["build", str(tiny), "--out", str(tmp_path / "out")]) == 3
    assert_one_line_error(capsys.readouterr().err, "ZeroDivisionError", "-v")
    assert main(["-v", "build", str(tiny), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("cica-kg: error:")
    assert main(["build", str(tiny), "-v", "--out", str(tmp_path / "out")]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_interrupt_exits_130(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(documents: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(cica_kg.extract, "extract", interrupted, raising=False)
    assert main(["build", str(tiny), "--out", str(tmp_path / "out")]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["no-such-command"]) == 2
    assert main(["export", "--format", "csv"]) == 2
    assert main(["--help"]) == 0


def test_non_conforming_graph_exits_1_from_build_and_validate(
    built: Path, tiny: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cica_kg.validate.shacl import ValidationResult

    monkeypatch.setattr(cica_kg.validate, "validate",
                        lambda data, **_: ValidationResult(conforms=False, findings=()))
    assert main(["validate", "--out", str(built)]) == 1
    assert main(["build", str(tiny), "--out", str(built)]) == 1
    assert "conforms to shapes           no" in capsys.readouterr().out


def test_closed_pipe_on_stdout_exits_quietly(
    built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class ClosedPipe:
        def write(self, data: object) -> int:
            raise BrokenPipeError

        def flush(self) -> None:
            pass

    class Stdout(ClosedPipe):
        buffer = ClosedPipe()

    monkeypatch.setattr("sys.stdout", Stdout())
    code = main(["export", "--format", "nt", "--input", str(built / "cica.trig")])
    assert code == 141
    assert capsys.readouterr().err == ""


def test_validate_with_malformed_shapes_names_the_file_and_line(
    seed_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<a> <b> <c\n", "utf-8")
    code = main(["validate", "--out", str(seed_build), "--shapes", str(shapes)])
    assert code == 2
    assert_one_line_error(capsys.readouterr().err, "shapes.ttl", "line 3")
