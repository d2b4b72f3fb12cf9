"""build.py: statements become the facts graph and the evidence graph of decision 0002."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS

import cli_fakes
from cica_kg import iris
from cica_kg.build.dataset import (
    build_dataset,
    evidence_graph,
    fact_iri_of,
    facts_graph,
    ntriples_line,
)
from cica_kg.errors import CicaKgError
from cica_kg.model import Entity, Statement, Value

PREFIXES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in cli_fakes.PREFIXES.items()) + (
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)

EXPECTED_FACTS = """
cicar:proposal/cica-proposal-1992 a cica:Proposal ;
    rdfs:label "CICA proposal 1992"@en , "亚信倡议"@zh ;
    cica:proposer cicar:person/nursultan-nazarbayev ;
    schema:startDate "1992"^^xsd:gYear .
cicar:person/nursultan-nazarbayev a foaf:Person ;
    rdfs:label "Nursultan Nazarbayev"@en , "纳扎尔巴耶夫"@zh .
"""

PROPOSER = (
    iris.entity_iri("cica:Proposal", "CICA proposal 1992"),
    URIRef(cli_fakes.PREFIXES["cica"] + "proposer"),
    iris.entity_iri("foaf:Person", "Nursultan Nazarbayev"),
)


def parse(turtle: str) -> Graph:
    """Parse test Turtle; ``cicar:a/b`` (not a legal prefixed name) is expanded first."""
    data = re.sub(r"cicar:([\w/-]+)", lambda m: f"<{iris.ID}{m.group(1)}>", PREFIXES + turtle)
    return Graph().parse(data=data, format="turtle")


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    """Isomorphism, printing the triples only in one graph on failure."""
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail(
            "graphs differ\nonly in actual:\n"
            + only_actual.serialize(format="nt")
            + "only in expected:\n"
            + only_expected.serialize(format="nt")
        )


def test_facts_graph_holds_the_facts_and_the_entities_types_and_labels() -> None:
    dataset = build_dataset(cli_fakes.statements(), [cli_fakes.DOCUMENT])
    expected = parse(EXPECTED_FACTS)
    assert_isomorphic(facts_graph(dataset), expected)


def test_each_fact_is_reified_with_one_annotation_per_quote_as_0002_says() -> None:
    dataset = build_dataset(cli_fakes.statements(), [cli_fakes.DOCUMENT])
    fact = fact_iri_of(PROPOSER)
    assert fact == iris.fact_iri(ntriples_line(PROPOSER))
    en, zh = cli_fakes.EN, cli_fakes.ZH
    expected = parse(f"""
<{fact}> a rdf:Statement ;
    rdf:subject <{PROPOSER[0]}> ; rdf:predicate cica:proposer ; rdf:object <{PROPOSER[2]}> ;
    prov:wasDerivedFrom cicar:source/tiny ;
    cica:evidence <{fact}/en-{en.start}> , <{fact}/zh-{zh.start}> .
<{fact}/en-{en.start}> a oa:Annotation ;
    oa:motivatedBy oa:describing ; oa:hasBody <{fact}> ;
    oa:hasTarget <{fact}/en-{en.start}/target> ;
    dcterms:language "en" ;
    prov:wasAttributedTo cicar:extractor/en-proposal ;
    cica:confidence "0.9"^^xsd:decimal .
<{fact}/en-{en.start}/target> a oa:SpecificResource ;
    oa:hasSource cicar:source/tiny ;
    oa:hasSelector <{fact}/en-{en.start}/quote> , <{fact}/en-{en.start}/position> .
<{fact}/en-{en.start}/quote> a oa:TextQuoteSelector ; oa:exact "{en.text}"@en .
<{fact}/en-{en.start}/position> a oa:TextPositionSelector ;
    oa:start {en.start} ; oa:end {en.end} .
<{fact}/zh-{zh.start}> a oa:Annotation ;
    oa:motivatedBy oa:describing ; oa:hasBody <{fact}> ;
    oa:hasTarget <{fact}/zh-{zh.start}/target> ;
    dcterms:language "zh" ;
    prov:wasAttributedTo cicar:extractor/zh-proposal ;
    cica:confidence "0.9"^^xsd:decimal .
<{fact}/zh-{zh.start}/target> a oa:SpecificResource ;
    oa:hasSource cicar:source/tiny ;
    oa:hasSelector <{fact}/zh-{zh.start}/quote> , <{fact}/zh-{zh.start}/position> .
<{fact}/zh-{zh.start}/quote> a oa:TextQuoteSelector ; oa:exact "{zh.text}"@zh .
<{fact}/zh-{zh.start}/position> a oa:TextPositionSelector ;
    oa:start {zh.start} ; oa:end {zh.end} .
""")
    evidence = evidence_graph(dataset)
    actual = Graph()
    for s, p, o in evidence:
        if str(s).startswith(str(fact)):
            actual.add((s, p, o))
    assert_isomorphic(actual, expected)


def test_evidence_graph_describes_the_source_article_and_the_extractors() -> None:
    evidence = evidence_graph(build_dataset(cli_fakes.statements(), [cli_fakes.DOCUMENT]))
    source = iris.source_iri("tiny")
    dcterms = cli_fakes.PREFIXES["dcterms"]
    assert (source, RDF.type, URIRef(cli_fakes.PREFIXES["cica"] + "SourceArticle")) in evidence
    assert (source, URIRef(dcterms + "source"), Literal("tiny.txt")) in evidence
    assert set(evidence.objects(source, URIRef(dcterms + "language"))) == {
        Literal("en"), Literal("zh"),
    }
    publisher = iris.entity_iri("org:FormalOrganization", "China.org.cn")
    assert (source, URIRef(dcterms + "publisher"), publisher) in evidence
    agents = set(evidence.subjects(RDF.type, URIRef(cli_fakes.PREFIXES["prov"] + "SoftwareAgent")))
    assert agents == {iris.extractor_iri(n) for n in ("en:proposal", "zh:proposal", "en:date")}
    assert not any(isinstance(t, type(None)) for t in evidence)
    assert all(isinstance(term, URIRef | Literal) for triple in evidence for term in triple)


def test_duplicate_statements_merge_into_one_fact_with_all_their_evidence() -> None:
    proposer, date = cli_fakes.statements()
    en_only = Statement(proposer.subject, proposer.predicate, proposer.obj, proposer.evidence[:1])
    zh_only = Statement(proposer.subject, proposer.predicate, proposer.obj, proposer.evidence[1:])
    merged = build_dataset([en_only, date, zh_only, en_only], [cli_fakes.DOCUMENT])
    whole = build_dataset([proposer, date], [cli_fakes.DOCUMENT])
    assert_isomorphic(facts_graph(merged), facts_graph(whole))
    assert_isomorphic(evidence_graph(merged), evidence_graph(whole))
    cica_evidence = URIRef(cli_fakes.PREFIXES["cica"] + "evidence")
    assert len(set(evidence_graph(merged).objects(fact_iri_of(PROPOSER), cica_evidence))) == 2


def test_output_does_not_depend_on_statement_order() -> None:
    forward = build_dataset(cli_fakes.statements(), [cli_fakes.DOCUMENT])
    backward = build_dataset(cli_fakes.statements()[::-1], [cli_fakes.DOCUMENT])
    assert forward.serialize(format="trig") == backward.serialize(format="trig")


def test_iri_values_and_extra_labels() -> None:
    proposal = cli_fakes.PROPOSAL
    other_name = Entity(proposal.kind, proposal.key, "Proposal of CICA")
    statements = [
        Statement(proposal, "rdf:type", Value("cica:Event", datatype="@id")),
        Statement(other_name, "cica:proposer", cli_fakes.PERSON),
    ]
    facts = facts_graph(build_dataset(statements, []))
    node = iris.entity_iri(proposal.kind, proposal.key)
    assert (node, RDF.type, URIRef(cli_fakes.PREFIXES["cica"] + "Event")) in facts
    assert (node, RDFS.label, Literal("CICA proposal 1992", lang="en")) in facts
    alt = URIRef(cli_fakes.PREFIXES["skos"] + "altLabel")
    assert (node, alt, Literal("Proposal of CICA", lang="en")) in facts


def test_unknown_prefix_is_a_clear_error() -> None:
    bad = Statement(cli_fakes.PROPOSAL, "nope:thing", Value("x"))
    with pytest.raises(CicaKgError, match="nope:thing"):
        build_dataset([bad], [])
