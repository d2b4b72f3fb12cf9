"""The development corpus as tests: build an article in process, score it, check its threshold.

Shared by ``test_dev_corpus_en.py`` and ``test_dev_corpus_zh.py`` (two files, so that
``--dist loadfile`` runs the languages on two workers). An article's facts graph is what
``cica-kg build ARTICLE`` writes as ``cica.ttl`` (:func:`cica_kg.pipeline.build_facts`), scored
with :mod:`cica_kg.bench.gold`; its minimum recall is in ``tests/data/dev-corpus/thresholds.json``
(``tools/dev_thresholds.py --write``). These articles were used while writing the rules, so
the figures measure fit, not generalisation.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from cica_kg.bench.gold import (
    DEV_CORPUS,
    DEV_THRESHOLDS,
    Gold,
    GoldCase,
    GoldScore,
    gold_cases,
    load_gold,
    score_gold,
)

FIX = "`.venv/bin/python tools/dev_thresholds.py --write` (then review the diff)"
"""The command that (re)writes the thresholds file."""


def cases(lang: str) -> list[GoldCase]:
    """The articles of ``tests/data/dev-corpus/<lang>/``."""
    return gold_cases(DEV_CORPUS / lang)


@cache
def built(article: Path) -> Graph:
    """The facts graph of one article, built once per process."""
    from cica_kg.pipeline import build_facts

    return build_facts([article])


@cache
def gold(path: Path) -> Gold:
    return load_gold(path)


def score(case: GoldCase) -> GoldScore:
    return score_gold(gold(case.gold_file), built(case.article))


@cache
def thresholds() -> dict[str, Any]:
    """The thresholds file as read (empty when there is none)."""
    if not DEV_THRESHOLDS.is_file():
        return {}
    data = json.loads(DEV_THRESHOLDS.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{DEV_THRESHOLDS}: not a JSON object; run {FIX}"
    return data


def threshold(stem: str) -> float:
    """The minimum recall (percent) of an article; a failure when it has none."""
    entry = thresholds().get(stem)
    if entry is None:
        pytest.fail(f"{stem}: no threshold in {DEV_THRESHOLDS}; run {FIX}", pytrace=False)
    value = entry.get("threshold") if isinstance(entry, dict) else None
    if not isinstance(value, int | float) or isinstance(value, bool):
        pytest.fail(f"{stem}: malformed entry {entry!r} in {DEV_THRESHOLDS}; run {FIX}",
                    pytrace=False)  # fmt: skip
    return float(value)


def check_recall(case: GoldCase) -> None:
    """Fail unless the article's recall reaches its threshold, listing what was missed."""
    limit = threshold(case.stem)
    result = score(case)
    if result.percent < limit:
        facts = {fact.id: fact.what for fact in gold(case.gold_file).facts}
        missed = "\n  ".join(f"{i}: {facts[i]}" for i in result.missed)
        pytest.fail(
            f"{case.stem}: recall {result.found}/{result.total} ({result.percent:.1f} %) is "
            f"below its threshold {limit:.1f} %; missed {len(result.missed)}: "
            f"{', '.join(result.missed)}\n  {missed}\n"
            f"(if the loss is intended, lower the threshold with {FIX})",
            pytrace=False,
        )
