"""``cica-kg query``: output, exit codes and one-line errors for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.store.oxigraph import load_store

MINI = Path(__file__).parent / "data" / "query-mini.trig"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(load_store(MINI, tmp_path_factory.mktemp("cli") / "store"))


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # exactly one line
    assert err.startswith("cica-kg: error: ")
    return err


def test_list_shows_every_shipped_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines]
    assert names == [f"cq{n:02d}" for n in range(1, 18)] + ["fed01", "fed02"]
    assert all("--allow-service wikidata" in line for line in lines if line.startswith("fed"))
    assert any("--param country=<string>" in line for line in lines)


def test_table_shows_labels(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT ?city ?state WHERE { ?city <https://schema.org/containedInPlace> ?state }"
    assert main(["query", "-e", query, "--store", store, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "阿拉木图" in out and "哈萨克斯坦" in out and "https://" not in out


def test_csv_to_a_file(store: str, tmp_path: Path) -> None:
    target = tmp_path / "cities.csv"
    query = "SELECT ?city WHERE { ?city a <https://schema.org/City> } ORDER BY ?city"
    assert main(["query", "-e", query, "--store", store, "-f", "csv", "-o", str(target)]) == 0
    assert target.read_bytes() == b"city\r\nhttps://w3id.org/cica-kg/id/city/almaty\r\n"


def test_ask_no_is_a_negative_answer(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "-e", "ASK { ?s a <https://schema.org/Country> }", "--store", store]) == 1
    assert capsys.readouterr().out == "no\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "cq99"], "unknown query 'cq99'"),
        (["query", "-e", "SELECT ?s WHERE {\n ?s ?p \n}"], "-e:3:"),
        (["query", "-e", "SELECT * FROM <http://x> WHERE { ?s ?p ?o }"], "-e:1:10: FROM"),
        (["query", "cq09", "--param", "country"], "expected NAME=VALUE"),
        (["query", "cq09"], "missing parameter country; declared parameters: country (string)"),
        (["query", "-e", SLOW, "--timeout", "0.3"], "stopped after 0.3 s"),
        (["query", "-e", "ASK {}", "--format", "yaml"], "--format yaml"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    store: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--store", store]) == 2
    assert message in _error(capsys)


def test_wrong_parameter_type_exit_2(
    tmp_path: Path, store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rq = tmp_path / "year.rq"
    rq.write_text("# param year: xsd:gYear\nSELECT ?year WHERE { ?s ?p ?year } ORDER BY ?year\n")
    assert main(["query", str(rq), "-p", "year=twenty", "--store", store]) == 2
    assert "not a valid xsd:gYear value" in _error(capsys)


def test_missing_store_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "cq04", "--store", str(tmp_path / "none")]) == 2
    assert "run `cica-kg build` first" in _error(capsys)


def test_corrupt_store_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = load_store(MINI, tmp_path / "store")
    (broken / "CURRENT").write_text("garbage")
    assert main(["query", "cq04", "--store", str(broken)]) == 2
    assert "the store cannot be opened" in _error(capsys)


def test_unwritable_output_exit_2(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-dir" / "out.csv"
    assert main(["query", "-e", "ASK {}", "--store", store, "-o", str(target)]) == 2
    assert "cannot write" in _error(capsys)


def test_query_command_keeps_heavy_libraries_out(store: str) -> None:
    code = (
        "import sys; from cica_kg.cli import main; "
        f"rc = main(['query', '-e', 'ASK {{ ?s ?p ?o }}', '--store', {store!r}]); "
        "heavy = [m for m in ('rdflib', 'pyshacl', 'spacy', 'owlrl') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "0 []"
