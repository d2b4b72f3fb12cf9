"""External enrichment: members and summits as their own named graph, linked to the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import ORG, PROV, RDF, RDFS, Dataset, Graph, Literal, URIRef

# Not SDO, TIME, XSD as module globals: pytest's fixture scan asks every global for
# `_mock_name`, and these namespaces warn "_mock_name is not defined in namespace ...".
from rdflib import namespace as ns
from rdflib.namespace import SH

from cica_kg import iris
from cica_kg.errors import InputError
from cica_kg.iris import EXTERNAL_GRAPH
from cica_kg.link.entities import read_entities
from cica_kg.link.external import file_iri, load_external
from cica_kg.validate.shacl import format_reports, validate_external
from linking_fixtures import article_dataset

QUERIES = Path(__file__).parent.parent / "queries"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    data = article_dataset(external=False)
    load_external(data)
    data.default_union = True
    return data


def _rows(dataset: Dataset, name: str, **bindings: Literal) -> list[tuple[str, ...]]:
    text = next(QUERIES.glob(f"{name}-*.rq")).read_text("utf-8")
    return [tuple(str(v) for v in row) for row in dataset.query(text, initBindings=bindings)]


def test_external_graph_has_its_own_provenance(dataset: Dataset) -> None:
    graph = dataset.graph(EXTERNAL_GRAPH)
    assert set(graph.objects(EXTERNAL_GRAPH, PROV.wasDerivedFrom)) == {
        file_iri("cica-members.csv"),
        file_iri("cica-summits.csv"),
    }
    assert len(dataset.graph(iris.FACTS_GRAPH)) == len(
        article_dataset(external=False).graph(iris.FACTS_GRAPH)
    )


def test_states_and_summits_reuse_the_text_iris(dataset: Dataset) -> None:
    graph = dataset.graph(EXTERNAL_GRAPH)
    kazakhstan = iris.entity_iri("cica:State", "Kazakhstan")
    assert (None, URIRef("http://www.w3.org/ns/org#member"), kazakhstan) in graph
    text_summit = URIRef(
        "https://w3id.org/cica-kg/id/summit/"
        "conference-on-interaction-and-confidence-building-measures-in-asia-summit-2002-almaty"
    )
    assert (
        text_summit,
        URIRef("https://schema.org/startDate"),
        Literal("2002-06-04", datatype=ns.XSD.date),
    ) in graph


def test_members_by_year(dataset: Dataset) -> None:
    members = _rows(dataset, "cq17", year=Literal(2014, datatype=ns.XSD.integer))
    assert len(members) == 26
    assert not any(r[1].endswith("/sri-lanka") for r in members)  # (year, state, joined, note)


def test_text_and_external_member_counts_agree_for_2014(dataset: Dataset) -> None:
    (row,) = _rows(dataset, "cq15")
    assert row[1:] == ("2014", "26", "26", "agree")


def test_text_and_external_facts_compared(dataset: Dataset) -> None:
    rows = _rows(dataset, "cq16")
    verdicts = {(r[0].rsplit("/", 1)[-1], r[1].rsplit("/", 1)[-1]): r[4] for r in rows}
    almaty = "conference-on-interaction-and-confidence-building-measures-in-asia-summit-2002-almaty"
    assert verdicts[(almaty, "startDate")] == "agree at the text's precision"
    assert verdicts[(almaty, "location")] == "agree"
    assert verdicts[("almaty", "containedInPlace")] == "agree"


def test_external_entities_are_linked_too(dataset: Dataset) -> None:
    entities = {e.label(): e for e in read_entities(dataset)}
    assert entities["Kazakhstan"].in_text and not entities["Tajikistan"].in_text


def test_bad_year_is_reported_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "cica-members.csv").write_text("member_state,joined,note\nChina,20x2,\n", "utf-8")
    (tmp_path / "cica-summits.csv").write_text("number,start,end,city,country\n", "utf-8")
    with pytest.raises(InputError, match=r"cica-members.csv:2: joined '20x2' is not a year"):
        load_external(Dataset(), reference_dir=tmp_path)


def _external_copy(dataset: Dataset) -> Graph:
    copy = Graph()
    for triple in dataset.graph(EXTERNAL_GRAPH):
        copy.add(triple)
    return copy


def test_external_graph_conforms_to_its_shapes(dataset: Dataset) -> None:
    result = validate_external(dataset)
    assert result is not None and result.conforms and not result.findings


def test_external_shapes_catch_bad_rows(dataset: Dataset) -> None:
    graph = _external_copy(dataset)
    summit = next(s for s in graph.subjects(RDF.type, URIRef(iris.ONTOLOGY + "Summit")))
    before_start = Literal("1990-01-01", datatype=ns.XSD.date)
    graph.set((summit, ns.SDO.endDate, before_start))
    graph.remove((summit, ns.SDO.location, None))
    joined = next(graph.subjects(ns.TIME.inXSDgYear, None))
    graph.set((joined, ns.TIME.inXSDgYear, Literal("2002-06-04", datatype=ns.XSD.date)))
    state = next(graph.objects(None, ORG.member))
    graph.remove((state, RDFS.label, None))
    result = validate_external(graph)
    assert result is not None and not result.conforms
    broken = {f.shape for f in result.findings}
    assert broken == {
        "ExternalSummit-start",
        "ExternalSummit-city",
        "ExternalMembership-joined",
        "ExternalMemberState-label",
    }
    assert validate_external(Graph()) is None
    assert "== External-data graph" in format_reports(result, None, result)


def test_external_shapes_are_valid_shacl_with_names_messages_and_severities() -> None:
    from pyshacl import validate

    from cica_kg.resources import ontology_file
    from cica_kg.validate.shacl import load_turtle

    shapes = load_turtle(ontology_file("external-shapes.ttl"))
    conforms, _, text = validate(shapes, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
    for shape in {*shapes.subjects(RDF.type, SH.NodeShape),
                  *shapes.subjects(RDF.type, SH.PropertyShape)}:  # fmt: skip
        assert {SH.name, SH.message, SH.severity} <= set(shapes.predicates(shape)), shape
