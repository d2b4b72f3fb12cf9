"""The streamed build (decisions 0139, 0140) gives the graph and the findings of the in-memory one.

Three development articles, built both ways: every named graph of ``cica.trig`` and of the
store is isomorphic, the reports are the same text and ``cica.ttl``, ``linkset.trig`` and
``void.ttl`` the same bytes. The evidence shapes, which a build's own graph never breaks,
are checked on a graph broken on purpose: the findings of the validation in parts are those
of the whole-graph validation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from cica_kg import iris
from cica_kg.bench.gold import DEV_CORPUS
from cica_kg.model import Statement

ARTICLES = (
    DEV_CORPUS / "en" / "en01-astana-2022-dispatch.txt",
    DEV_CORPUS / "zh" / "zh07-zhuxiguo-lishi.txt",
    DEV_CORPUS / "zh" / "zh09-shanghai-2014-xi-anquanguan.txt",
)
SAME_BYTES = ("cica.ttl", "linkset.trig", "void.ttl", "validation.txt")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The articles built in memory and streamed (the second reads the first's cache)."""
    from cica_kg.pipeline import run_build

    memory = tmp_path_factory.mktemp("in-memory")
    run_build(list(ARTICLES), out_dir=memory, stream=False)
    streamed = tmp_path_factory.mktemp("streamed")
    (streamed / "cache").symlink_to(memory / "cache", target_is_directory=True)
    run_build(list(ARTICLES), out_dir=streamed, stream=True)
    return memory, streamed


def _graphs(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def _assert_isomorphic(name: str, a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _both, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"{name}: in memory only {sorted(only_a)[:5]}, streamed only "
                    f"{sorted(only_b)[:5]}")  # fmt: skip


def test_the_dataset_is_isomorphic(builds: tuple[Path, Path]) -> None:
    from cica_kg.build.formats import load_dataset

    memory, streamed = (_graphs(load_dataset(out / "cica.trig")) for out in builds)
    assert sorted(memory) == sorted(streamed)
    assert len(memory[str(iris.EVIDENCE_GRAPH)]) > 10 * len(memory[str(iris.FACTS_GRAPH)])
    for name in memory:
        _assert_isomorphic(name, memory[name], streamed[name])


def test_the_store_is_isomorphic(builds: tuple[Path, Path]) -> None:
    import pyoxigraph as ox

    from cica_kg.store import open_store

    def graphs(out: Path) -> dict[str, Graph]:
        store = open_store(out / "store")
        dataset = Dataset()
        dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        del store
        return _graphs(dataset)

    memory, streamed = (graphs(out) for out in builds)
    assert sorted(memory) == sorted(streamed)
    for name in memory:
        _assert_isomorphic(name, memory[name], streamed[name])


@pytest.mark.parametrize("name", SAME_BYTES)
def test_the_other_files_are_the_same_bytes(builds: tuple[Path, Path], name: str) -> None:
    memory, streamed = builds
    assert (memory / name).read_text("utf-8") == (streamed / name).read_text("utf-8")


def test_the_report_has_findings_across_facts_and_evidence(builds: tuple[Path, Path]) -> None:
    report = (builds[0] / "validation.txt").read_text("utf-8")
    assert "One article gives this more than one value" in report  # facts joined to sources
    assert "source (" in report  # quotes found in the evidence


def test_the_checks_store_leaves_nothing_behind(builds: tuple[Path, Path]) -> None:
    memory, streamed = builds
    assert not list(streamed.glob("**/sparql-checks-*"))
    assert sorted(p.name for p in streamed.iterdir()) == sorted(p.name for p in memory.iterdir())


@pytest.mark.parametrize(("on_disk", "chunk"), [(False, 10_000), (True, 10_000), (True, 2)],
                         ids=["in-memory", "on-disk", "chunks-of-2"])  # fmt: skip
def test_evidence_findings_equal_the_whole_graphs(
    on_disk: bool, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cica_kg.build import build_dataset
    from cica_kg.build.stream import stream_graph
    from cica_kg.extract import extract
    from cica_kg.identity import resolve
    from cica_kg.ingest import load_documents
    from cica_kg.validate import stream, validate
    from cica_kg.validate.stream import validate_streamed

    monkeypatch.setattr(stream, "FINDINGS_CHUNK", chunk)
    documents = load_documents([ARTICLES[0]])
    statements = _broken(list(resolve(extract(documents))))
    whole = build_dataset(statements, documents)
    graph = stream_graph(statements, documents)
    scratch = tmp_path if on_disk else None
    result = validate_streamed(graph.dataset, graph.evidence_batches(), facts=graph.evidence,
                               scratch=scratch)  # fmt: skip
    assert not list(tmp_path.iterdir())  # the on-disk store is removed
    expected = validate(whole)
    shapes = {f.shape for f in expected.findings}
    assert {"Quoted text", "Confidence", "Quote start", "Evidence for every fact"} <= shapes
    assert result == expected


def _broken(statements: list[Statement]) -> list[Statement]:
    """``statements`` with three pieces of evidence made wrong: an empty quote, a confidence
    above 1, a start after the end (each breaks an evidence shape; the empty quote also
    leaves its fact without evidence)."""
    from dataclasses import replace

    for index, change in ((3, {"quote": ""}), (5, {"confidence": 1.5}), (7, {"start": 10**6})):
        statement = statements[index]
        wrong = replace(statement.evidence[0], **change)  # type: ignore[arg-type]
        statements[index] = replace(statement, evidence=(wrong, *statement.evidence[1:]))
    return statements


def test_the_lines_are_the_triples_as_ntriples() -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    from cica_kg.build.dataset import ntriples_line, reification_triples
    from cica_kg.build.lines import reification_lines
    from cica_kg.model import Evidence

    awkward = 'a "quoted" back\\slash,\nnew line\r\tand 中文'
    evidence = {
        Evidence("doc-a", "en", 5, 9, awkward, "en:rule", 0.9),
        Evidence("doc-a", "en", 5, 12, "same start", "en:rule", 1.0),  # names -1, -2
        Evidence("doc-b", "zh", 0, 2, "亚信", "zh:rule", 0.75),
    }
    node = URIRef("https://w3id.org/cica-kg/id/organization/cica")
    for obj in (Literal(awkward, lang="en"), Literal("3", datatype=URIRef(XSD_INTEGER)), node):
        triple = (node, RDFS.label, obj)
        expected = [ntriples_line(t) + "\n" for t in reification_triples(triple, evidence)]
        assert reification_lines(triple, evidence) == expected


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize(("flags", "stream"), [([], None), (["--stream"], True),
                                               (["--no-stream"], False)])  # fmt: skip
def test_the_build_command_passes_the_choice(flags: list[str], stream: bool | None) -> None:
    from cica_kg.cli.main import build_parser

    assert build_parser().parse_args(["build", *flags]).stream is stream


def test_the_store_loads_the_streamed_file_in_parts(
    builds: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph as ox

    from cica_kg.store import parts

    trig = builds[1] / "cica.trig"
    monkeypatch.setattr(parts, "PART_LINES", 7)  # many parts, the block's end inside one
    in_parts, whole = ox.Store(), ox.Store()
    assert parts.load_in_parts(in_parts, trig)
    whole.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    assert not parts.load_in_parts(ox.Store(), builds[0] / "cica.trig")  # not streamed

    def graphs(store: ox.Store) -> dict[str, Graph]:
        dataset = Dataset()
        dataset.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return _graphs(dataset)

    expected, loaded = graphs(whole), graphs(in_parts)
    assert sorted(expected) == sorted(loaded)
    for name in expected:
        _assert_isomorphic(name, expected[name], loaded[name])
