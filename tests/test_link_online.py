"""Online reconciliation against a local server playing Wikidata (recorded, hand-made answers)."""

from __future__ import annotations

import socket
from pathlib import Path

from cica_kg.httpclient import USER_AGENT, PoliteClient, ReconciliationError
from cica_kg.link import Decision, link
from cica_kg.link.model import TextEntity
from cica_kg.link.wikidata import Endpoints, reconcile
from linking_fixtures import article_dataset
from wikidata_server import ServerState, wikidata_server

WD = "http://www.wikidata.org/entity/"
ALMATY = TextEntity(
    "https://w3id.org/cica-kg/id/city/almaty", "schema:City", (("Almaty", "en"), ("阿拉木图", "zh"))
)


def _client(cache: Path, sleeps: list[float] | None = None) -> PoliteClient:
    record = sleeps if sleeps is not None else []
    return PoliteClient(cache_dir=cache, min_interval=0.0, sleep=record.append)


def _endpoints(url: str) -> Endpoints:
    return Endpoints(api=f"{url}/w/api.php", sparql=f"{url}/sparql")


def test_online_corroborates_unconfirmed_rows_and_rejects_decoys(tmp_path: Path) -> None:
    with wikidata_server() as (url, state):
        result = link(article_dataset(), online=True, client=_client(tmp_path),
                      endpoints=_endpoints(url))  # fmt: skip
    decided = {
        (c.entity.label(), c.target): c for c in result.candidates if c.dataset == "wikidata"
    }
    cica = decided[
        ("Conference on Interaction and Confidence-Building Measures in Asia", WD + "Q605501")
    ]
    assert cica.decision is Decision.ACCEPTED  # single-source row + online label, zh and type
    assert {m.value for m in cica.methods} == {"curated-table", "online-reconciliation"}
    eurasia = decided[("Eurasia", WD + "Q5401")]
    assert eurasia.decision is Decision.ACCEPTED
    decoy = decided[("Eurasia", WD + "Q1374287")]
    assert decoy.decision is Decision.REJECTED and "do not confuse" in decoy.why
    assert set(state.user_agents) == {USER_AGENT}
    assert not result.warnings


def test_type_check_rejects_a_region_for_a_city(tmp_path: Path) -> None:
    with wikidata_server() as (url, _):
        found = list(reconcile([ALMATY], _client(tmp_path), endpoints=_endpoints(url)))
    by_target = {target: ev for _, _, target, ev in found}
    assert by_target[WD + "Q35493"].type_agrees is True
    assert by_target[WD + "Q35493"].score == 0.95  # label 0.75 + first result + Chinese search
    assert by_target[WD + "Q186466"].type_agrees is False


def test_second_run_makes_no_request(tmp_path: Path) -> None:
    with wikidata_server() as (url, state):
        first = link(article_dataset(), online=True, client=_client(tmp_path),
                     endpoints=_endpoints(url))  # fmt: skip
        made = len(state.requests)
        second_client = _client(tmp_path)
        second = link(article_dataset(), online=True, client=second_client,
                      endpoints=_endpoints(url))  # fmt: skip
    assert made > 0
    assert len(state.requests) == made and second_client.requests_made == 0
    assert first.candidates == second.candidates


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    sleeps: list[float] = []
    with wikidata_server(ServerState(fail_first_with_429=1, retry_after="2")) as (url, state):
        client = _client(tmp_path, sleeps)
        hits = client.get_json(f"{url}/w/api.php", {"search": "Almaty", "language": "en"})
    assert sleeps == [2.0]
    assert len(state.requests) == 2 and hits.body["search"][0]["id"] == "Q35493"


def test_corrupt_cache_file_is_refetched_with_a_warning(tmp_path: Path) -> None:
    with wikidata_server() as (url, state):
        _client(tmp_path).get_json(f"{url}/w/api.php", {"search": "Almaty", "language": "en"})
        (cached,) = tmp_path.glob("*.json")
        cached.write_text("{ not json", encoding="utf-8")
        client = _client(tmp_path)
        again = client.get_json(f"{url}/w/api.php", {"search": "Almaty", "language": "en"})
    assert again.body["search"][0]["id"] == "Q35493"
    assert len(state.requests) == 2
    assert len(client.warnings) == 1 and "corrupt cache file" in client.warnings[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_refused_connection_keeps_offline_links(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    offline = link(article_dataset())
    online = link(
        article_dataset(), online=True, client=_client(tmp_path), endpoints=_endpoints(url)
    )
    assert online.accepted() == offline.accepted()
    assert len(online.warnings) == 1
    assert "online reconciliation stopped" in online.warnings[0]
    assert "offline links" in online.warnings[0]


def test_read_timeout_is_a_clear_error(tmp_path: Path) -> None:
    with wikidata_server(ServerState(hang=1.0)) as (url, _):
        client = PoliteClient(cache_dir=tmp_path, min_interval=0.0, read_timeout=0.2)
        try:
            client.get_json(f"{url}/w/api.php", {"search": "Almaty"})
        except ReconciliationError as exc:
            assert "timed out" in str(exc)
        else:
            raise AssertionError("no timeout")
