"""One value per article (issue 9, decision 0116): the shapes' one-value limits count the
values each source article states, so articles may disagree while one article may not.

The small cases add a second start to a membership of ``tests/data/shapes/``; the last two
build short articles (the two written for cq18 in ``tests/test_corpus_graph.py``, and one
article giving both years) as ``cica-kg build`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from cica_kg import iris
from cica_kg.namespace import CICA, OA
from cica_kg.validate import validate
from test_corpus_graph import DISAGREEING
from test_validate import SHAPES, case_graph, fired, with_evidence

MEMBERSHIP = URIRef(iris.ID + "membership/kazakhstan-cica")
START = URIRef("https://schema.org/startDate")
OTHER_SOURCE = URIRef(iris.ID + "source/another-article")
G_YEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def _two_starts(*, second_source: URIRef | None) -> Graph:
    """Kazakhstan's membership (``Membership-role-pass.ttl``, from 1999) with a second start
    ("1992") whose evidence is from ``second_source`` (None: the article of the first)."""
    extra = Graph()
    extra.add((MEMBERSHIP, START, Literal("1992", datatype=G_YEAR)))
    graph = with_evidence(case_graph("Membership-role-pass") + extra)
    if second_source is not None:
        fact = next(f for f in graph.subjects(RDF.object, Literal("1992", datatype=G_YEAR))
                    if (f, RDF.subject, MEMBERSHIP) in graph)  # fmt: skip
        graph.set((fact, PROV.wasDerivedFrom, second_source))
        for note in graph.objects(fact, CICA.evidence):
            for target in graph.objects(note, OA.hasTarget):
                graph.set((target, OA.hasSource, second_source))
    return graph


def _facts_only(graph: Graph) -> Graph:
    """``graph`` without its evidence (reified facts and their annotations)."""
    out = Graph()
    for s, p, o in graph:
        if not str(s).startswith(iris.ID + "fact/"):
            out.add((s, p, o))
    return out


def test_two_starts_stated_by_one_article_break_the_limit() -> None:
    assert fired(_two_starts(second_source=None)) == {"Membership-startDate"}


def test_two_starts_from_two_articles_conform() -> None:
    result = validate(_two_starts(second_source=OTHER_SOURCE))
    assert result.conforms and result.findings == ()


def test_without_evidence_the_limit_is_one_value_per_graph() -> None:
    graph = _facts_only(_two_starts(second_source=OTHER_SOURCE))
    shapes = {f.shape_iri.removeprefix(SHAPES) for f in validate(graph).findings}
    assert "Membership-startDate" in shapes


def _built(folder: Path, texts: dict[str, str]) -> Graph:
    """ingest → extract → identity → build of ``texts`` (stem → text), as one graph."""
    from cica_kg.build import build_dataset
    from cica_kg.extract import extract
    from cica_kg.identity import resolve
    from cica_kg.ingest import load_documents

    paths = []
    for stem, text in texts.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        paths.append(folder / f"{stem}.txt")
    documents = load_documents(paths)
    dataset = build_dataset(resolve(extract(documents)), documents)
    graph = Graph()
    for context in dataset.graphs():
        graph += context
    return graph


def _thailand_starts(graph: Graph) -> set[str]:
    return {str(o) for s, o in graph.subject_objects(START) if "thailand" in str(s)}


def test_articles_that_disagree_on_thailands_year_validate_clean(tmp_path: Path) -> None:
    graph = _built(tmp_path, DISAGREEING)
    assert _thailand_starts(graph) == {"2004", "2006"}
    result = validate(graph)
    assert result.conforms, [f for f in result.findings if f.severity == "Violation"]


def test_one_article_giving_thailand_two_years_is_a_violation(tmp_path: Path) -> None:
    second = DISAGREEING["thailand-b"].split("\n\n", 1)[1]
    both = {"thailand-both": DISAGREEING["thailand-a"] + "\n" + second}
    graph = _built(tmp_path, both)
    assert _thailand_starts(graph) == {"2004", "2006"}
    found = [f for f in validate(graph).findings if f.shape_iri == SHAPES + "Membership-startDate"]
    assert found and {f.value for f in found} == {
        f'"{year}"^^<{G_YEAR}>' for year in (2004, 2006)
    }, found


@pytest.mark.parametrize("name", ["Membership-startDate"])
def test_the_limit_is_declared_per_article(name: str) -> None:
    from cica_kg.resources import ontology_file

    shapes = Graph().parse(ontology_file("shapes.ttl"))
    shape = URIRef(SHAPES + name)
    per_source = URIRef(SHAPES + "oneValuePerSource")
    assert shapes.value(shape, per_source) == Literal(True)
    assert shapes.value(shape, URIRef("http://www.w3.org/ns/shacl#maxCount")) is None
