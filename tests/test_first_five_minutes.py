"""What a new user meets first (issue 10): next steps after a build, parameter examples,
compact JSON-LD, validating the published file, federated queries without network."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.cli.build import next_steps


def test_the_build_summary_says_what_to_do_next(
    tiny_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "activate").write_text("")
    (venv / "cica-kg").write_text("")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [str(venv / "cica-kg"), "build"])
    monkeypatch.setenv("PATH", "/nonexistent")
    text = next_steps()
    assert ".venv/bin/cica-kg query --list" in text and ".venv/bin/cica-kg serve" in text
    assert ". .venv/bin/activate" in text


def test_on_path_the_next_steps_say_plain_cica_kg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["pytest"])
    assert next_steps().split()[1:3] == ["cica-kg", "query"]


def test_query_list_shows_each_parameter_with_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["query", "--list"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "[--param country=Kazakhstan (string)]" in lines["cq09"]
    assert "--param 'name=Xi Jinping' (entity)" in lines["cq11"]
    assert "--param year=2014 (xsd:integer)" in lines["cq17"]


def test_a_missing_parameter_error_gives_an_example(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "cq09", "--store", str(seed_build / "store")]) == 2
    err = capsys.readouterr().err
    assert "missing parameter country" in err and "e.g. --param country=Kazakhstan" in err
    assert len(err.strip().splitlines()) == 1


def test_export_jsonld_is_compact_with_the_project_context(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyoxigraph as ox
    from rdflib import Graph

    assert main(["export", "--format", "jsonld", "--input", str(seed_build / "cica.trig")]) == 0
    text = capsys.readouterr().out
    document = json.loads(text)
    assert document["@context"]["schema"] == "https://schema.org/"
    assert any(node.get("@type") == "cica:Body" for node in document["@graph"])
    reference = Graph().parse(seed_build / "cica.ttl")
    quads = set(ox.parse(text.encode(), ox.RdfFormat.JSON_LD))  # the facts, as a named graph
    assert len(quads) == len(reference)


def test_validating_the_published_facts_file_does_not_ask_for_evidence(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--graph", str(seed_build / "cica.ttl")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Note: cica.ttl holds the facts without their evidence graph")
    assert "Entity-evidence), " not in out  # no finding of the evidence shape
    assert main(["validate", "--graph", str(seed_build / "cica.trig")]) == 0
    assert not capsys.readouterr().out.startswith("Note:")


def test_a_federated_query_without_network_is_one_line_exit_2(
    seed_build: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = main(["query", "fed01", "--store", str(seed_build / "store"),
                 "--allow-service", "wikidata", "--request-interval", "0",
                 "--service-url", f"wikidata=http://127.0.0.1:{port}/sparql"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith(f"cica-kg: error: cannot reach 127.0.0.1:{port} (")
    assert len(err.strip().splitlines()) == 1
