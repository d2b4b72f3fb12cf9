"""The one HTTP transport: proxies from the environment, User-Agent, timeouts, one-line errors.

Every server here is local (tests/wikidata_server.py): a fixture server playing Wikidata and
a forwarding proxy, both on 127.0.0.1; nothing leaves the machine.
"""

from __future__ import annotations

import pickle
import socket
import time
from pathlib import Path

import pytest

from cica_kg.errors import InputError
from cica_kg.httpclient import USER_AGENT, HttpError, PoliteClient, request
from cica_kg.query.engines import run_endpoint
from cica_kg.query.options import EngineOptions
from wikidata_server import ServerState, proxy_server, wikidata_server

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
SEARCH = "/w/api.php?action=wbsearchentities&search=Almaty&language=en"


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No proxy variable from the calling environment, in either case."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- proxies -------------------------------------------------------------------------------


def test_http_proxy_from_the_environment_is_used(no_proxy_settings: pytest.MonkeyPatch) -> None:
    with wikidata_server() as (url, server), proxy_server() as (proxy, seen):
        no_proxy_settings.setenv("http_proxy", proxy)
        answer = request("GET", url + SEARCH)
    assert answer.status == 200 and b"Q35493" in answer.body
    assert seen.requests == [f"GET {url}{SEARCH}"]  # the proxy was asked for the full URL
    assert server.user_agents == [USER_AGENT]


def test_no_proxy_bypasses_the_proxy(no_proxy_settings: pytest.MonkeyPatch) -> None:
    with wikidata_server() as (url, server), proxy_server() as (proxy, seen):
        no_proxy_settings.setenv("http_proxy", proxy)
        no_proxy_settings.setenv("no_proxy", "localhost,127.0.0.1")
        answer = request("GET", url + SEARCH)
    assert answer.status == 200 and b"Q35493" in answer.body
    assert seen.requests == [] and len(server.requests) == 1


def test_https_proxy_is_asked_to_tunnel(no_proxy_settings: pytest.MonkeyPatch) -> None:
    with proxy_server() as (proxy, seen):
        no_proxy_settings.setenv("https_proxy", proxy)
        with pytest.raises(HttpError, match=r"^wikidata\.invalid: Tunnel connection failed: 403"):
            request("GET", "https://wikidata.invalid/w/api.php")
    assert seen.requests == ["CONNECT wikidata.invalid:443"]


def test_polite_client_goes_through_the_proxy(
    no_proxy_settings: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with wikidata_server() as (url, server), proxy_server() as (proxy, seen):
        no_proxy_settings.setenv("HTTP_PROXY", proxy)
        client = PoliteClient(cache_dir=tmp_path, min_interval=0.0)
        hits = client.get_json(f"{url}/w/api.php", {"search": "Almaty", "language": "en"})
    assert hits.body["search"][0]["id"] == "Q35493"
    assert hits.date == "2026-11-26"  # the Date header came through the proxy
    assert len(seen.requests) == 1 and server.user_agents == [USER_AGENT]


def test_endpoint_queries_go_through_the_proxy(no_proxy_settings: pytest.MonkeyPatch) -> None:
    options = EngineOptions(form="SELECT", timeout=5.0)
    with wikidata_server() as (url, server), proxy_server() as (proxy, seen):
        no_proxy_settings.setenv("http_proxy", proxy)
        result = run_endpoint(f"{url}/sparql", "SELECT ?s WHERE { ?s ?p ?o }", options=options)
    assert result.rows == [] and seen.requests == [f"POST {url}/sparql"]
    assert server.user_agents == [USER_AGENT]


def test_service_calls_go_through_the_proxy(no_proxy_settings: pytest.MonkeyPatch) -> None:
    from rdflib import Dataset

    from cica_kg.query.federated import polite_service_calls

    query = "SELECT * WHERE { SERVICE <%s/sparql> { ?s ?p ?o } }"
    with wikidata_server() as (url, server), proxy_server() as (proxy, seen):
        no_proxy_settings.setenv("http_proxy", proxy)
        with polite_service_calls(timeout=5.0, min_interval=0.0):
            rows = list(Dataset().query(query % url))
    assert rows == [] and len(seen.requests) == 1
    assert seen.requests[0].split()[1].startswith(f"{url}/sparql")  # GET or POST (long query)
    assert server.user_agents == [USER_AGENT]


# --- answers and errors --------------------------------------------------------------------


def test_an_error_status_is_an_answer() -> None:
    with wikidata_server(ServerState(fail_first_with_429=1, retry_after="7")) as (url, _):
        answer = request("GET", url + SEARCH)
    assert answer.status == 429 and answer.headers["retry-after"] == "7"


def test_a_given_user_agent_is_kept() -> None:
    with wikidata_server() as (url, server):
        request("GET", url + SEARCH, headers={"user-agent": "tester/1"})
    assert server.user_agents == ["tester/1"]


def test_refused_connection_is_one_line() -> None:
    port = _free_port()
    with pytest.raises(HttpError, match=rf"^127\.0\.0\.1:{port}: Connection refused$") as caught:
        request("GET", f"http://127.0.0.1:{port}/")
    assert "Connection refused" in caught.value.reason and caught.value.exit_code == 2


def test_read_timeout_is_separate_from_connect_timeout() -> None:
    with wikidata_server(ServerState(hang=2.0)) as (url, _):
        started = time.monotonic()
        with pytest.raises(HttpError, match="timed out; try again later"):
            request("GET", url + SEARCH, connect_timeout=10.0, read_timeout=0.2)
        assert time.monotonic() - started < 1.5


def test_body_larger_than_max_bytes_is_refused() -> None:
    with wikidata_server() as (url, _):
        assert request("GET", url + SEARCH, max_bytes=1 << 20).status == 200
        with pytest.raises(HttpError, match="larger than 10 bytes"):
            request("GET", url + SEARCH, max_bytes=10)


def test_only_http_urls_are_requested() -> None:
    with pytest.raises(HttpError, match="expected an http:// or https:// URL"):
        request("GET", "file:///etc/passwd")


def test_errors_survive_the_query_worker_pipe() -> None:
    error = pickle.loads(pickle.dumps(HttpError("host: timed out; try again later", "timed out")))
    assert str(error) == "host: timed out; try again later" and error.reason == "timed out"


def test_unreachable_endpoint_keeps_its_message() -> None:
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    with pytest.raises(InputError, match=r"cannot reach the SPARQL endpoint \(.*refused\)$"):
        run_endpoint(url, "ASK {}", options=EngineOptions(form="ASK", timeout=5.0))


def test_service_error_status_is_one_line() -> None:
    from rdflib import Dataset

    from cica_kg.query.federated import polite_service_calls

    query = "SELECT * WHERE { SERVICE <%s/sparql> { ?s ?p ?o } }"
    refused = r"^127\.0\.0\.1:\d+: the SERVICE endpoint answered HTTP 429 \(Too Many Requests\)"
    with (
        wikidata_server(ServerState(fail_first_with_429=1)) as (url, _),
        polite_service_calls(timeout=5.0, min_interval=0.0),
        pytest.raises(HttpError, match=refused),
    ):
        list(Dataset().query(query % url))


@pytest.mark.parametrize("body", [b'{"search": 5}', b"[1, 2]", b'{"results": {"bindings": [1]}}'])
def test_a_live_answer_of_the_wrong_shape_is_a_one_line_error(tmp_path: Path, body: bytes) -> None:
    from cica_kg.httpclient import PoliteClient, ReconciliationError
    from wikidata_server import canned_server

    with canned_server(body, content_type="application/json") as (url, _):
        client = PoliteClient(cache_dir=tmp_path, min_interval=0.0)
        with pytest.raises(ReconciliationError, match="unexpected answer"):
            client.get_json(url + "/w/api.php", {"action": "wbsearchentities"})
    assert not list(tmp_path.glob("*.json"))  # nothing cached
