"""``cica-kg link``: the table, the linkset file, --review, bad input keeps what was accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, Dataset, URIRef

from cica_kg.cli import main
from cica_kg.iris import LINKSET_GRAPH
from linking_fixtures import ARTICLE


@pytest.fixture
def out(tmp_path: Path) -> Path:
    (tmp_path / "cica.trig").write_bytes(ARTICLE.read_bytes())
    return tmp_path


def test_link_prints_the_table_and_writes_the_linkset(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split() == [
        "entity",
        "dataset",
        "candidate",
        "score",
        "decision",
        "why",
    ]
    assert "Q148" in printed and "unlinked entities" in printed
    assert "text entities: 15 entities; linked wikidata 9, dbpedia 9, geonames 5" in printed
    linkset = Dataset()
    linkset.parse(out / "linkset.trig", format="trig")
    graph = linkset.graph(LINKSET_GRAPH)
    china = URIRef("https://w3id.org/cica-kg/id/state/china")
    assert (china, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q148")) in graph


def test_review_lists_only_what_needs_a_human(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "--review", "--out", str(out)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines()[1:] if " review " in line]
    assert rows and all("accepted" not in row for row in rows)
    assert not (out / "linkset.trig").exists()  # --review writes nothing


def test_bad_decisions_file_keeps_the_previous_linkset(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "--out", str(out)]) == 0
    before = (out / "linkset.trig").read_bytes()
    bad = out / "reviewed.csv"
    bad.write_text("entity,dataset,candidate,decision,note\nChina,wikidata,Q-1,accept,\n", "utf-8")
    assert main(["link", "--out", str(out), "--decisions", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"cica-kg: error: {bad}:2: 'Q-1' is not a Wikidata QID" in err
    assert (out / "linkset.trig").read_bytes() == before


def test_accept_above_must_be_a_score(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--out", str(out), "--accept-above", "1.5"]) == 2
    assert "not a score between 0 and 1" in capsys.readouterr().err


def test_link_output_is_deterministic(out: Path) -> None:
    assert main(["link", "--out", str(out)]) == 0
    first = (out / "linkset.trig").read_bytes()
    assert main(["link", "--out", str(out)]) == 0
    assert (out / "linkset.trig").read_bytes() == first
