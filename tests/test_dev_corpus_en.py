"""The English development articles keep their recall (tests/data/dev-corpus/en/, fit only).

The Chinese articles are in ``test_dev_corpus_zh.py`` (another worker under --dist loadfile).
"""

from __future__ import annotations

import pytest

import dev_corpus
from cica_kg.bench.gold import DEV_THRESHOLDS, GoldCase

CASES = dev_corpus.cases("en")


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_recall_reaches_threshold(case: GoldCase) -> None:
    dev_corpus.check_recall(case)


def test_the_thresholds_name_only_dev_articles() -> None:
    stems = {case.stem for lang in ("en", "zh") for case in dev_corpus.cases(lang)}
    stale = sorted(k for k in dev_corpus.thresholds() if not k.startswith("_") and k not in stems)
    assert not stale, f"{DEV_THRESHOLDS} names no article: {stale}; run {dev_corpus.FIX}"
