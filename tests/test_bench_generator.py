"""bench/generator.py: deterministic, sized as asked, well-formed evidence, conformant graph."""

from __future__ import annotations

import pytest
from rdflib.compare import isomorphic

from cica_kg.bench import generator
from cica_kg.build.dataset import build_dataset
from cica_kg.iris import EVIDENCE_GRAPH, FACTS_GRAPH


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first = generator.generate_worlds(4, seed=7)
    assert first == generator.generate_worlds(4, seed=7)
    assert first != generator.generate_worlds(4, seed=8)
    again = generator.generate_worlds(4, seed=7)
    a = build_dataset(first.statements, first.documents)
    b = build_dataset(again.statements, again.documents)
    for name in (FACTS_GRAPH, EVIDENCE_GRAPH):
        assert isomorphic(a.graph(name), b.graph(name))


@pytest.mark.parametrize("target", [10_000, 40_000])
def test_size_is_roughly_as_asked(target: int) -> None:
    corpus = generator.generate(triples=target, seed=1)
    triples = len(build_dataset(corpus.statements, corpus.documents))
    assert 0.7 * target <= triples <= 1.3 * target


def test_every_quote_is_the_text_at_its_offsets() -> None:
    corpus = generator.generate_worlds(5, seed=3)
    texts = {d.doc_id: d.text for d in corpus.documents}
    evidence = [ev for s in corpus.statements for ev in s.evidence]
    assert evidence and all(texts[e.doc_id][e.start : e.end] == e.quote for e in evidence)
    assert {e.lang for e in evidence} == {"en", "zh"}
    for document in corpus.documents:  # passages and sentences point into the text too
        for sentence in document.sentences():
            assert document.text[sentence.start : sentence.end] == sentence.text


def test_shape_is_realistic() -> None:
    corpus = generator.generate_worlds(6, seed=2)
    predicates = {s.predicate for s in corpus.statements}
    assert {
        "cica:proposer", "schema:superEvent", "schema:location", "schema:containedInPlace",
        "org:holds", "org:postIn", "org:hasUnit", "org:hasMember", "cica:committedTo",
        "cica:memberCount", "cica:asOfEvent", "cica:introducedBy", "cica:hasComponent",
        "cica:presidingState", "cica:renews", "cica:appliesCbmIn",
    } <= predicates  # fmt: skip
    kinds = {s.subject.kind for s in corpus.statements}
    assert {"cica:Summit", "cica:Proposal", "org:Post", "cica:PresidencyTerm"} <= kinds


def test_small_graph_conforms_to_the_shapes() -> None:
    from cica_kg.validate.shacl import format_report, validate

    corpus = generator.generate_worlds(2, seed=4)
    result = validate(build_dataset(corpus.statements, corpus.documents))
    assert result.conforms, format_report(result)
