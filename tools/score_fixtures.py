"""Build a graph from each fixture article and print how many of its facts it holds.

Usage (from the repository root)::

    .venv/bin/python tools/score_fixtures.py            # Markdown table on stdout
    .venv/bin/python tools/score_fixtures.py --missing  # ... and every missing fact
    .venv/bin/python tools/score_fixtures.py --json     # figures as JSON

Each article is built on its own (ingest → extract → build, the stages of
``cica_kg.pipeline.run_build`` without validation and writing) and scored with
:mod:`cica_kg.bench.scoring` against ``tests/fixtures/articles/<stem>.expected.json``
(decision 0040). Exit code 0, or 1 when an article's recall is below its threshold
in ``tests/fixtures/articles/thresholds.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rdflib import Graph

from cica_kg.bench import scoring

THRESHOLDS = scoring.ARTICLES / "thresholds.json"


def build_facts(article: Path) -> tuple[Graph, tuple[str, ...]]:
    """The facts graph built from one article, and the pipeline's warnings about it."""
    from cica_kg.build import build_dataset, facts_graph
    from cica_kg.extract import extract
    from cica_kg.ingest import load_documents
    from cica_kg.pipeline import no_fact_warnings

    documents = load_documents([article])
    statements = extract(documents)
    graph = facts_graph(build_dataset(statements, documents))
    return graph, no_fact_warnings(documents, statements)


def thresholds() -> dict[str, float]:
    """Minimum recall per article stem (missing stems: 0)."""
    if not THRESHOLDS.is_file():
        return {}
    data = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_") and v is not None}


def score_all() -> list[dict[str, object]]:
    """One row of figures per fixture article."""
    labels = scoring.label_graphs()
    limits = thresholds()
    rows: list[dict[str, object]] = []
    for case in scoring.cases():
        graph, warnings = build_facts(case.article)
        result = scoring.score(case.expected(), graph, labels=labels)
        rows.append(
            {
                "article": case.stem,
                "stated": result.stated,
                "found": result.found,
                "recall": round(result.recall, 3),
                "threshold": limits.get(case.stem, 0.0),
                "proposed": f"{result.proposed_found}/{result.proposed_stated}",
                "wrong": [scoring.describe(f) for f in result.wrong],
                "triples": len(graph),
                "warnings": list(warnings),
                "missing": [scoring.describe(f) for f in result.missing],
                "by_predicate": result.by_predicate,
            }
        )
    return rows


def markdown(rows: list[dict[str, object]], *, all_missing: bool) -> str:
    """The table: article | stated | found | recall | missing facts."""
    lines = [
        "| article | stated | found | recall | threshold | beyond 0001 | wrong | missing facts |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        missing = row["missing"]
        assert isinstance(missing, list)
        shown = missing if all_missing else missing[:5]
        more = "" if len(shown) == len(missing) else f"; … {len(missing) - len(shown)} more"
        text = "; ".join(shown) + more
        if not row["stated"]:
            text = f"(states no facts; {row['triples']} triples; warnings: {len(row['warnings'])})"  # type: ignore[arg-type]
        lines.append(
            f"| {row['article']} | {row['stated']} | {row['found']} | {row['recall']:.0%} "
            f"| {row['threshold']:.0%} | {row['proposed']} | {len(row['wrong'])} "  # type: ignore[arg-type]
            f"| {text.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Score every fixture; 1 if any falls below its threshold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--missing", action="store_true", help="list every missing fact")
    args = parser.parse_args(argv)
    rows = score_all()
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(markdown(rows, all_missing=args.missing))
    below = [r for r in rows if float(r["recall"]) < float(r["threshold"])]  # type: ignore[arg-type]
    for row in below:
        sys.stderr.write(f"score_fixtures: {row['article']} recall below threshold\n")
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main())
