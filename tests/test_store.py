"""The persistent store: loading, read-only opening, union default graph, materialisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from cica_kg import iris
from cica_kg.graphs import INFERRED as INFERRED_GRAPH
from cica_kg.graphs import ONTOLOGY as ONTOLOGY_GRAPH
from cica_kg.store.oxigraph import (
    StoreError,
    load_store,
    open_store,
    store_info,
)

DATA = Path(__file__).parent / "data"
MINI = DATA / "query-mini.trig"
ID = "https://w3id.org/cica-kg/id/"


def _select(store: object, query: str) -> list[tuple[str, ...]]:
    rows = store.query(query, use_default_graph_as_union=True)  # type: ignore[attr-defined]
    names = [v.value for v in rows.variables]
    return sorted(tuple(row[n].value for n in names) for row in rows)


@pytest.fixture(scope="module")
def inferred_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_store(MINI, tmp_path_factory.mktemp("s") / "store", materialise=True)


def test_store_holds_facts_evidence_and_ontology(tmp_path: Path) -> None:
    directory = load_store(MINI, tmp_path / "store")
    store = open_store(directory)
    graphs = {g.value for g in store.named_graphs()}
    assert {str(iris.FACTS_GRAPH), str(iris.EVIDENCE_GRAPH), ONTOLOGY_GRAPH} <= graphs
    assert INFERRED_GRAPH not in graphs
    # the union of the named graphs is the default graph of a query
    rows = _select(store, "SELECT ?s WHERE { ?s <https://schema.org/containedInPlace> ?o }")
    assert rows == [(ID + "city/almaty",)]
    assert store_info(directory)["materialised"] is False


def test_store_loads_from_an_rdflib_dataset(tmp_path: Path) -> None:
    dataset = Dataset()
    dataset.graph(iris.FACTS_GRAPH).add(
        (URIRef(ID + "city/almaty"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
         Literal("Almaty", lang="en"))
    )  # fmt: skip
    store = open_store(load_store(dataset, tmp_path / "store"))
    assert _select(store, 'SELECT ?s WHERE { ?s ?p "Almaty"@en }') == [(ID + "city/almaty",)]


def test_subclass_query_needs_materialisation(inferred_store: Path, tmp_path: Path) -> None:
    query = """SELECT ?o WHERE { ?o a <http://www.w3.org/ns/org#FormalOrganization>
               FILTER(STRSTARTS(STR(?o), "https://w3id.org/cica-kg/id/")) }"""
    plain = open_store(load_store(MINI, tmp_path / "plain"))
    assert _select(plain, query) == []
    found = _select(open_store(inferred_store), query)
    assert (ID + "state/kazakhstan",) in found  # cica:State ⊑ org:FormalOrganization
    assert any("international-organization" in row[0] for row in found)  # CICA


def test_inverse_property_is_materialised(inferred_store: Path) -> None:
    rows = _select(
        open_store(inferred_store),
        "SELECT ?post ?person WHERE { ?post <http://www.w3.org/ns/org#heldBy> ?person }",
    )
    assert rows == [(ID + "post/president-of-kazakhstan", ID + "person/nursultan-nazarbayev")]
    assert store_info(inferred_store)["inferred"] > 0


def test_inferences_stay_in_their_own_graph(inferred_store: Path) -> None:
    store = open_store(inferred_store)
    rows = _select(
        store,
        "SELECT ?g WHERE { GRAPH ?g { ?p <http://www.w3.org/ns/org#heldBy> ?x } }",
    )
    assert rows == [(INFERRED_GRAPH,)]


def test_missing_store_says_run_build(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `cica-kg build` first"):
        open_store(tmp_path / "nothing")


def test_corrupt_store_is_one_line_error(tmp_path: Path) -> None:
    directory = load_store(MINI, tmp_path / "store")
    (directory / "CURRENT").write_text("garbage")
    with pytest.raises(StoreError) as info:
        open_store(directory)
    assert "\n" not in str(info.value) and "cica-kg build" in str(info.value)


def test_failed_load_keeps_the_previous_store(tmp_path: Path) -> None:
    directory = load_store(MINI, tmp_path / "store")
    broken = tmp_path / "broken.trig"
    broken.write_text("<a> <b> .\n")
    with pytest.raises(Exception, match=r"broken\.trig"):
        load_store(broken, directory)
    assert _select(open_store(directory), "SELECT ?s WHERE { ?s a <https://schema.org/City> }")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
