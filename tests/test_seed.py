"""The graph of the bundled article: evidence for every fact, both languages, both labels.

Expected facts come from reading corpus/cica-china-org-cn-2019-04-17.txt, not from the code.
"""

from __future__ import annotations

import pytest
from rdflib import Dataset, URIRef

from cica_kg import iris, resources

PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cica: <https://w3id.org/cica-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
"""
ARTICLE = "cica-china-org-cn-2019-04-17"


@pytest.fixture(scope="module")
def dataset(seed_dataset: Dataset) -> Dataset:
    """The seed build's named graphs, and a copy of their union as the default graph."""
    data = Dataset(default_union=False)
    for graph in seed_dataset.graphs():
        named = data.graph(graph.identifier)
        for triple in graph:
            named.add(triple)
            data.default_graph.add(triple)
    return data


def _rows(data: Dataset, query: str) -> list[tuple[object, ...]]:
    """The rows of ``query``, whose default graph is the union of the graphs of ``data``.

    A query naming no graph runs on the plain Graph holding that union: on the Dataset,
    rdflib 7.6 warns (``Dataset.default_context is deprecated``, RDFLib/rdflib#3475) on every
    triple lookup, some 590,000 times in this module.
    """
    target = data if "GRAPH" in query else data.default_graph
    return [tuple(row) for row in target.query(PREFIXES + query)]  # type: ignore[arg-type]


def test_every_quote_is_the_source_text_at_its_offsets(dataset: Dataset) -> None:
    text = (resources.corpus_dir() / f"{ARTICLE}.txt").read_text("utf-8")
    rows = _rows(dataset, """
        SELECT ?quote ?start ?end WHERE {
          ?target oa:hasSelector ?q, ?p .
          ?q a oa:TextQuoteSelector ; oa:exact ?quote .
          ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        }""")  # fmt: skip
    assert len(rows) > 200
    for quote, start, end in rows:
        assert text[int(start) : int(end)] == str(quote)  # type: ignore[call-overload]


def test_every_fact_traces_to_its_source_quote_language_and_offsets(dataset: Dataset) -> None:
    facts = dataset.graph(iris.FACTS_GRAPH)
    traced = {
        (s, p, o)
        for s, p, o in _rows(
            dataset,
            """
            SELECT ?s ?p ?o WHERE {
              ?fact rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; cica:evidence ?a .
              ?a oa:hasTarget/oa:hasSource ?source ; dcterms:language ?lang .
            }""",
        )
    }
    untraced = [t for t in facts if t not in traced]
    assert len(facts) > 200
    assert untraced == []


BOTH_LANGUAGES = [
    ("cica:proposer", "person/nursultan-nazarbayev"),
    ("schema:location", "city/almaty"),
    ("cica:committedTo", "principle/non-interference-in-internal-affairs"),
    ("cica:committedTo", "charter/charter-of-the-united-nations"),
    ("org:hasUnit", "body/senior-officials-committee"),
    ("cica:appliesCbmIn", "cbm-area/environmental-dimension"),
    ("cica:hasComponent", "concept-component/sustainable"),
    ("cica:introducedBy", "person/xi-jinping"),
    ("cica:presidingState", "state/china"),
    ("org:postIn", "state/kazakhstan"),
]


@pytest.mark.parametrize(("predicate", "obj"), BOTH_LANGUAGES)
def test_facts_both_passages_state_have_english_and_chinese_quotes(
    dataset: Dataset, predicate: str, obj: str
) -> None:
    rows = _rows(dataset, f"""
        SELECT DISTINCT ?lang WHERE {{
          ?fact rdf:predicate {predicate} ; rdf:object <{iris.ID}{obj}> ; cica:evidence ?a .
          ?a dcterms:language ?lang .
        }}""")  # fmt: skip
    assert {str(r[0]) for r in rows} == {"en", "zh"}


def test_every_entity_has_english_and_chinese_labels(dataset: Dataset) -> None:
    rows = _rows(dataset, """
        SELECT ?entity (GROUP_CONCAT(LANG(?label)) AS ?langs) WHERE {
          GRAPH <https://w3id.org/cica-kg/graph/facts> { ?entity a ?class ; rdfs:label ?label }
        } GROUP BY ?entity""")  # fmt: skip
    missing = {e for e, langs in rows if {"en", "zh"} - set(str(langs).split())}
    assert missing == {URIRef(iris.source_iri(ARTICLE))}  # the article has no Chinese title
    assert len(rows) > 40
