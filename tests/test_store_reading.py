"""Large builds read without rdflib (decision 0147) give what the rdflib path gives.

The bundled article is built once, streamed (its ``cica.trig`` has the evidence mark, so it
is large whatever its size). ``stats``, ``facts``, ``export`` and ``link --review`` are run
on it through the command line (the large path) and compared with the library functions
that read the file into rdflib (the path of a small build): the same text, the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import cica_kg.store.reading
import cica_kg.store.sorting
from cica_kg import iris
from cica_kg.build import compute_stats, export, load_dataset, render_stats
from cica_kg.build.review import render_review, review_rows
from cica_kg.cli import main
from cica_kg.namespace import OA
from cica_kg.store.reading import is_large


@pytest.fixture(scope="module")
def streamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A streamed build of the bundled corpus (read-only)."""
    from cica_kg.pipeline import run_build

    out = tmp_path_factory.mktemp("streamed")
    run_build(None, out_dir=out, stream=True)
    return out


@pytest.fixture(scope="module")
def rdflib_dataset(streamed: Path) -> Dataset:
    """The streamed build's ``cica.trig`` read into rdflib (the small build's path)."""
    return load_dataset(streamed / "cica.trig")


@pytest.fixture
def small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sort in runs of 97 lines merged 3 at a time: every step of the on-disk sort runs."""
    monkeypatch.setattr(cica_kg.store.sorting, "RUN_LINES", 97)
    monkeypatch.setattr(cica_kg.store.sorting, "MERGE_WIDTH", 3)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cica-kg: error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], err


def test_a_streamed_build_is_large_and_an_in_memory_one_is_not(
    streamed: Path, tmp_path: Path
) -> None:
    assert is_large(streamed / "cica.trig")
    small = tmp_path / "small.trig"
    small.write_bytes(export(load_dataset(streamed / "cica.trig"), fmt="trig", graph="all"))
    assert not is_large(small)
    assert not is_large(tmp_path / "missing.trig")
    assert not is_large(tmp_path)


def test_stats_from_the_store_are_those_of_the_rdflib_path(
    streamed: Path, rdflib_dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "stats", "--out", str(streamed))
    assert code == 0
    assert out == render_stats(compute_stats(rdflib_dataset))
    assert "facts without evidence                       0" in out


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_facts_from_the_store_are_those_of_the_rdflib_path(
    streamed: Path, rdflib_dataset: Dataset, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, _ = _run(capsys, "facts", "--out", str(streamed), "--format", fmt)
    assert code == 0
    assert out == render_review(review_rows(rdflib_dataset), fmt)


def test_facts_of_one_source_and_an_unknown_source(
    streamed: Path, rdflib_dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = rdflib_dataset.graph(iris.EVIDENCE_GRAPH)
    name = str(next(iter(evidence.objects(None, OA.hasSource)))).rsplit("/", 1)[-1]
    code, out, _ = _run(capsys, "facts", name, "--out", str(streamed), "--format", "csv")
    assert code == 0
    assert out == render_review(review_rows(rdflib_dataset, source=name), "csv")
    code, _, err = _run(capsys, "facts", "no-such-article", "--out", str(streamed))
    assert code == 2
    _one_line_error(err, "no-such-article", "not a source article")


@pytest.mark.parametrize(("fmt", "graph"), [("nt", "facts"), ("nquads", "facts"),
                                            ("nquads", "all")])  # fmt: skip
@pytest.mark.usefixtures("small_runs")
def test_nt_and_nquads_are_streamed_to_the_bytes_of_the_rdflib_path(
    streamed: Path, rdflib_dataset: Dataset, tmp_path: Path, fmt: str, graph: str
) -> None:
    target = tmp_path / f"out.{fmt}"
    argv = ["export", "--format", fmt, "--graph", graph, "--input", str(streamed / "cica.trig")]
    assert main([*argv, "-o", str(target)]) == 0
    expected = export(rdflib_dataset, fmt=fmt, graph=graph)  # type: ignore[arg-type]
    assert target.read_bytes() == expected
    again = tmp_path / f"again.{fmt}"
    assert main([*argv, "-o", str(again)]) == 0
    assert again.read_bytes() == target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, again.name])


def test_the_facts_export_parses_back_to_the_facts_graph(
    streamed: Path, rdflib_dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "export", "--format", "nt", "--input",
                        str(streamed / "cica.trig"))  # fmt: skip
    assert code == 0
    back = Dataset().graph(iris.FACTS_GRAPH)
    back.parse(data=out, format="nt")
    facts = rdflib_dataset.graph(iris.FACTS_GRAPH)
    if not isomorphic(back, facts):
        _, only_back, only_facts = graph_diff(to_isomorphic(back), to_isomorphic(facts))
        pytest.fail(f"export only {sorted(only_back)[:3]}, graph only {sorted(only_facts)[:3]}")


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld", "xml"])
def test_other_formats_of_the_facts_are_those_of_the_rdflib_path(
    streamed: Path, rdflib_dataset: Dataset, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "facts.out"
    argv = ["export", "--format", fmt, "--input", str(streamed / "cica.trig"), "-o", str(target)]
    assert main(argv) == 0
    assert target.read_bytes() == export(rdflib_dataset, fmt=fmt, graph="facts")


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_every_graph_in_a_format_not_streamed_is_refused(
    streamed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    target = tmp_path / "all.out"
    code, _, err = _run(capsys, "export", "--format", fmt, "--graph", "all", "--input",
                        str(streamed / "cica.trig"), "-o", str(target))  # fmt: skip
    assert code == 2
    _one_line_error(err, "cica.trig (", "MB)", "large build", "--format nquads")
    assert not target.exists()


def test_a_broken_large_file_is_one_line_and_the_old_output_stays(
    streamed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "cica.trig"
    data = (streamed / "cica.trig").read_bytes()
    broken.write_bytes(data[: len(data) - 300] + b"\nnot rdf at all\n")
    target = tmp_path / "out.nq"
    target.write_bytes(b"old\n")
    code, _, err = _run(capsys, "export", "--format", "nquads", "--graph", "all", "--input",
                        str(broken), "-o", str(target))  # fmt: skip
    assert code == 2
    _one_line_error(err, "cica.trig line", "not valid trig", "rebuild")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cica.trig", "out.nq"]


def test_stats_of_a_large_file_without_its_store_says_how_to_make_it(
    streamed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(streamed / "cica.trig", tmp_path / "cica.trig")
    for command in ("stats", "facts"):
        code, out, err = _run(capsys, command, "--graph", str(tmp_path / "cica.trig"))
        assert (code, out) == (2, "")
        _one_line_error(err, "cica.trig", "store", "is missing", "cica-kg build --out")


def test_a_file_above_the_size_limit_is_large_with_the_same_answers(
    streamed: Path, rdflib_dataset: Dataset, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """An in-memory build's TriG (no evidence mark) above :data:`LARGE_ABOVE` reads the same."""
    out = tmp_path / "out"
    shutil.copytree(streamed / "store", out / "store")
    (out / "cica.trig").write_bytes(export(rdflib_dataset, fmt="trig", graph="all"))
    monkeypatch.setattr(cica_kg.store.reading, "LARGE_ABOVE", 1000)
    assert is_large(out / "cica.trig")
    code, stats, _ = _run(capsys, "stats", "--out", str(out))
    assert (code, stats) == (0, render_stats(compute_stats(rdflib_dataset)))
    code, nquads, _ = _run(capsys, "export", "--format", "nquads", "--graph", "all",
                           "--input", str(out / "cica.trig"))  # fmt: skip
    assert code == 0
    assert nquads.encode("utf-8") == export(rdflib_dataset, fmt="nquads", graph="all")


def test_link_review_of_a_large_build_is_that_of_the_rdflib_path(
    streamed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)  # no linking/decisions.csv applies
    large = _run(capsys, "link", "--review", "--out", str(streamed))
    monkeypatch.setattr(cica_kg.store.reading, "is_large", lambda path: False)
    small = _run(capsys, "link", "--review", "--out", str(streamed))
    assert large == small
    assert large[0] == 0 and "text entities:" in large[1]


def test_link_that_would_rewrite_a_build_above_the_limit_is_refused(
    streamed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cica_kg.store.reading, "LARGE_ABOVE", 1000)
    before = {p.name: p.stat().st_mtime_ns for p in streamed.iterdir()}
    code, out, err = _run(capsys, "link", "--out", str(streamed))
    assert (code, out) == (2, "")
    _one_line_error(err, "cica.trig (", "large", "cica-kg link --review", "cica-kg build")
    assert {p.name: p.stat().st_mtime_ns for p in streamed.iterdir()} == before


def test_link_rewrites_a_streamed_build_below_the_limit_as_before(
    streamed: Path, rdflib_dataset: Dataset, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    out = Path(shutil.copytree(streamed, tmp_path / "out"))
    monkeypatch.chdir(tmp_path)
    code, _, _ = _run(capsys, "link", "--out", str(out))
    assert code == 0
    assert not is_large(out / "cica.trig")  # rewritten in memory, as an in-memory build's
    facts = load_dataset(out / "cica.trig").graph(iris.FACTS_GRAPH)
    assert isomorphic(facts, rdflib_dataset.graph(iris.FACTS_GRAPH))
