"""export.py: every format reads back as the same graph, byte-identically across runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import cli_fakes
from cica_kg.build.dataset import build_dataset, evidence_graph, facts_graph
from cica_kg.build.formats import FORMATS, QUAD_FORMATS, export, load_dataset
from cica_kg.errors import InputError, OutputError, UsageError
from cica_kg.files import write_atomic
from cica_kg.iris import EVIDENCE_GRAPH, FACTS_GRAPH

RDFLIB_FORMAT = {
    "turtle": "turtle", "nt": "nt", "nquads": "nquads", "trig": "trig",
    "jsonld": "json-ld", "xml": "xml",
}  # fmt: skip


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(cli_fakes.statements(), [cli_fakes.DOCUMENT])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_facts_export_parses_back_isomorphic(dataset: Dataset, fmt: str) -> None:
    data = export(dataset, fmt=fmt)
    if fmt in QUAD_FORMATS:
        back = Dataset().parse(data=data, format=RDFLIB_FORMAT[fmt]).graph(FACTS_GRAPH)
    else:
        back = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert len(back) == len(facts_graph(dataset)) > 0
    assert isomorphic(back, facts_graph(dataset))


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_all_graphs_export_keeps_facts_and_evidence_apart(dataset: Dataset, fmt: str) -> None:
    back = Dataset().parse(data=export(dataset, fmt=fmt, graph="all"), format=RDFLIB_FORMAT[fmt])
    assert isomorphic(back.graph(FACTS_GRAPH), facts_graph(dataset))
    assert isomorphic(back.graph(EVIDENCE_GRAPH), evidence_graph(dataset))


def test_single_graph_formats_refuse_all_graphs(dataset: Dataset) -> None:
    with pytest.raises(UsageError, match="--graph facts"):
        export(dataset, fmt="turtle", graph="all")
    with pytest.raises(UsageError, match="unknown format"):
        export(dataset, fmt="csv")


_DUMP = """
import sys, cli_fakes
from cica_kg.build.dataset import build_dataset
from cica_kg.build.formats import FORMATS, export
ds = build_dataset(cli_fakes.statements()[::int(sys.argv[1])], [cli_fakes.DOCUMENT])
for fmt in FORMATS:
    for graph in ("facts", "all") if fmt in ("trig", "nquads", "jsonld") else ("facts",):
        sys.stdout.buffer.write(fmt.encode() + b"\\n" + export(ds, fmt=fmt, graph=graph))
"""


def test_every_format_is_byte_identical_across_runs_and_hash_seeds() -> None:
    root = Path(__file__).resolve().parent
    outputs = []
    for seed, order in (("1", "1"), ("2", "-1"), ("3", "1"), ("4", "-1")):
        env = dict(os.environ, PYTHONHASHSEED=seed,
                   PYTHONPATH=os.pathsep.join([str(root.parent / "src"), str(root)]))
        run = subprocess.run([sys.executable, "-c", _DUMP, order], env=env,
                             capture_output=True, check=True)
        outputs.append(run.stdout)
    assert all(output == outputs[0] for output in outputs[1:])


def test_load_dataset_reads_trig_and_turtle(dataset: Dataset, tmp_path: Path) -> None:
    (tmp_path / "g.trig").write_bytes(export(dataset, fmt="trig", graph="all"))
    (tmp_path / "g.ttl").write_bytes(export(dataset, fmt="turtle"))
    for name in ("g.trig", "g.ttl"):
        assert isomorphic(load_dataset(tmp_path / name).graph(FACTS_GRAPH), facts_graph(dataset))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_export_reads_back_through_the_strict_reader(
    dataset: Dataset, tmp_path: Path, fmt: str
) -> None:
    """Oxigraph's syntax check (decision 0084) accepts everything cica-kg writes."""
    graph = "all" if fmt in QUAD_FORMATS else "facts"
    path = tmp_path / f"g.{FORMATS[fmt]}"
    path.write_bytes(export(dataset, fmt=fmt, graph=graph))
    back = load_dataset(path)
    assert isomorphic(back.graph(FACTS_GRAPH), facts_graph(dataset))
    if graph == "all":
        assert isomorphic(back.graph(EVIDENCE_GRAPH), evidence_graph(dataset))


def test_load_dataset_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cica-kg build"):
        load_dataset(tmp_path / "missing.trig")
    (tmp_path / "bad.trig").write_text("this is not trig {", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.trig line 1: not valid trig .*rebuild it"):
        load_dataset(tmp_path / "bad.trig")
    with pytest.raises(InputError, match="not a regular file"):
        load_dataset(tmp_path)


def test_write_atomic_replaces_whole_file_and_reports_bad_dirs(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic(blocker / "out.ttl", b"data")
