"""Every shipped competency query (cq01-cq18) on the graph built from the bundled article.

The graph is built once per session through the pipeline (``run_build``) into a temporary
directory; expected answers (tests/expected/competency-queries.json) were written from
reading the article, not from running the queries. cq18 (disagreements between articles)
needs two articles that disagree: tests/test_corpus_graph.py runs it on two of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cica_kg.query import QueryResult, Term, resolve, run_query, shipped
from cica_kg.query.render import curie, label
from cica_kg.resources import corpus_dir

EXPECTED = json.loads(
    (Path(__file__).parent / "expected" / "competency-queries.json").read_text("utf-8")
)
CASES = sorted(k for k in EXPECTED if not k.startswith("_"))
QUERIES = shipped()
MULTI_ARTICLE = {"cq18"}
"""Queries about several articles (tested in test_corpus_graph.py): one article has no answer."""
TEXT_QUERIES = [q.id for q in QUERIES if q.id <= "cq14" or q.id in MULTI_ARTICLE]
EXTERNAL_QUERIES = [q.id for q in QUERIES if "cq15" <= q.id <= "cq17"]
ONE_ARTICLE = [q.id for q in QUERIES if q.id not in MULTI_ARTICLE]
OTHER_DATASETS = ("http://www.wikidata.org/", "http://dbpedia.org/", "https://sws.geonames.org/")


@pytest.fixture(scope="module")
def built_store(seed_build: Path) -> Path:
    """The store of the session's build of the bundled corpus (opened read-only)."""
    return seed_build / "store"


@pytest.mark.parametrize("name", TEXT_QUERIES)
def test_text_questions_never_answer_with_links_or_external_data(
    built_store: Path, name: str
) -> None:
    """cq01-cq14 see the text's graphs only: no Wikidata/DBpedia/GeoNames IRI, no CSV row."""
    result = _run(name, built_store, resolve(name).examples)
    foreign = sorted(i for i in result.iris() if i.startswith(OTHER_DATASETS))
    assert not foreign, f"{name} answers with IRIs of other datasets: {foreign[:5]}"
    external = run_query(
        "SELECT ?s WHERE { GRAPH <https://w3id.org/cica-kg/graph/external> { ?s ?p ?o } } LIMIT 1",
        store_dir=built_store,
    )
    assert external.rows, "the external-data graph is in the store, reachable with GRAPH"


@pytest.mark.parametrize("name", EXTERNAL_QUERIES)
def test_external_data_is_reached_with_graph(name: str) -> None:
    text = resolve(name).text
    assert "GRAPH <https://w3id.org/cica-kg/graph/external>" in text


def _candidates(term: Term | None, result: QueryResult) -> set[str]:
    if term is None:
        return set()
    names = {term.value, curie(term.value), label(term, result, "en"), label(term, result, "zh")}
    return {n for n in names if n}


def _cell_matches(expected: str, term: Term | None, result: QueryResult) -> bool:
    names = _candidates(term, result)
    if expected.startswith("~"):
        return any(expected[1:].lower() in n.lower() for n in names)
    return expected in names


def _row_matches(
    expected: dict[str, str], row: tuple[Term | None, ...], result: QueryResult
) -> bool:
    cells = dict(zip(result.variables, row, strict=True))
    return all(_cell_matches(v, cells.get(k), result) for k, v in expected.items())


def _check(case: dict[str, Any], result: QueryResult) -> list[str]:
    problems = []
    position = 0
    for want in case["rows"]:
        hits = [i for i, row in enumerate(result.rows) if _row_matches(want, row, result)]
        if not hits:
            problems.append(f"no row matches {want}")
        elif case.get("ordered"):
            later = [i for i in hits if i >= position]
            if not later:
                problems.append(f"row {want} is out of order")
            position = later[0] if later else position
    if case.get("complete") and len(result.rows) != len(case["rows"]):
        problems.append(f"expected exactly {len(case['rows'])} rows, got {len(result.rows)}")
    return problems


def _run(name: str, store: Path, params: dict[str, str], engine: str = "oxigraph") -> QueryResult:
    return run_query(resolve(name), params=params, store_dir=store, engine=engine, with_labels=True)


def test_eighteen_competency_queries_are_shipped_with_headers() -> None:
    ids = [q.id for q in QUERIES]
    assert ids == [f"cq{n:02d}" for n in range(1, 19)]
    for query in QUERIES:
        assert query.question and query.variables, query.source
        assert "ORDER BY" in query.text, f"{query.source}: every SELECT needs ORDER BY"
        for param in query.params:
            assert param.name in query.examples, f"{query.source}: no example for {param.name}"


@pytest.mark.parametrize("name", ONE_ARTICLE)
def test_shipped_query_returns_rows(built_store: Path, name: str) -> None:
    query = resolve(name)
    result = _run(name, built_store, query.examples)
    assert result.rows, f"{query.source} returns nothing on the built graph"


@pytest.mark.parametrize("case_name", CASES)
def test_expected_answer(built_store: Path, case_name: str) -> None:
    case = EXPECTED[case_name]
    result = _run(case.get("query", case_name), built_store, case.get("params", {}))
    problems = _check(case, result)
    shown = "\n".join(str(r) for r in result.records())
    assert not problems, "\n".join(problems) + "\nactual rows:\n" + shown


@pytest.mark.parametrize("name", [q.id for q in QUERIES])
def test_oxigraph_and_rdflib_agree(built_store: Path, name: str) -> None:
    params = resolve(name).examples
    fast = _run(name, built_store, params, "oxigraph")
    reference = _run(name, built_store, params, "rdflib")
    assert fast.variables == reference.variables
    assert fast.rows == reference.rows  # same rows in the same (ORDER BY) order


def test_evidence_offsets_point_at_the_quotes(built_store: Path) -> None:
    text = (corpus_dir() / "cica-china-org-cn-2019-04-17.txt").read_text("utf-8")
    result = _run("cq11", built_store, {"name": "Xi Jinping"})
    for record in result.records():
        assert text[int(record["start"]) : int(record["end"])] == record["quote"]
