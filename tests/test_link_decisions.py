"""The reviewed-decisions file: accept or reject without editing code; bad files rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_kg.errors import InputError
from cica_kg.link import Decision, link
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
    assert cica.decision is Decision.ACCEPTED and f"{path}:3" in cica.why
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
