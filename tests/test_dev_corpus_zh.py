"""The Chinese development articles keep their recall (tests/data/dev-corpus/zh/, fit only),
and :mod:`cica_kg.bench.gold` scores built graphs as the reference ``kgscore.py`` does.

The English articles are in ``test_dev_corpus_en.py`` (another worker under --dist loadfile).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import dev_corpus
from cica_kg.bench.gold import DEV_CORPUS, GoldCase, GoldScore

CASES = dev_corpus.cases("zh")
REFERENCE = DEV_CORPUS / "kgscore.py"
COMPARED = ("en01-astana-2022-dispatch", "zh03-dashiji", "zh13-almaty-2002-shuangyu")
"""English, the longest Chinese article, and a bilingual one (bilingual labels counted)."""


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_recall_reaches_threshold(case: GoldCase) -> None:
    dev_corpus.check_recall(case)


def reference_score(gold_file: Path, graph_file: Path) -> dict[str, object]:
    """What ``kgscore.py GOLD GRAPH`` prints, read into the fields of :class:`GoldScore`."""
    done = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold_file), str(graph_file)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    lines = done.stdout.splitlines()
    missed = [re.match(r"missed (optional )?(\S+):", line) for line in lines]
    figure = re.compile(r"(recall|bilingual|triples) (\S+)$")
    figures = {m[1]: m[2] for line in lines if (m := figure.match(line))}
    return {
        "recall": figures["recall"],
        "bilingual": figures["bilingual"],
        "triples": int(figures["triples"]),
        "missed": [m[2] for m in missed if m and not m[1]],
        "missed_optional": [m[2] for m in missed if m and m[1]],
        "not_bilingual": [line.split()[2] for line in lines if line.startswith("not bilingual: ")],
    }


def port_score(result: GoldScore) -> dict[str, object]:
    return {
        "recall": f"{result.found}/{result.total}",
        "bilingual": f"{result.bilingual}/{result.bilingual_total}",
        "triples": result.triples,
        "missed": list(result.missed),
        "missed_optional": list(result.missed_optional),
        "not_bilingual": list(result.not_bilingual),
    }


@pytest.mark.parametrize("stem", COMPARED)
def test_the_port_scores_as_the_reference_scorer(stem: str, tmp_path: Path) -> None:
    case = next(c for lang in ("en", "zh") for c in dev_corpus.cases(lang) if c.stem == stem)
    graph_file = tmp_path / f"{stem}.ttl"
    dev_corpus.built(case.article).serialize(graph_file, format="longturtle", encoding="utf-8")
    expected = reference_score(case.gold_file, graph_file)
    assert not str(expected["recall"]).startswith("0/"), "compare an article with hits"
    assert port_score(dev_corpus.score(case)) == expected
