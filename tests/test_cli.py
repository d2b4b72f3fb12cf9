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
    monkeypatch.setattr(cica_kg.validate, "validate_file", cli_fakes.conforming_validate_file)
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
    from cica_kg.validate import FileValidation
    from cica_kg.validate.shacl import ValidationResult

    failing = ValidationResult(conforms=False, findings=())
    monkeypatch.setattr(cica_kg.validate, "validate", lambda data, **_: failing)
    monkeypatch.setattr(cica_kg.validate, "validate_file", lambda path, **_: FileValidation(
        facts_only=False, text=failing, linkset=None, external=None))  # fmt: skip
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


# --- hardening: sidecars, arguments, full disks, closed pipes, link options, link cache ----


@pytest.mark.parametrize(
    ("sidecar", "words"),
    [
        ('{"source_url": "http://exa mple.org/<x>"}', ("tiny.meta.json", "source_url", "' '")),
        ("[" * 5000 + "]" * 5000, ("tiny.meta.json", "nested too deeply")),
        ('{"title": ' + "[" * 5000 + "]" * 5000 + "}", ("tiny.meta.json", "nested too deeply")),
        ('{"source_url": "javascript:alert(1)"}', ("source_url", "http:// or https://")),
    ],
)
def test_hostile_sidecar_is_one_line_exit_2_and_nothing_written(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], sidecar: str,
    words: tuple[str, ...],
) -> None:  # fmt: skip
    # Before: a bad IRI or deep nesting was an internal error (exit 3, after the whole
    # build for the IRI); a javascript: URL was published as the article's schema:url.
    (tmp_path / "tiny.meta.json").write_text(sidecar, encoding="utf-8")
    assert main(["build", str(tiny), "--out", str(tmp_path / "out")]) == 2
    assert_one_line_error(capsys.readouterr().err, *words)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["build", "{tiny}", "--out", "\udcff"], ("--out '\\xff'", "byte 0xFF", "UTF-8")),
        (["build", "{tiny}", "--out=caf\udce9"], ("'--out=caf\\xe9'", "byte 0xE9")),
        (["build", "\udcff.txt", "--out", "out"], ("'\\xff.txt'",)),
        (["query", "cq\udcff"], ("'cq\\xff'",)),
        (["export", "--format", "nt", "-o", "\ud800"], ("lone surrogate U+D800",)),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line_exit_2_and_nothing_written(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], argv: list[str], words: tuple[str, ...],
) -> None:  # fmt: skip
    # Before: `build --out $'\xff'` ran the whole build, then failed on the store (and left
    # a lock file named after the undecodable bytes behind).
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.iterdir())
    assert main([a.replace("{tiny}", str(tiny)) for a in argv]) == 2
    assert_one_line_error(capsys.readouterr().err, *words)
    assert sorted(tmp_path.iterdir()) == before


def test_export_to_a_full_disk_is_one_line_exit_2(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path("/dev/full").exists():  # pragma: no cover - not Linux
        pytest.skip("no /dev/full")
    args = ["--format", "nt", "-o", "/dev/full", "--input", str(built / "cica.trig")]
    assert main(["export", *args]) == 2
    assert_one_line_error(capsys.readouterr().err, "/dev/full", "No space left on device")


def test_a_reader_that_goes_away_ends_the_command_quietly_with_141(built: Path) -> None:
    # `cica-kg export --format nt | head -c1`, as a real process writing into a closed pipe.
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run(
            [sys.executable, "-m", "cica_kg", "export", "--format", "nt",
             "--input", str(built / "cica.trig")],
            stdout=write_end, stderr=subprocess.PIPE, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (process.returncode, process.stderr) == (141, b"")


@pytest.mark.parametrize("command", ["build", "link"])
def test_the_wikidata_options_are_documented(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for option in ("--wikidata-api URL", "--wikidata-sparql URL", "--request-interval S"):
        assert out.count(option) == 2, option  # in the usage line and in the option list
    assert "https://www.wikidata.org/w/api.php" in out
    assert "https://query.wikidata.org/sparql" in out


@pytest.mark.parametrize(
    ("option", "value"),
    [("--request-interval", "-1"), ("--request-interval", "nan"), ("--request-interval", "inf"),
     ("--wikidata-api", "ftp://example.org/"), ("--wikidata-sparql", "query.wikidata.org")],
)  # fmt: skip
def test_bad_wikidata_options_are_usage_errors(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "--review", option, value]) == 2
    assert f"argument {option}: {value!r}" in capsys.readouterr().err


_WRONG_BODIES: tuple[object, ...] = (
    {"search": "oops"}, {"search": [1, 2]}, {"search": [{"id": "Q1", "match": "x"}]},
    {"results": []}, {"results": {"bindings": [{"item": "Q1"}]}}, "a string", [1, 2],
)  # fmt: skip


def _spoiled(record: dict[str, object], n: int) -> str:
    """Cache file text ``n`` of a kind: a wrong body, the record in a list, deep nesting."""
    kinds = [json.dumps({**record, "body": body}) for body in _WRONG_BODIES]
    kinds += [json.dumps([record]), "[" * 5000 + "]" * 5000]
    return kinds[n % len(kinds)]


def _corrupt_cache(cache: Path) -> int:
    """Spoil every cached answer in ``cache``; how many there were."""
    files = sorted(cache.glob("*.json"))
    for n, path in enumerate(files):
        path.write_text(_spoiled(json.loads(path.read_text("utf-8")), n), encoding="utf-8")
    return len(files)


def test_a_link_cache_file_of_the_wrong_shape_is_skipped_with_a_warning(
    tiny: Path, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: an internal error (exit 3) in every build and link until the file was deleted.
    from wikidata_server import wikidata_server

    out = built
    offline = {n: (out / n).read_bytes() for n in ("cica.trig", "linkset.trig")}  # no cache
    with wikidata_server() as (url, state):
        endpoints = ["--wikidata-api", f"{url}/w/api.php", "--wikidata-sparql", f"{url}/sparql"]
        fast = [*endpoints, "--request-interval", "0"]
        assert main(["link", "--online", "--out", str(out), *fast]) == 0
        online = {n: (out / n).read_bytes() for n in offline}
        assert online != offline
        assert _corrupt_cache(out / "cache" / "wikidata") > len(_WRONG_BODIES) + 2
        capsys.readouterr()
        # A build replays the cache: a bad file is as if absent (no answer, no request).
        requests = len(state.requests)
        assert main(["build", str(tiny), "--out", str(out), *endpoints]) == 0
        warnings = capsys.readouterr().err.splitlines()
        corrupt = [line for line in warnings if "corrupt cache file" in line]
        assert corrupt and all(line.endswith("; ignored") for line in corrupt)
        assert all(line.startswith("cica-kg: warning: ") for line in warnings)
        assert len(state.requests) == requests
        assert {n: (out / n).read_bytes() for n in offline} == offline
        # `link --online` fetches the bad answers again, which mends the cache.
        assert main(["link", "--online", "--out", str(out), *fast]) == 0
        assert "fetching again" in capsys.readouterr().err
        assert {n: (out / n).read_bytes() for n in online} == online
