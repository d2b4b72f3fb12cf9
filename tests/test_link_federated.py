"""Federated queries: skipped offline, refused for other endpoints, run against a local Wikidata."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.errors import UsageError
from cica_kg.httpclient import USER_AGENT
from cica_kg.link import add_linkset, link
from cica_kg.query.federated import (
    WIKIDATA_SPARQL,
    ServiceNotAllowedError,
    federated_queries,
    run_federated,
)
from cica_kg.query.safety import UnsafeQueryError
from linking_fixtures import article_dataset
from wikidata_server import wikidata_server


@pytest.fixture(scope="module")
def linked():  # type: ignore[no-untyped-def]
    dataset = article_dataset()
    add_linkset(dataset, link(dataset))
    return dataset


def _query(name: str) -> Path:
    return next(p for p in federated_queries() if p.name.startswith(name))


def test_offline_they_are_skipped_with_a_clear_message(linked) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceNotAllowedError, match="run with --allow-service wikidata"):
        run_federated(_query("fed01"), linked)


def test_other_services_stay_refused(linked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    query = tmp_path / "evil.rq"
    query.write_text(
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } } ORDER BY ?s"
    )
    with pytest.raises(UnsafeQueryError, match=r"SERVICE <http://evil\.example/sparql> is refused"):
        run_federated(query, linked, allow_service={"wikidata"})
    with pytest.raises(UsageError, match="unknown service"):
        run_federated(query, linked, allow_service={"dbpedia"})


def test_population_of_summit_cities(linked) -> None:  # type: ignore[no-untyped-def]
    with wikidata_server() as (url, state):
        result = run_federated(_query("fed01"), linked, allow_service={"wikidata"},
                               endpoint_overrides={WIKIDATA_SPARQL: f"{url}/sparql"},
                               min_interval=0.0)  # fmt: skip
    rows = {(str(r[1]).rsplit("/", 1)[-1], str(r[3])) for r in result.rows}
    assert ("almaty", "2000000") in rows and ("shanghai", "24000000") in rows
    assert ("astana", "1300000") in rows  # a summit city known from the external data
    assert set(state.user_agents) == {USER_AGENT}


def test_head_of_state_of_linked_countries(linked) -> None:  # type: ignore[no-untyped-def]
    with wikidata_server() as (url, _):
        result = run_federated(_query("fed02"), linked, allow_service={"wikidata"},
                               endpoint_overrides={WIKIDATA_SPARQL: f"{url}/sparql"},
                               min_interval=0.0)  # fmt: skip
    heads = {str(r[0]).rsplit("/", 1)[-1]: str(r[3]) for r in result.rows}
    assert heads == {"china": "Xi Jinping", "kazakhstan": "Kassym-Jomart Tokayev"}


# --- through `cica-kg query` (the query layer, on a store) ----------------------------------


@pytest.fixture(scope="module")
def linked_store(linked, tmp_path_factory: pytest.TempPathFactory) -> str:  # type: ignore[no-untyped-def]
    from cica_kg.store.oxigraph import load_store

    return str(load_store(linked, tmp_path_factory.mktemp("fed") / "store"))


def test_cli_skips_a_federated_query_offline(
    linked_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "fed01", "--store", linked_store]) == 2
    err = capsys.readouterr().err
    assert "skipped" in err and "--allow-service wikidata" in err


def test_cli_refuses_other_services_even_with_wikidata_allowed(
    linked_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } } ORDER BY ?s"
    args = ["query", "-e", query, "--store", linked_store, "--allow-service", "wikidata"]
    assert main(args) == 2
    assert "SERVICE <http://evil.example/sparql> is refused" in capsys.readouterr().err
    assert main(["query", "-e", query, "--store", linked_store, "--allow-service", "dbpedia"]) == 2
    assert "unknown service" in capsys.readouterr().err


def test_cli_runs_federated_queries_when_wikidata_is_allowed(
    linked_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with wikidata_server() as (url, state):
        code = main(["query", "fed02", "--store", linked_store, "--allow-service", "wikidata",
                     "--service-url", f"wikidata={url}/sparql", "--request-interval", "0",
                     "-f", "csv"])  # fmt: skip
        assert code == 0
        out = capsys.readouterr().out
        assert "state/china" in out and "Xi Jinping" in out
        assert "Kassym-Jomart Tokayev" in out
        assert main(["query", "fed01", "--store", linked_store, "--allow-service", "wikidata",
                     "--service-url", f"wikidata={url}/sparql", "--request-interval", "0",
                     "-f", "csv"]) == 0  # fmt: skip
        assert "24000000" in capsys.readouterr().out  # Shanghai, a linked summit city
    assert state.requests and set(state.user_agents) == {USER_AGENT}
