"""Reviewed and online links survive ``cica-kg link`` and a rebuild (decision 0078).

``cica-kg link`` rewrites every output carrying the linkset (cica.trig, linkset.trig,
void.ttl, validation.txt, store/) all or nothing; ``cica-kg build`` applies
``--decisions FILE`` or ``linking/decisions.csv`` and replays cached online answers.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from rdflib import OWL, VOID, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import cica_kg.extract
import cica_kg.validate
import cli_fakes
from cica_kg.cli import main
from cica_kg.iris import LINKSET_GRAPH
from cica_kg.link.external import CICA_IRI
from cica_kg.link.linkset import linkset_iri
from cica_kg.store.oxigraph import open_store
from wikidata_server import wikidata_server

Q605501 = URIRef("http://www.wikidata.org/entity/Q605501")
CICA = "Conference on Interaction and Confidence-Building Measures in Asia"
HEADER = "entity,dataset,candidate,decision,note\n"
OUTPUTS = ("cica.ttl", "cica.trig", "linkset.trig", "void.ttl", "validation.txt")


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-article corpus from the fake extractor; the working directory is ``tmp_path``."""
    monkeypatch.setattr(cica_kg.extract, "extract", cli_fakes.fake_extract, raising=False)
    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    return source


@pytest.fixture
def built(tiny: Path, tiny_build_copy: Path) -> Path:
    """``cica-kg build`` of ``tiny`` into ``tmp_path / "out"`` (a copy of the session's)."""
    return tiny_build_copy


def _decisions(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _assert_cica_accepted(out: Path, *, accepted: bool = True) -> None:
    """cica.trig, linkset.trig, void.ttl and the store agree on CICA owl:sameAs Q605501."""
    link = (URIRef(CICA_IRI), OWL.sameAs, Q605501)
    trig = Dataset()
    trig.parse(out / "cica.trig", format="trig")
    linkset = Dataset()
    linkset.parse(out / "linkset.trig", format="trig")
    assert isomorphic(trig.graph(LINKSET_GRAPH), linkset.graph(LINKSET_GRAPH))
    assert (link in trig.graph(LINKSET_GRAPH)) is accepted
    void = Graph().parse(out / "void.ttl", format="turtle")
    wikidata = [o for s, o in linkset.graph(LINKSET_GRAPH).subject_objects(OWL.sameAs)
                if str(o).startswith("http://www.wikidata.org/")]  # fmt: skip
    assert (linkset_iri("wikidata"), VOID.triples, Literal(len(wikidata))) in void
    store = open_store(out / "store")
    ask = f"ASK {{ GRAPH <{LINKSET_GRAPH}> {{ <{CICA_IRI}> <{OWL.sameAs}> <{Q605501}> }} }}"
    assert bool(store.query(ask)) is accepted
    del store


def test_link_with_decisions_updates_every_output(built: Path, tmp_path: Path) -> None:
    out = built
    _assert_cica_accepted(out, accepted=False)  # needs review: a single unconfirmed row
    reviewed = _decisions(tmp_path / "reviewed.csv", f"{CICA},wikidata,Q605501,accept,ok\n")
    assert main(["link", "--out", str(out), "--decisions", str(reviewed)]) == 0
    _assert_cica_accepted(out)


def test_rebuild_applies_the_default_decisions_file(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _decisions(tmp_path / "linking" / "decisions.csv", f"{CICA},wikidata,Q605501,accept,ok\n")
    out = tmp_path / "out"
    assert main(["build", str(tiny), "--out", str(out)]) == 0
    links = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("links"))
    assert "decisions linking/decisions.csv (1 applied)" in links
    _assert_cica_accepted(out)
    assert main(["link", "--out", str(out)]) == 0  # the same file: nothing accepted is lost
    _assert_cica_accepted(out)
    assert main(["build", str(tiny), "--out", str(out), "--no-decisions"]) == 0
    _assert_cica_accepted(out, accepted=False)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Atlantis,wikidata,Q1,accept,\n", "decisions.csv:2: unknown entity 'Atlantis'"),
        (f"{CICA},wikidata,Q60x5501,accept,\n", "decisions.csv:2: 'Q60x5501' is not a Wikidata"),
    ],
)
@pytest.mark.parametrize("command", ["build", "link"])
def test_bad_decisions_file_exits_2_and_leaves_the_outputs_untouched(
    tiny: Path, built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    command: str, line: str, message: str,
) -> None:  # fmt: skip
    out = built
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    store_before = (out / "store" / "cica-kg-store.json").read_bytes()
    bad = _decisions(tmp_path / "decisions.csv", line)
    args = [str(tiny)] if command == "build" else []
    capsys.readouterr()
    assert main([command, *args, "--out", str(out), "--decisions", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cica-kg: error: ") and message in err
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert (out / "store" / "cica-kg-store.json").read_bytes() == store_before


def test_missing_decisions_file_is_an_input_error(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(tiny), "--out", str(tmp_path / "out"),
                 "--decisions", "nowhere.csv"]) == 2  # fmt: skip
    assert "nowhere.csv: no such decisions file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_rebuild_replays_cached_online_answers_without_a_request(
    tiny: Path, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = built
    with wikidata_server() as (url, state):
        hidden = ["--wikidata-api", f"{url}/w/api.php", "--wikidata-sparql", f"{url}/sparql",
                  "--request-interval", "0"]  # fmt: skip
        assert main(["link", "--online", "--out", str(out), *hidden]) == 0
    assert state.requests
    _assert_cica_accepted(out)  # online corroborates the unconfirmed table row
    before = (out / "cica.trig").read_bytes()
    capsys.readouterr()
    # Same endpoints (the cache is keyed by URL), but nothing listens there any more:
    # a request would fail with a warning.
    replay = ["--wikidata-api", f"{url}/w/api.php", "--wikidata-sparql", f"{url}/sparql"]
    assert main(["build", str(tiny), "--out", str(out), *replay]) == 0
    captured = capsys.readouterr()
    assert "online answers replayed from" in captured.out and "warning" not in captured.err
    _assert_cica_accepted(out)
    assert (out / "cica.trig").read_bytes() == before
    assert main(["build", str(tiny), "--out", str(out), "--offline-only", *replay]) == 0
    _assert_cica_accepted(out, accepted=False)


def test_replay_of_an_unsearched_entity_warns_and_makes_no_request(tmp_path: Path) -> None:
    from cica_kg.httpclient import PoliteClient
    from cica_kg.link import link
    from cica_kg.link.wikidata import Endpoints
    from linking_fixtures import article_dataset

    (tmp_path / "unrelated.json").write_text("{}", encoding="utf-8")
    client = PoliteClient(cache_dir=tmp_path, offline=True)
    dead = _refused_url()
    result = link(article_dataset(), online=True, client=client,
                  endpoints=Endpoints(f"{dead}/w/api.php", f"{dead}/sparql"))  # fmt: skip
    assert client.requests_made == 0
    assert any("no cached online answer" in w and "cica-kg link --online" in w
               for w in result.warnings)  # fmt: skip
    assert result.accepted() == link(article_dataset()).accepted()


def test_store_is_not_created_by_link_when_the_build_made_none(tmp_path: Path) -> None:
    from linking_fixtures import ARTICLE

    (tmp_path / "cica.trig").write_bytes(ARTICLE.read_bytes())
    assert main(["link", "--out", str(tmp_path), "--no-decisions"]) == 0
    assert not (tmp_path / "store").exists()
    assert all((tmp_path / name).is_file() for name in OUTPUTS)
