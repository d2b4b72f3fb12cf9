"""The reviewed-decisions file: accept or reject without editing code; bad files rejected."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.errors import InputError
from cica_kg.link import Decision, link, serialize_linkset
from linking_fixtures import article_dataset

CICA = "Conference on Interaction and Confidence-Building Measures in Asia"
HEADER = "entity,dataset,candidate,decision,note\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "reviewed.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_accept_and_reject(tmp_path: Path) -> None:
    path = _write(tmp_path, f"# checked on 2026-11-26\n{CICA},wikidata,Q605501,accept,checked\n"
                            "Kazakhstan,geonames,1522867,reject,testing a reject\n")  # fmt: skip
    result = link(article_dataset(), decisions=path)
    decided = {(c.entity.label(), c.dataset): c for c in result.candidates}
    cica = decided[(CICA, "wikidata")]
    assert cica.decision is Decision.ACCEPTED and "(reviewed.csv:3)" in cica.why
    assert str(tmp_path) not in cica.why  # the file's name, never its path (see below)
    assert decided[("Kazakhstan", "geonames")].decision is Decision.REJECTED


def test_accepting_another_target_supersedes_the_accepted_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "China,wikidata,Q29520,accept,reviewer insists\n")
    result = link(article_dataset(), decisions=path)
    china = {c.target.rsplit("/", 1)[-1]: c.decision for c in result.candidates
             if c.entity.label() == "China" and c.dataset == "wikidata"}  # fmt: skip
    assert china == {"Q148": Decision.REJECTED, "Q29520": Decision.ACCEPTED}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Atlantis,wikidata,Q1,accept,\n", "reviewed.csv:2: unknown entity 'Atlantis'"),
        (f"{CICA},wikidata,Q60x5501,accept,\n", "reviewed.csv:2: 'Q60x5501' is not a Wikidata QID"),
        (f"{CICA},freebase,Q605501,accept,\n", "reviewed.csv:2: unknown dataset 'freebase'"),
        (
            f"{CICA},wikidata,Q605501,maybe,\n",
            "reviewed.csv:2: decision 'maybe' must be accept or reject",
        ),
        ("Almaty,geonames,abc,accept,\n", "reviewed.csv:2: 'abc' is not a GeoNames feature ID"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path, line)
    with pytest.raises(InputError) as caught:
        link(article_dataset(), decisions=path)
    assert message in str(caught.value)


def test_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "reviewed.csv"
    path.write_text("entity,dataset,decision\nChina,wikidata,accept\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"reviewed.csv:1: missing column\(s\) candidate"):
        link(article_dataset(), decisions=path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    # Spreadsheets save "CSV UTF-8" with a BOM; it was read as part of the first column name.
    path = tmp_path / "reviewed.csv"
    body = f"{HEADER}{CICA},wikidata,Q605501,accept,checked\n".replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    result = link(article_dataset(), decisions=path)
    cica = next(c for c in result.candidates if c.entity.label() == CICA and "Q605501" in c.target)
    assert cica.decision is Decision.ACCEPTED and "(reviewed.csv:2)" in cica.why


def test_the_linkset_is_the_same_however_the_path_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, f"{CICA},wikidata,Q605501,accept,checked\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    spellings = [path, Path("../reviewed.csv"), tmp_path / "sub" / ".." / "reviewed.csv"]
    linksets = {serialize_linkset(link(article_dataset(), decisions=p)) for p in spellings}
    assert len(linksets) == 1
    assert b"reviewed.csv:2" in linksets.pop()


def test_build_outputs_are_the_same_however_the_decisions_path_is_spelled(
    tiny_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # linkset.trig and cica.trig recorded the path as given: an absolute path and a relative
    # one through ".." gave two different outputs for the same decisions.
    monkeypatch.chdir(tmp_path)
    path = _write(tmp_path, f"{CICA},wikidata,Q605501,accept,checked\n")
    outputs = []
    for n, spelled in enumerate([str(path), f"../{tmp_path.name}/reviewed.csv"]):
        out = shutil.copytree(tiny_build, tmp_path / f"out{n}")
        assert main(["link", "--out", str(out), "--decisions", spelled]) == 0
        outputs.append({name: (out / name).read_bytes() for name in ("cica.trig", "linkset.trig")})
    assert outputs[0] == outputs[1]
    assert b"reviewed.csv:2" in outputs[0]["linkset.trig"]
    assert str(tmp_path).encode() not in outputs[0]["cica.trig"]
