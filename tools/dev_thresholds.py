"""Build each development article, score it against its gold file and print the table.

Usage (from the repository root)::

    .venv/bin/python tools/dev_thresholds.py          # Markdown table on stdout
    .venv/bin/python tools/dev_thresholds.py --write  # ... and rewrite the thresholds

Each article of ``tests/data/dev-corpus/en/`` and ``zh/`` is built on its own, in process
(:func:`cica_kg.pipeline.build_facts`: what ``cica-kg build ARTICLE`` writes as ``cica.ttl``),
and scored with :mod:`cica_kg.bench.gold` (the rule of the reference ``kgscore.py``).
``--write`` rewrites ``tests/data/dev-corpus/thresholds.json``, which
``tests/test_dev_corpus_en.py`` and ``_zh.py`` enforce: per article the recall reached in
percent minus 5 points (at least 0, rounded down to one decimal), with found/total for
information. Run it after extraction got better and review the diff: a threshold that
falls is a fact lost. Exit code 0, or 1 when an article is below its threshold (without
``--write``). These articles were used while writing the rules: their recall measures fit,
not generalisation (README, "Development and held-out articles").
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from fractions import Fraction
from pathlib import Path

from cica_kg.bench.gold import (
    DEV_CORPUS,
    DEV_THRESHOLDS,
    GoldScore,
    gold_cases,
    load_gold,
    score_gold,
)
from cica_kg.files import write_atomic

MARGIN = 5  # percentage points below the recall reached
LANGUAGES = ("en", "zh")
COMMENT = (
    "Minimum recall in percent per development article (tests/test_dev_corpus_en.py, _zh.py): "
    f"the recall reached minus {MARGIN} points, at least 0, rounded down to one decimal; "
    "found/total for information. Written by `.venv/bin/python tools/dev_thresholds.py --write`: "
    "rerun it after extraction changed and review the diff."
)


def score_all() -> dict[str, GoldScore]:
    """Article stem → its score, every article of the development corpus in name order."""
    from cica_kg.pipeline import build_facts

    scores = {}
    for lang in LANGUAGES:
        for case in gold_cases(DEV_CORPUS / lang):
            scores[case.stem] = score_gold(load_gold(case.gold_file), build_facts([case.article]))
    return scores


def threshold_of(score: GoldScore) -> float:
    """The recall reached in percent minus :data:`MARGIN`, at least 0, one decimal, down.

    >>> threshold_of(GoldScore(9, 34, (), (), 0, 0, (), 0))  # 26.47 % → 21.4
    21.4
    """
    reached = Fraction(100 * score.found, score.total) if score.total else Fraction(100)
    return max(0, math.floor((reached - MARGIN) * 10)) / 10


def render_thresholds(scores: dict[str, GoldScore]) -> bytes:
    """The thresholds file: sorted keys, indent 2, a trailing newline."""
    data: dict[str, object] = {"_comment": COMMENT}
    for stem, score in scores.items():
        data[stem] = {"found": score.found, "total": score.total, "threshold": threshold_of(score)}
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return text.encode("utf-8")


def current_thresholds(path: Path = DEV_THRESHOLDS) -> dict[str, float]:
    """Article stem → its threshold in the thresholds file (none if there is no file)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: float(v["threshold"]) for k, v in data.items() if not k.startswith("_")}


def markdown(scores: dict[str, GoldScore], limits: dict[str, float]) -> str:
    """The table: article | found/total | recall % | threshold %, and the total."""
    lines = ["| article | found/total | recall % | threshold % |", "|---|---:|---:|---:|"]
    for stem, score in scores.items():
        limit = f"{limits[stem]:.1f}" if stem in limits else "—"
        lines.append(f"| {stem} | {score.found}/{score.total} | {score.percent:.1f} | {limit} |")
    found = sum(score.found for score in scores.values())
    total = sum(score.total for score in scores.values())
    percent = 100 * found / total if total else 100.0
    lines.append(f"| **all {len(scores)}** | {found}/{total} | {percent:.1f} | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table; with ``--write`` rewrite the thresholds file first."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {DEV_THRESHOLDS}")
    args = parser.parse_args(argv)
    scores = score_all()
    if args.write:
        write_atomic(DEV_THRESHOLDS, render_thresholds(scores))
        sys.stderr.write(f"dev_thresholds: wrote {DEV_THRESHOLDS}\n")
    limits = current_thresholds()
    sys.stdout.write(markdown(scores, limits))
    below = [stem for stem, score in scores.items() if score.percent < limits.get(stem, 0.0)]
    for stem in below:
        sys.stderr.write(f"dev_thresholds: {stem} recall below its threshold\n")
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main())
