"""``cica-kg facts`` / ``cica_kg.build.review``: every fact once, by label, with its evidence."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset

from cica_kg.build import facts_graph
from cica_kg.build.review import QUOTE_WIDTH, render_review, review_rows
from cica_kg.cli import main
from cica_kg.text.display import display_width

SEED = Path(__file__).resolve().parent.parent / "corpus" / "cica-china-org-cn-2019-04-17.txt"


def test_every_fact_is_one_row(seed_dataset: Dataset) -> None:
    rows = review_rows(seed_dataset)
    assert len(rows) == len(facts_graph(seed_dataset))
    assert all(row.quote and row.languages and row.extractors for row in rows)


def test_a_fact_stated_in_both_languages_reads_as_the_text_says(seed_dataset: Dataset) -> None:
    rows = [r for r in review_rows(seed_dataset) if r.predicate == "cica:introducedBy"]
    assert [(r.subject, r.object, r.languages) for r in rows] == [
        ("Asian security concept", "Xi Jinping", "en,zh")
    ]
    assert "President Xi Jinping introduced an Asian security concept" in rows[0].quote


def test_the_source_filter_takes_the_article_file(seed_dataset: Dataset) -> None:
    assert review_rows(seed_dataset, source=str(SEED)) == review_rows(seed_dataset)


def test_csv_and_json_carry_every_row_whole(seed_dataset: Dataset) -> None:
    rows = review_rows(seed_dataset)
    parsed = list(csv.DictReader(io.StringIO(render_review(rows, "csv"))))
    assert len(parsed) == len(rows) and parsed[0]["quote"] == rows[0].quote
    assert json.loads(render_review(rows, "json"))[-1]["quote"] == rows[-1].quote


def test_the_table_cuts_long_cells_by_display_width(seed_dataset: Dataset) -> None:
    table = render_review(review_rows(seed_dataset), "table")
    cells = [cell for line in table.splitlines()[2:-1] for cell in line.split("  ") if cell]
    assert max(display_width(cell.strip()) for cell in cells) <= QUOTE_WIDTH
    assert table.rstrip().endswith(f"({len(review_rows(seed_dataset))} facts)")


def test_an_unknown_source_is_one_line_exit_2(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["facts", "atlantis.txt", "--out", str(seed_build)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a source article" in err and "cica-china" in err
