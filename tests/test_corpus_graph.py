"""Several articles, one graph (issue 9, decision 0090): one node per thing, disagreements kept.

Two development articles, built together as ``cica-kg build A B`` does:

- ``zh07-zhuxiguo-lishi`` (a history of the chairmanship) says China's term was extended:
  "中国的任期原为2014年至2016年，此后获得连任，任期至2018年。"
- ``zh09-shanghai-2014-xi-anquanguan`` (a report from the 2014 Shanghai summit) gives the
  term as it was set then: "中国在本次峰会上接任亚信主席国，任期为2014年至2016年。"

Both speak of China's term from 2014 (2014–2016; zh07 adds the renewed term to 2018, which
renews it) and of the Shanghai summit of May 2014: each must be one node with evidence from
both articles. For cq18, two short articles written for this test disagree on the year
Thailand joined (2004 in one, 2006 in the other): both values stay, each with its article.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import PROV, RDF

from cica_kg import iris
from cica_kg.bench.gold import DEV_CORPUS
from cica_kg.query import QueryResult, resolve, run_query

ARTICLES = (
    DEV_CORPUS / "zh" / "zh07-zhuxiguo-lishi.txt",
    DEV_CORPUS / "zh" / "zh09-shanghai-2014-xi-anquanguan.txt",
)
SOURCES = {iris.source_iri(path.stem) for path in ARTICLES}


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of ``cica-kg build zh07 zh09``."""
    from cica_kg.pipeline import run_build

    out = tmp_path_factory.mktemp("two-articles")
    run_build(list(ARTICLES), out_dir=out)
    return out


@pytest.fixture(scope="module")
def dataset(two_articles: Path) -> Dataset:
    from cica_kg.build.formats import load_dataset

    return load_dataset(two_articles / "cica.trig")


def _cq18(store: Path, engine: str = "oxigraph") -> QueryResult:
    return run_query(resolve("cq18"), store_dir=store, engine=engine, with_labels=True)


def _sources_of(dataset: Dataset, node: URIRef) -> set[URIRef]:
    """The articles any fact about ``node`` is derived from (the evidence graph)."""
    evidence = dataset.graph(iris.EVIDENCE_GRAPH)
    return {
        URIRef(source)
        for fact in evidence.subjects(RDF.subject, node)
        for source in evidence.objects(fact, PROV.wasDerivedFrom)
    }


def _built(paths: list[Path]) -> Dataset:
    """ingest → extract → identity → build, as ``cica-kg build`` runs them (no validation)."""
    from cica_kg.build import build_dataset
    from cica_kg.extract import extract
    from cica_kg.identity import resolve as resolve_identities
    from cica_kg.ingest import load_documents

    documents = load_documents(paths)
    return build_dataset(resolve_identities(extract(documents)), documents)


def test_chinas_term_from_2014_is_one_node_with_evidence_from_both(dataset: Dataset) -> None:
    from cica_kg.namespace import CICA as NS

    facts = dataset.graph(iris.FACTS_GRAPH)
    china = URIRef(iris.ID + "state/china")
    terms = [
        t
        for t in facts.subjects(NS.presidingState, china)
        if any(
            str(d).startswith("2014")
            for d in facts.objects(t, URIRef("https://schema.org/startDate"))
        )
    ]
    assert len(terms) == 1, terms
    assert _sources_of(dataset, URIRef(terms[0])) == SOURCES


def test_the_first_summit_named_two_ways_is_one_node_with_evidence_from_both() -> None:
    """en13 (from Istanbul, 2010): "The forum's charter, the Almaty Act, was signed at the
    first summit in 2002"; en14 (an FAQ): "Sixteen states were members at the first summit in
    2002". Each article alone mints the summit from what it knows by then, under another key
    (en13 "summit no. 1", en14 "summit 2002")."""
    from cica_kg.namespace import CICA as NS

    pair = [DEV_CORPUS / "en" / f"{stem}.txt" for stem in ("en13-istanbul-2010-summit", "en14-faq")]
    dataset = _built(pair)
    facts = dataset.graph(iris.FACTS_GRAPH)
    first = [s for s in facts.subjects(NS.ordinal, None) if (s, RDF.type, NS.Summit) in facts
             and any(str(n) == "1" for n in facts.objects(s, NS.ordinal))]  # fmt: skip
    assert len(first) == 1, first
    assert _sources_of(dataset, URIRef(first[0])) == {iris.source_iri(p.stem) for p in pair}


DISAGREEING = {
    "thailand-a": "Conference on Interaction and Confidence-Building Measures in Asia\n\n"
    "Thailand joined CICA in 2004 as its seventeenth member.\n",
    "thailand-b": "Conference on Interaction and Confidence-Building Measures in Asia\n\n"
    "Thailand joined CICA in 2006, according to this account.\n",
}


@pytest.fixture(scope="module")
def disagreeing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of a build of two articles that disagree on Thailand's year."""
    from cica_kg.pipeline import run_build

    folder = tmp_path_factory.mktemp("disagreeing")
    paths = []
    for stem, text in DISAGREEING.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        paths.append(folder / f"{stem}.txt")
    out = folder / "build"
    run_build(paths, out_dir=out)
    return out


def test_cq18_lists_both_years_of_thailands_membership_each_with_its_article(
    disagreeing: Path,
) -> None:
    result = _cq18(disagreeing / "store")
    rows = {
        (r["value"], r["source"])
        for r in result.records()
        if "thailand" in r["subject"] and r["property"].endswith("startDate")
    }
    assert rows == {
        ("2004", str(iris.source_iri("thailand-a"))),
        ("2006", str(iris.source_iri("thailand-b"))),
    }, result.records()


def test_cq18_gives_the_same_rows_on_both_engines(disagreeing: Path) -> None:
    fast = _cq18(disagreeing / "store")
    reference = _cq18(disagreeing / "store", engine="rdflib")
    assert fast.rows and fast.rows == reference.rows


def test_the_graph_does_not_depend_on_the_order_of_the_articles() -> None:
    from cica_kg.build import export, facts_graph

    forward, backward = _built(list(ARTICLES)), _built(list(reversed(ARTICLES)))
    one, other = facts_graph(forward), facts_graph(backward)
    if not isomorphic(one, other):
        _, only_one, only_other = graph_diff(to_isomorphic(one), to_isomorphic(other))
        pytest.fail(f"{_dump(only_one)}\n---\n{_dump(only_other)}")
    assert export(forward, fmt="turtle") == export(backward, fmt="turtle")


def _dump(graph: Graph) -> str:
    return "\n".join(sorted(" ".join(t.n3() for t in triple) for triple in graph))
