"""cica_kg.pipeline: stage order, summary, and all-or-nothing outputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, VOID, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import cica_kg.extract
import cica_kg.pipeline.linking
import cica_kg.pipeline.memory
import cica_kg.pipeline.writing
import cica_kg.validate
import cli_fakes
from cica_kg import iris
from cica_kg.build.formats import load_dataset
from cica_kg.iris import FACTS_GRAPH
from cica_kg.outputs import MARK
from cica_kg.pipeline import (
    DATASET_FILE,
    FACTS_FILE,
    LINKSET_FILE,
    REPORT_FILE,
    VOID_FILE,
    build_facts,
    run_build,
)

DEV_ARTICLE = (Path(__file__).parent / "data" / "dev-corpus" / "zh"
               / "zh13-almaty-2002-shuangyu.txt")  # fmt: skip
"""A short development article with English and Chinese passages."""


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-article corpus whose facts come from the fake extractor (shapes not checked)."""
    monkeypatch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract, raising=False)
    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    source = tmp_path / "corpus" / "tiny.txt"
    source.parent.mkdir()
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    return source


def test_build_writes_facts_dataset_and_report(tiny: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    result = run_build([tiny], out_dir=tmp_path / "out", progress=lines.append)
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {FACTS_FILE, DATASET_FILE, LINKSET_FILE, VOID_FILE, REPORT_FILE, "store", MARK,
                     "cache"}  # fmt: skip
    assert (result.documents, result.statements, result.triples) == (1, 2, 8)
    assert (result.facts_en, result.facts_zh) == (6, 5)  # zh labels: zh quote only
    assert result.conforms and not result.warnings
    assert [stage for stage, _ in result.timings] == [
        "ingest", "extract", "identity", "build", "validate", "link", "write", "store",
    ]
    assert [line.split(":")[0] for line in lines] == [stage for stage, _ in result.timings]
    facts = load_dataset(tmp_path / "out" / FACTS_FILE).graph(FACTS_GRAPH)
    assert isomorphic(facts, load_dataset(tmp_path / "out" / DATASET_FILE).graph(FACTS_GRAPH))
    assert "fact triples" in result.summary()


def test_failed_build_leaves_previous_outputs_untouched(
    tiny: Path, tiny_build_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tiny_build_copy  # a build of ``tiny`` into tmp_path / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    tiny.write_text(cli_fakes.TEXT + "\nMore text.\n", encoding="utf-8")

    def broken_extract(documents: object) -> list[object]:
        raise RuntimeError("extractor crashed mid-build")

    monkeypatch.setattr(cica_kg.extract, "extract", broken_extract, raising=False)
    with pytest.raises(RuntimeError, match="mid-build"):
        run_build([tiny], out_dir=out)
    monkeypatch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract, raising=False)

    def broken_export(dataset: object, *, fmt: str, graph: str = "facts") -> bytes:
        if fmt == "trig":
            raise OSError("disk full while serialising")
        return b"partial"

    monkeypatch.setattr(cica_kg.pipeline.writing, "export", broken_export)
    with pytest.raises(OSError, match="disk full"):
        run_build([tiny], out_dir=out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".out.lock", "corpus", "out"]  # no temp dirs left (the lock stays, as ever)


def test_article_without_facts_gives_a_warning_and_an_empty_valid_graph(
    tmp_path: Path,
) -> None:
    source = tmp_path / "weather.txt"
    source.write_text("Weekend weather\n\nShowers will clear by Saturday morning.\n",
                      encoding="utf-8")
    result = run_build([source], out_dir=tmp_path / "out")
    assert result.warnings == (f"{source}: no facts found; its graph is empty",)
    facts = load_dataset(tmp_path / "out" / FACTS_FILE).graph(FACTS_GRAPH)
    assert {s for s in facts.subjects()} <= {iris.source_iri("weather")}  # at most its title
    report = (tmp_path / "out" / REPORT_FILE).read_text(encoding="utf-8")
    assert result.conforms, report


def test_links_and_external_data_are_named_graphs_apart_from_the_facts(tiny_build: Path) -> None:
    out = tiny_build  # read-only
    dataset = load_dataset(out / DATASET_FILE)
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == {iris.GRAPH + name for name in ("facts", "evidence", "linkset", "external")}
    linkset = load_dataset(out / LINKSET_FILE).graph(URIRef(iris.GRAPH + "linkset"))
    assert isomorphic(linkset, dataset.graph(URIRef(iris.GRAPH + "linkset")))
    facts_text = (out / FACTS_FILE).read_text("utf-8")
    assert "sameAs" not in facts_text and "wikidata" not in facts_text
    void = Graph().parse(out / VOID_FILE, format="turtle")
    assert (None, RDF.type, VOID.Linkset) in void
    assert (out / REPORT_FILE).read_text("utf-8").count("Conforms: yes") == 4  # all + 3 sections


def test_two_builds_are_byte_identical(tiny: Path, tiny_build: Path, tmp_path: Path) -> None:
    first = tiny_build  # the session's build of the same text (another path, earlier)
    run_build([tiny], out_dir=tmp_path / "b")
    for name in (FACTS_FILE, DATASET_FILE, LINKSET_FILE, VOID_FILE, REPORT_FILE):
        assert (first / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_build_facts_gives_the_cica_ttl_of_a_real_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``build_facts`` (in memory, no validate/link/store) is what ``cica-kg build`` writes."""
    from cica_kg.cli import main

    monkeypatch.chdir(tmp_path)  # no linking/decisions.csv applies
    assert main(["build", str(DEV_ARTICLE), "--out", str(tmp_path / "out")]) in (0, 1)
    written = Graph().parse(tmp_path / "out" / FACTS_FILE, format="turtle")
    in_memory = build_facts([DEV_ARTICLE])
    assert len(in_memory) > 20
    if not isomorphic(in_memory, written):
        _, only_memory, only_file = graph_diff(to_isomorphic(in_memory), to_isomorphic(written))
        pytest.fail(
            f"build_facts differs from {FACTS_FILE}\nonly in memory:\n"
            + only_memory.serialize(format="nt")
            + f"only in {FACTS_FILE}:\n"
            + only_file.serialize(format="nt")
        )


def _outputs(out: Path) -> dict[str, bytes]:
    names = (FACTS_FILE, DATASET_FILE, LINKSET_FILE, VOID_FILE, REPORT_FILE)
    return {name: (out / name).read_bytes() for name in names}


def test_validation_beside_the_other_stages_writes_what_validation_here_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The development article, really validated and linked: in workers (decision 0134) and
    in this process (a graph over BESIDE_MAX_QUADS) the files are byte-identical."""
    beside = run_build([DEV_ARTICLE], out_dir=tmp_path / "beside", cache=False)
    monkeypatch.setattr(cica_kg.pipeline.linking, "BESIDE_MAX_QUADS", 0)
    here = run_build([DEV_ARTICLE], out_dir=tmp_path / "here", cache=False)
    assert _outputs(tmp_path / "beside") == _outputs(tmp_path / "here")
    assert beside.conforms == here.conforms


def _children() -> set[str]:
    import os

    return set(Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split())


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_a_failed_write_stops_the_validation_workers(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cica_kg.errors import OutputError

    def disk_full(*_args: object, **_options: object) -> tuple[Path, ...]:
        raise OutputError("disk full")

    before = _children()
    monkeypatch.setattr(cica_kg.pipeline.memory, "write_outputs", disk_full)
    with pytest.raises(OutputError):
        run_build([tiny], out_dir=tmp_path / "out", cache=False)
    assert _children() <= before  # the workers were killed and reaped
