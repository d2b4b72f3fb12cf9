"""`cica-kg serve` as a client sees it: the SPARQL 1.1 Protocol, safety, limits, stopping.

One server process over the bundled article's store serves the module (2 workers, a 3 s
deadline, a 1,000-row cap); the stop tests start their own.
"""

from __future__ import annotations

import json
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from cica_kg.query.catalog import shipped
from cica_kg.query.runner import run_query
from serve_helpers import Server, alive, http, running_server

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    options = ("--timeout", "3", "--limit", "1000", "--workers", "2")
    with running_server(seed_build / "store", log, *options) as s:
        yield s


def sparql(server: Server, query: str, accept: str = "", **params: str) -> object:
    """POST ``query`` as a form; the answer."""
    fields = {"query": query, **params}
    headers = dict(FORM, **({"Accept": accept} if accept else {}))
    return http(f"{server.url}/sparql", data=urlencode(fields).encode(), headers=headers)


# --- the same rows as the embedded store -------------------------------------------------


@pytest.mark.parametrize("query", shipped(), ids=lambda q: q.id)
def test_query_endpoint_gives_the_embedded_rows(server: Server, seed_build: Path, query) -> None:  # type: ignore[no-untyped-def]
    local = run_query(query, params=query.examples, store_dir=seed_build / "store")
    remote = run_query(query, params=query.examples, endpoint=f"{server.url}/sparql")
    assert remote.variables == local.variables
    assert remote.rows == local.rows
    assert remote.boolean == local.boolean and sorted(remote.triples) == sorted(local.triples)


def test_cq04_has_the_four_bodies_over_http(server: Server) -> None:
    text = Path(__file__).parent.parent.joinpath("queries/cq04-bodies.rq").read_text("utf-8")
    answer = sparql(server, text, "text/csv")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/csv")
    assert len(answer.text.strip().splitlines()) == 1 + 4


# --- protocol ------------------------------------------------------------------------------


def test_get_post_form_and_post_direct_answer_alike(server: Server) -> None:
    query = "SELECT ?s WHERE { ?s a <https://schema.org/City> } ORDER BY ?s"
    get = http(f"{server.url}/sparql?query={quote(query)}")
    form = sparql(server, query)
    direct = http(f"{server.url}/sparql", data=query.encode(),
                  headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert get.status == form.status == direct.status == 200
    assert get.body == form.body == direct.body
    assert json.loads(get.body)["results"]["bindings"]
    assert get.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.3, */*;q=0.1", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_solutions_are_negotiated(server: Server, accept: str, media: str) -> None:
    answer = sparql(server, "SELECT ?s WHERE { ?s a <https://schema.org/City> }", accept)
    assert answer.status == 200
    assert answer.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "ntriples"),
        ("application/ld+json", "jsonld"),
        ("application/rdf+xml", "rdfxml"),
    ],
)
def test_graphs_are_negotiated_and_hold_the_same_triples(
    server: Server, accept: str, fmt: str
) -> None:
    import pyoxigraph as ox

    query = "CONSTRUCT WHERE { ?s a <https://schema.org/City> ; ?p ?o }"
    reference = sparql(server, query, "application/n-triples")
    answer = sparql(server, query, accept)
    assert answer.status == 200 and answer.headers["content-type"].startswith(accept)
    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}  # fmt: skip
    got = set(map(str, ox.parse(answer.body, formats[fmt])))
    assert got == set(map(str, ox.parse(reference.body, ox.RdfFormat.N_TRIPLES))) and got


def test_jsonld_is_compact_with_the_project_context(server: Server) -> None:
    query = "CONSTRUCT WHERE { ?s a <https://schema.org/City> }"
    answer = sparql(server, query, "application/ld+json")
    document = json.loads(answer.body)
    assert document["@context"]["schema"] == "https://schema.org/"
    assert all(node["@type"] == "schema:City" for node in document["@graph"])


def test_the_format_parameter_picks_a_format(server: Server) -> None:
    answer = sparql(server, "ASK { ?s ?p ?o }", format="xml")
    assert answer.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in answer.text


def test_the_default_graph_is_the_text_and_links_are_named_graphs(server: Server) -> None:
    same_as = "ASK { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }"
    linkset = "https://w3id.org/cica-kg/graph/linkset"
    assert json.loads(sparql(server, same_as).body)["boolean"] is False
    named = f"ASK {{ GRAPH <{linkset}> {{ ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }} }}"
    assert json.loads(sparql(server, named).body)["boolean"] is True
    chosen = sparql(server, same_as, **{"default-graph-uri": linkset})
    assert json.loads(chosen.body)["boolean"] is True


def test_the_service_description_is_at_the_endpoint(server: Server) -> None:
    answer = http(f"{server.url}/sparql", headers={"Accept": "application/n-triples"})
    assert answer.status == 200
    assert "<http://www.w3.org/ns/sparql-service-description#Service>" in answer.text
    assert "<https://w3id.org/cica-kg/graph/linkset>" in answer.text
    assert f"<{server.url}/sparql>" in answer.text
    assert "sd:Service" in http(f"{server.url}/sparql").text  # Turtle by default


# --- safety ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/x.ttl>",
        "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
    ],
)
def test_updates_and_outside_data_are_forbidden(server: Server, query: str) -> None:
    answer = sparql(server, query)
    assert answer.status == 403, answer.text
    assert len(answer.text.strip().splitlines()) == 1


def test_update_requests_are_forbidden(server: Server) -> None:
    form = http(f"{server.url}/sparql", data=b"update=DROP%20ALL", headers=FORM)
    direct = http(f"{server.url}/sparql", data=b"DROP ALL",
                  headers={"Content-Type": "application/sparql-update"})  # fmt: skip
    assert form.status == direct.status == 403


@pytest.mark.parametrize(
    ("data", "headers", "status"),
    [
        (b"query=SELECT%20%3Fs%20WHERE%20%7B", FORM, 400),  # a syntax error
        (b"query=%ff%fe", FORM, 400),  # not UTF-8
        (b"query=ASK%7B%7D&query=ASK%7B%7D", FORM, 400),  # the query twice
        (b"query=ASK%7B%7D&format=png", FORM, 400),  # unknown format
        (b"<x/>", {"Content-Type": "application/xml"}, 415),
        (b"default-graph-uri=urn%3Ax", FORM, 400),  # a POST without a query
    ],
)
def test_malformed_requests_get_the_right_status(
    server: Server, data: bytes, headers: dict[str, str], status: int
) -> None:
    answer = http(f"{server.url}/sparql", data=data, headers=headers)
    assert answer.status == status, answer.text
    assert not any(leak in answer.text for leak in ("Traceback", "/work", "/tmp", ".py"))
    assert len(answer.text.strip().splitlines()) == 1


def test_a_body_over_1_mib_is_refused_before_it_is_read(server: Server) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    head = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM['Content-Type']}\r\n"
            f"Content-Length: {2 << 20}\r\n\r\n").encode()  # fmt: skip
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(head + b"query=")  # the 2 MiB never come: the answer must not wait
        answer = b""
        while b"\r\n\r\n" not in answer or not _whole(answer):
            chunk = client.recv(4096)  # the head and the body may come in two packets
            if not chunk:
                break
            answer += chunk
    text = answer.decode()
    assert text.startswith("HTTP/1.1 413 ") and "larger than 1024 KiB" in text


def _whole(response: bytes) -> bool:
    """Whether a raw HTTP response holds its whole body (by its Content-Length)."""
    head, _, body = response.partition(b"\r\n\r\n")
    for line in head.decode().lower().splitlines():
        if line.startswith("content-length:"):
            return len(body) >= int(line.split(":", 1)[1])
    return True


def test_an_unacceptable_format_is_406(server: Server) -> None:
    assert sparql(server, "ASK { ?s ?p ?o }", "image/png").status == 406
    assert sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv").status == 406


def test_a_text_that_is_no_query_is_400_not_403(server: Server) -> None:
    answer = sparql(server, "hello world")
    assert answer.status == 400 and "not a SPARQL query" in answer.text


def test_no_cors_headers_unless_asked(server: Server) -> None:
    url = f"{server.url}/sparql?query={quote('ASK {}')}"
    answer = http(url, headers={"Origin": "http://x.example"})
    assert "access-control-allow-origin" not in answer.headers


# --- limits ------------------------------------------------------------------------------


def test_the_row_cap_says_it_truncated(server: Server) -> None:
    answer = sparql(server, "SELECT * WHERE { ?s ?p ?o }")
    document = json.loads(answer.body)
    assert answer.headers["cica-kg-truncated"] == "1000"
    assert document["truncated"] is True and len(document["results"]["bindings"]) == 1000
    small = sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert "cica-kg-truncated" not in small.headers and "truncated" not in json.loads(small.body)


def test_a_runaway_query_is_killed_at_the_deadline_and_others_go_on(server: Server) -> None:
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        runaway = pool.submit(sparql, server, CARTESIAN)
        time.sleep(0.3)
        quick = sparql(server, "ASK { ?s ?p ?o }")
        quick_seconds = time.monotonic() - started
        answer = runaway.result()
    assert quick.status == 200 and quick_seconds < 2.5
    assert answer.status == 503 and "stopped after 3 s" in answer.text
    assert time.monotonic() - started < 8
    deadline = time.monotonic() + 10
    while not [p for p in server.workers if not alive(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in server.workers if not alive(p)], "no worker was killed"
    for _ in range(50):  # the replacement starts; queries are answered meanwhile
        if sparql(server, "ASK { ?s ?p ?o }").status == 200:
            break
    assert sparql(server, "ASK { ?s ?p ?o }").status == 200


def test_a_client_that_goes_away_stops_its_query(server: Server) -> None:
    body = urlencode({"query": CARTESIAN.replace("?n", "?m")}).encode()
    head = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM['Content-Type']}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()  # fmt: skip
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as client:
        client.sendall(head + body)
        time.sleep(0.5)
    deadline = time.monotonic() + 5
    while '"POST /sparql" 499' not in server.log_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert '"POST /sparql" 499' in server.log_text()


# --- start and stop ----------------------------------------------------------------------


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_exits_cleanly_with_no_worker_left(
    seed_build: Path, tmp_path: Path, number: int
) -> None:
    with running_server(seed_build / "store", tmp_path / "log", "--timeout", "30") as server:
        assert all(alive(p) for p in server.workers)
        server.process.send_signal(number)
        assert server.process.wait(20) == 0
        assert not [p for p in server.workers if alive(p)]
        assert "stopped" in server.log_text()


def test_cors_only_for_the_origin_given(seed_build: Path, tmp_path: Path) -> None:
    origin = "http://ui.example"
    with running_server(seed_build / "store", tmp_path / "log", "--cors", origin) as server:
        url = f"{server.url}/sparql?query={quote('ASK {}')}"
        allowed = http(url, headers={"Origin": origin})
        other = http(url, headers={"Origin": "http://elsewhere.example"})
    assert allowed.headers["access-control-allow-origin"] == origin
    assert "access-control-allow-origin" not in other.headers


def test_a_missing_store_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    assert main(["serve", "--store", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cica-kg: error: ") and "run `cica-kg build` first" in err
    assert len(err.strip().splitlines()) == 1


def test_a_port_in_use_is_one_line_exit_2(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--store", str(seed_build / "store"), "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2 and err.strip() == (
        f"cica-kg: error: cannot listen on 127.0.0.1:{port}: Address already in use"
    )


def test_after_a_rebuild_the_workers_open_the_new_store(
    seed_build: Path, tiny_build: Path, tmp_path: Path
) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(seed_build / "store", store)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def triples(server: Server) -> int:
        return int(json.loads(sparql(server, count).body)["results"]["bindings"][0]["n"]["value"])

    with running_server(store, tmp_path / "log", "--workers", "2") as server:
        before = triples(server)
        store.rename(tmp_path / "old")  # what a build does: a new directory swapped in
        shutil.copytree(tiny_build / "store", store)
        deadline, answers = time.monotonic() + 30, [before]
        while before in answers and time.monotonic() < deadline:
            time.sleep(0.3)
            answers = [triples(server) for _ in range(4)]  # as many as the workers, twice
    assert before not in answers, "a worker still serves the old store"
    assert len(set(answers)) == 1 and answers[0] > 0
