"""The query layer on the hand-written mini graph: safety, parameters, engines, timeouts, output."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from cica_kg.errors import ResourceError
from cica_kg.query import (
    ParameterError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnsafeQueryError,
    check_safe,
    parse_query,
    render,
    run_query,
)
from cica_kg.query.engines import rdflib_dataset, run_oxigraph, run_rdflib, with_text_default_graph
from cica_kg.query.entities import values_block
from cica_kg.query.options import EngineOptions
from cica_kg.query.results import Term, from_oxigraph
from cica_kg.store.oxigraph import default_graph, load_store, open_store

MINI = Path(__file__).parent / "data" / "query-mini.trig"
CITIES = """# id: t1
# question: Which cities are in the named country?
# var city: a city
# param country: literal@en -- the country's English name
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?country ?city WHERE {
  ?state rdfs:label ?country . ?city schema:containedInPlace ?state .
} ORDER BY ?city
"""
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_store(MINI, tmp_path_factory.mktemp("q") / "store")


# --- safety --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "LOAD <http://example.org/data.ttl>",
        "DELETE WHERE { ?s ?p ?o }",
        "WITH <http://g> DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }",
    ],
)
def test_unsafe_queries_are_refused(text: str) -> None:
    with pytest.raises(UnsafeQueryError, match=r"^q:1:\d+: "):
        check_safe(text, where="q")


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?s WHERE { ?s ?p "LOAD <x> FROM SERVICE" }',
        "SELECT ?from ?service WHERE { ?from <http://example.org/load> ?service }",
        "PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:from ex:delete } # INSERT\n",
        "ASK { ?s ?p '''DROP ALL''' }",
    ],
)
def test_keywords_in_strings_iris_names_and_comments_are_harmless(text: str) -> None:
    assert check_safe(text, where="q") in ("SELECT", "ASK")


def test_service_to_an_allowed_endpoint_passes() -> None:
    text = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    assert check_safe(text, where="q", allow_service={"https://query.wikidata.org/sparql"})
    with pytest.raises(UnsafeQueryError, match="SERVICE"):
        check_safe(text, where="q", allow_service={"https://example.org/sparql"})


def test_syntax_error_gives_file_line_and_column(store_dir: Path) -> None:
    query = parse_query("# id: bad\nSELECT ?s WHERE {\n  ?s ?p \n}\n", source="bad.rq")
    with pytest.raises(QuerySyntaxError, match=r"^bad\.rq:[34]:\d+: SPARQL syntax error"):
        run_query(query, store_dir=store_dir)
    with pytest.raises(QuerySyntaxError, match=r"^bad\.rq:[34]:\d+: SPARQL syntax error"):
        run_query(query, store_dir=store_dir, engine="rdflib")


# --- parameters ----------------------------------------------------------------------------


def test_parameter_is_bound_as_a_term(store_dir: Path) -> None:
    query = parse_query(CITIES, source="cities.rq")
    result = run_query(query, params={"country": "Kazakhstan"}, store_dir=store_dir)
    assert [r["city"] for r in result.records()] == ["https://w3id.org/cica-kg/id/city/almaty"]
    # a value that would break out of pasted text is just a literal that matches nothing
    evil = run_query(query, params={"country": 'x"@en } ?city ?p ?o . {'}, store_dir=store_dir)
    assert evil.rows == []


def test_unknown_and_missing_parameters_list_the_declared_ones(store_dir: Path) -> None:
    query = parse_query(CITIES, source="cities.rq")
    with pytest.raises(ParameterError, match=r"unknown parameter town.*country \(literal@en\)"):
        run_query(query, params={"country": "Kazakhstan", "town": "x"}, store_dir=store_dir)
    with pytest.raises(ParameterError, match=r"missing parameter country.*country \(literal@en\)"):
        run_query(query, store_dir=store_dir)


@pytest.mark.parametrize(
    ("declared", "value"),
    [("xsd:integer", "twelve"), ("xsd:date", "2014-13-01"), ("iri", "not an iri")],
)
def test_parameter_of_the_wrong_type_is_refused(store_dir: Path, declared: str, value: str) -> None:
    text = f"# param x: {declared}\nSELECT ?x WHERE {{ ?s ?p ?x }} ORDER BY ?x"
    with pytest.raises(ParameterError, match="parameter x="):
        run_query(parse_query(text, source="t.rq"), params={"x": value}, store_dir=store_dir)


# --- engines, limits, timeouts -------------------------------------------------------------


def test_row_cap_reports_truncation(store_dir: Path) -> None:
    result = run_query("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", store_dir=store_dir, limit=3)
    assert len(result.rows) == 3 and result.truncated
    assert "truncated" in render(result, "table")


def test_timeout_stops_the_query(store_dir: Path) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"stopped after 0\.5 s"):
        run_query(SLOW, store_dir=store_dir, timeout=0.5)
    assert time.monotonic() - started < 5


def test_construct_as_turtle_and_jsonld(store_dir: Path) -> None:
    text = "CONSTRUCT { ?c <https://schema.org/containedInPlace> ?s } WHERE " \
           "{ ?c <https://schema.org/containedInPlace> ?s }"  # fmt: skip
    result = run_query(text, store_dir=store_dir)
    assert "schema:containedInPlace" in render(result, "turtle")
    doc = json.loads(render(result, "jsonld"))
    assert doc[0]["@id"].endswith("city/almaty")


def test_result_formats_follow_sparql_11(store_dir: Path) -> None:
    result = run_query(parse_query(CITIES, source="c"), params={"country": "Kazakhstan"},
                       store_dir=store_dir, with_labels=True)  # fmt: skip
    data = json.loads(render(result, "json"))
    assert data["head"]["vars"] == ["country", "city"]
    assert data["results"]["bindings"][0]["country"] == {
        "type": "literal", "value": "Kazakhstan", "xml:lang": "en"
    }  # fmt: skip
    assert render(result, "csv").splitlines()[1] == "Kazakhstan,https://w3id.org/cica-kg/id/city/almaty"
    assert render(result, "tsv").splitlines()[1].startswith('"Kazakhstan"@en\t<https://')
    assert "<literal xml:lang=\"en\">Kazakhstan</literal>" in render(result, "xml")
    assert "阿拉木图" in render(result, "table", lang="zh")
    assert "Almaty" in render(result, "table", lang="en")


class _Endpoint(BaseHTTPRequestHandler):
    """A tiny SPARQL 1.1 protocol endpoint answering from a pyoxigraph store."""

    store: ox.Store

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        query = urllib.parse.parse_qs(self.rfile.read(length).decode())["query"][0]
        try:
            answer = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            self._send(400, "text/plain", str(exc).encode())
            return
        if isinstance(answer, ox.QueryTriples):
            body = ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES)
            self._send(200, "application/n-triples", body)
        else:
            body = answer.serialize(format=ox.QueryResultsFormat.JSON)
            self._send(200, "application/sparql-results+json", body)

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    _Endpoint.store = open_store(store_dir)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


def test_endpoint_gives_the_same_answer(store_dir: Path, endpoint: str) -> None:
    query = parse_query(CITIES, source="cities.rq")
    local = run_query(query, params={"country": "Kazakhstan"}, store_dir=store_dir)
    remote = run_query(query, params={"country": "Kazakhstan"}, endpoint=endpoint)
    assert remote.rows == local.rows and remote.rows
    graph = run_query("CONSTRUCT WHERE { ?s a <https://schema.org/City> }", endpoint=endpoint)
    assert len(graph.triples) == 1
    with pytest.raises(QuerySyntaxError, match="SPARQL syntax error"):
        run_query("SELECT ?s WHERE { ?s ?p }", endpoint=endpoint)


# --- entity parameters (decision 0052) -----------------------------------------------------

ABOUT = """# id: t2
# question: What do the facts say about the named entity?
# var property: a property of the entity
# param name: entity -- the entity's name in English or Chinese
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name ?entity ?property ?value WHERE {
  GRAPH <https://w3id.org/cica-kg/graph/facts> { ?entity ?property ?value }
} ORDER BY ?entity ?property ?value
"""
KAZAKHSTAN = "https://w3id.org/cica-kg/id/state/kazakhstan"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_entity_parameter_binds_the_named_entity(store_dir: Path, engine: str) -> None:
    query = parse_query(ABOUT, source="about.rq")
    for name in ("kazakhstan", "哈萨克斯坦"):  # any case, either language
        result = run_query(query, params={"name": name}, store_dir=store_dir, engine=engine)
        records = result.records()
        assert records and {r["entity"] for r in records} == {KAZAKHSTAN}
        assert {r["name"] for r in records} == {name}  # ?name is the name as given


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_name_nobody_has_gives_no_rows(store_dir: Path, engine: str) -> None:
    query = parse_query(ABOUT, source="about.rq")
    result = run_query(query, params={"name": "Atlantis"}, store_dir=store_dir, engine=engine)
    assert result.rows == []


def test_entity_name_is_bound_as_a_term_never_pasted(store_dir: Path) -> None:
    query = parse_query(ABOUT, source="about.rq")
    for evil in ('x") || true) } ?entity ?p ?o . {', "Kazakhstan> } <x", "' } UNION { ?s ?p ?o"):
        assert run_query(query, params={"name": evil}, store_dir=store_dir).rows == []


def test_entity_iris_are_checked_before_they_enter_the_query() -> None:
    assert values_block([KAZAKHSTAN]) == f"VALUES ?entity {{ <{KAZAKHSTAN}> }}"
    assert values_block([]) == "VALUES ?entity { <urn:cica-kg:no-entity-matches> }"
    with pytest.raises(ValueError, match="not an IRI"):
        values_block(["https://x/a> } ?s ?p ?o . { <https://x/b"])


def test_a_query_declares_at_most_one_entity_parameter() -> None:
    text = "# param a: entity\n# param b: entity\nSELECT ?a ?b WHERE { ?s ?p ?o } ORDER BY ?s\n"
    with pytest.raises(ResourceError, match="more than one 'entity' parameter"):
        parse_query(text, source="two.rq")


def test_endpoint_resolves_entity_parameters_too(store_dir: Path, endpoint: str) -> None:
    query = parse_query(ABOUT, source="about.rq")
    local = run_query(query, params={"name": "CICA"}, store_dir=store_dir)
    remote = run_query(query, params={"name": "CICA"}, endpoint=endpoint)
    assert remote.rows == local.rows and remote.rows


# --- the engines themselves ----------------------------------------------------------------


def test_engines_take_one_options_record(store_dir: Path) -> None:
    store = open_store(store_dir)
    options = EngineOptions(form="SELECT", bindings={"name": Term.literal("kazakhstan")},
                            entity_param="name", where="about.rq", limit=2)  # fmt: skip
    on_ox = run_oxigraph(store, ABOUT, options=options)
    on_rdflib = run_rdflib(rdflib_dataset(store), ABOUT, options=options)
    assert on_ox.rows == on_rdflib.rows and len(on_ox.rows) == 2
    assert on_ox.truncated and on_rdflib.truncated
    assert {row[1] for row in on_ox.rows} == {Term("uri", KAZAKHSTAN)}


def test_text_default_graph_uses_no_deprecated_rdflib_call(store_dir: Path) -> None:
    dataset = rdflib_dataset(open_store(store_dir))  # rdflib's own parse() may still warn
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        with_text_default_graph(dataset)
    assert len(dataset.default_graph) > 0


def test_rows_follow_the_projection_with_unbound_cells(store_dir: Path) -> None:
    """Oxigraph's rows are read by iterating each solution (decision 0137): the cells keep the
    projection's order, an unbound variable is None, as looking each variable up gives."""
    text = (
        "PREFIX schema: <https://schema.org/> SELECT ?missing ?city ?state WHERE { "
        "?city schema:containedInPlace ?state OPTIONAL { ?city <urn:none> ?missing } } "
        "ORDER BY ?city"
    )
    store = open_store(store_dir)
    result = run_oxigraph(store, text, options=EngineOptions(form="SELECT"))
    expected = [
        tuple(from_oxigraph(s[v]) for v in (ox.Variable("missing"), ox.Variable("city"),
                                               ox.Variable("state")))
        for s in store.query(text, default_graph=default_graph())
    ]  # fmt: skip
    assert result.variables == ("missing", "city", "state")
    assert result.rows == expected and result.rows and result.rows[0][0] is None
