"""The fast engine gives pySHACL's findings on the development corpus (decision 0143).

The 30 development articles built as one graph (``cica-kg build en zh`` without linking) and
three of them alone are validated by both engines and compared finding by finding
(:mod:`cica_kg.validate.crosscheck`: focus node, shape, severity, path, value, the focus
node's name, the source quote, and a message pySHACL gave the finding), from the graph in
memory and, for the fast engine, from the graph written as TriG (``cica-kg validate FILE``).
Every article alone is in ``tools/shacl_engines.py --dev-corpus`` (too slow for the suite).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from cica_kg.bench.gold import DEV_CORPUS
from cica_kg.validate.crosscheck import CrossCheck, cross_check, pyshacl_reference

ARTICLES = sorted(p for lang in ("en", "zh") for p in (DEV_CORPUS / lang).glob("*.txt"))
ALONE = ("en06-chairmanship-history", "zh07-zhuxiguo-lishi", "en07-secretariat")
"""Articles alone: the most findings in English (18) and in Chinese (16), and one (0143)."""


def _built(paths: list[Path]) -> Dataset:
    from cica_kg.build import build_dataset
    from cica_kg.extract import extract
    from cica_kg.identity import resolve
    from cica_kg.ingest import load_documents

    documents = load_documents(paths)
    return build_dataset(resolve(extract(documents)), documents)


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    """The 30 articles as one graph, and that graph written as TriG."""
    dataset = _built(ARTICLES)
    path = tmp_path_factory.mktemp("dev-corpus") / "cica.trig"
    dataset.serialize(path, format="trig")
    return dataset, path


def test_the_development_corpus_has_its_thirty_articles() -> None:
    assert len(ARTICLES) == 30
    assert {p.stem for p in ARTICLES} >= set(ALONE)


def _both(dataset: Dataset, path: Path) -> list[CrossCheck]:
    """The fast engine from memory and from ``path``, each against one pySHACL run."""
    reference = pyshacl_reference(dataset)
    return [cross_check(dataset, label="in memory", reference=reference),
            cross_check(dataset, label=path.name, path=path, reference=reference)]  # fmt: skip


def test_the_merged_corpus_gets_pyshacls_findings(merged: tuple[Dataset, Path]) -> None:
    for check in _both(*merged):
        assert check.equal, check.row()
        assert check.pyshacl == check.fast > 0


@pytest.mark.parametrize("stem", ALONE)
def test_an_article_alone_gets_pyshacls_findings(stem: str, tmp_path: Path) -> None:
    dataset = _built([p for p in ARTICLES if p.stem == stem])
    path = tmp_path / f"{stem}.trig"
    dataset.serialize(path, format="trig")
    for check in _both(dataset, path):
        assert check.equal, check.row()
        assert check.pyshacl == check.fast > 0


def test_a_lost_finding_or_a_message_pyshacl_never_gave_is_a_difference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from cica_kg.validate import crosscheck
    from test_validate import case_graph

    graph = case_graph("Event-dateOrder-fail")
    real = crosscheck._fast(graph, None)
    assert real.findings and cross_check(graph, label="as is").equal
    fewer = replace(real, findings=real.findings[1:])
    monkeypatch.setattr(crosscheck, "_fast", lambda data, path: fewer)
    assert len(cross_check(graph, label="lost").missing) == 1
    reworded = replace(real, findings=(replace(real.findings[0], message="Other words."),))
    monkeypatch.setattr(crosscheck, "_fast", lambda data, path: reworded)
    assert cross_check(graph, label="reworded").foreign == ("Other words.",)
