"""bench/report.py: the Markdown table and the chart a `make bench` run prints and writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from cica_kg.bench.measure import QueryTiming, TierResult
from cica_kg.bench.report import chart, markdown, query_table


def _tier(label: str, triples: int) -> TierResult:
    tier = TierResult(label=label, triples=triples, articles=3, build_s=1.0,
                      load_oxigraph_s=0.5, load_oxigraph_memory_s=0.2, load_rdflib_s=5.0,
                      export_s=0.1)  # fmt: skip
    tier.queries = [
        QueryTiming("cq01", 1, oxigraph_ms=0.5, rdflib_ms=50.0, identical="yes"),
        QueryTiming("cq02", 4, oxigraph_ms=2.0, rdflib_ms=10.0, identical="NO"),
    ]
    return tier


def test_markdown_has_a_summary_row_per_tier_and_a_query_table() -> None:
    text = markdown([_tier("seed", 8_000), _tier("10,000", 19_000)], (30, 5.0, 2_000))
    lines = text.splitlines()
    assert lines[0].startswith("| tier | triples |")
    assert any(line.startswith("| seed | 8,000 |") for line in lines)
    assert "| cq01 | 1 | 0.50 | 50.00 | 100.0× | – | – | – | 500.0 | 50000.0 | yes |" in lines
    assert "| cq02 | 4 | 2.00 | 10.00 | 5.0× | – | – | – | 500.0 | 2500.0 | NO |" in lines
    assert "before:" not in text  # no earlier texts timed: no such columns
    assert "1/2" in text  # one of two queries gave the same results on both engines
    assert "5.00 articles/s" in text


def test_query_table_shows_earlier_texts_when_they_were_timed() -> None:
    tier = _tier("10,000", 19_000)
    tier.queries[0] = replace(
        tier.queries[0], oxigraph_cpu_ms=0.4, rdflib_cpu_ms=40.0, before_ms=5.0,
        before_rdflib_ms=60.0, same_as_before="yes",
    )  # fmt: skip
    lines = query_table(tier)
    assert lines[0].endswith("| before: Oxigraph CPU (ms) | rdflib CPU (ms) | same rows |")
    assert lines[2] == (
        "| cq01 | 1 | 0.50 | 50.00 | 100.0× | 0.40 | 40.00 | 100.0× | 500.0 | 50000.0 | yes "
        "| 5.00 | 60.00 | yes |"
    )
    assert lines[3].endswith("| NO | – | – | – |")


def test_chart_is_a_png(tmp_path: Path) -> None:
    path = chart([_tier("seed", 8_000), _tier("10,000", 19_000)], tmp_path / "bench.png")
    assert path.read_bytes().startswith(b"\x89PNG")
