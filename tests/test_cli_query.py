"""``cica-kg query``: output, exit codes and one-line errors for bad input."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cica_kg.cli import main
from cica_kg.store.oxigraph import load_store
from test_worker import gone, worker_of
from wikidata_server import canned_server

MINI = Path(__file__).parent / "data" / "query-mini.trig"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
DEEP = "SELECT * WHERE " + "{" * 20_000 + " ?s ?p ?o " + "}" * 20_000
DEEPER = "ASK " + "{" * 200_000 + "}" * 200_000


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
    assert names == [f"cq{n:02d}" for n in range(1, 19)] + ["fed01", "fed02"]
    assert all("--allow-service wikidata" in line for line in lines if line.startswith("fed"))
    assert any("--param country=Kazakhstan (string)" in line for line in lines)


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
        (["query", "-e", "ASK {}", "--timeout", "nan"], "--timeout nan: expected a number"),
        (["query", "-e", "ASK {}", "--timeout", "inf"], "--timeout inf: expected a number"),
        (["query", "-e", "ASK {}", "--timeout", "-1"], "--timeout -1.0: expected a number"),
        (["query", "-e", "ASK {}", "--limit", "0"], "--limit 0: expected a number of rows >= 1"),
        (["query", "-e", "ASK {}", "--limit", "-1"], "--limit -1: expected a number of rows"),
        (["query", "-e", "ASK {}", "--memory", "-1"], "--memory -1: expected a number of"),
        (["query", "-e", DEEP, "--timeout", "0"], "brackets nest more than 64 deep (the limit)"),
        (["query", "-e", DEEPER, "--timeout", "0"], "brackets nest more than 64 deep (the limit)"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    store: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--store", store]) == 2
    assert message in _error(capsys)


@pytest.mark.parametrize(
    ("declared", "value"),
    [("xsd:gYear", "twenty"), ("xsd:date", "2020-02-30"), ("xsd:date", "2021-02-29"),
     ("xsd:dateTime", "2020-04-31T10:00:00"), ("xsd:double", "1e")],
)  # fmt: skip
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_wrong_parameter_type_exit_2(
    tmp_path: Path,
    store: str,
    capfd: pytest.CaptureFixture[str],
    declared: str,
    value: str,
    engine: str,
) -> None:
    rq = tmp_path / "year.rq"
    rq.write_text(f"# param x: {declared}\nSELECT ?x WHERE {{ BIND(?x AS ?y) }} ORDER BY ?x\n")
    assert main(["query", str(rq), "-p", f"x={value}", "--store", store, "--engine", engine]) == 2
    assert f"not a valid {declared} value" in _error(capfd)  # one line: no rdflib traceback


def test_a_real_day_is_a_valid_date(store: str, tmp_path: Path) -> None:
    rq = tmp_path / "date.rq"
    rq.write_text("# param d: xsd:date\nSELECT ?d WHERE { BIND(?d AS ?e) } ORDER BY ?d\n")
    for day in ("2020-02-29", "2000-02-29", "2019-12-31Z"):
        assert main(["query", str(rq), "-p", f"d={day}", "--store", store, "-f", "csv"]) == 0


# --- time and memory limits, signals ----------------------------------------------------------


def test_a_huge_query_is_checked_within_the_time_limit(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "SELECT * WHERE { " + "?s ?p ?o . " * 900_000 + "}"  # 10 MB
    started = time.monotonic()
    assert main(["query", "-e", huge, "--store", store, "--timeout", "2"]) == 2
    assert time.monotonic() - started < 6
    assert "stopped after 2 s (the time limit)" in _error(capsys)


def test_a_query_that_needs_too_much_memory_is_stopped(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    binds = ['BIND("' + "x" * 1024 + '" AS ?a0)']
    binds += [f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(24)]  # 16 GB of text
    query = "SELECT (STRLEN(?a24) AS ?n) WHERE { " + " ".join(binds) + " }"
    for engine in ("oxigraph", "rdflib"):
        argv = ["query", "-e", query, "--store", store, "--memory", "1000", "--engine", engine]
        assert main([*argv, "--timeout", "0"]) == 2
        assert "needed more memory than its limit (1000 MB)" in _error(capsys)


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from cica_kg.cli import main; sys.exit(main())", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
        preexec_fn=_default_sigint,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    ("timeout", "how", "code"),
    [("0", "Ctrl-C", 130), ("30", "Ctrl-C", 130), ("30", "SIGTERM", -signal.SIGTERM)],
)
def test_an_interrupted_query_stops_its_worker(
    store: str, timeout: str, how: str, code: int
) -> None:
    parent = _cli("query", "-e", SLOW, "--store", store, "--timeout", timeout)
    try:
        worker = worker_of(parent.pid)
        time.sleep(0.5)  # well into the query
        if how == "Ctrl-C":  # the terminal signals the whole foreground group
            os.killpg(parent.pid, signal.SIGINT)
        else:
            os.kill(parent.pid, signal.SIGTERM)
        assert parent.wait(timeout=5) == code
        assert gone(worker), f"the worker outlived `cica-kg query` ({how}, --timeout {timeout})"
        if how == "Ctrl-C":
            assert parent.communicate()[1] == "cica-kg: interrupted\n"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)


# --- what an endpoint answers -------------------------------------------------------------------


def _rows(count: int) -> Iterator[bytes]:
    yield b'{"head": {"vars": ["s"]}, "results": {"bindings": ['
    row = b'{"s": {"type": "literal", "value": "' + b"x" * 1000 + b'"}}'
    for number in range(count):
        yield (b"," if number else b"") + row
    yield b"]}}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>garbage</html>", "the endpoint's answer is not SPARQL JSON results"),
        (b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": 5}]}}',
         "not SPARQL JSON results (RDF terms must be encoded using objects)"),
        (b'{"boolean": true}', "answered a SELECT query with yes or no"),
        (b'{"results": 1}', "not SPARQL JSON results"),
        (lambda: _rows(225_000), "the endpoint's answer is larger than 64 MB; refused"),
    ],
)  # fmt: skip
def test_a_bad_endpoint_answer_is_one_line_exit_2(
    body: object, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with canned_server(body) as (url, seen):  # type: ignore[arg-type]
        code = main(["query", "-e", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2", "--endpoint", url])
    assert code == 2 and message in _error(capsys) and len(seen.requests) == 1


def test_an_endpoint_answer_is_parsed_only_up_to_the_row_cap(
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = b"".join(_rows(20_000))
    assert json.loads(body)["results"]["bindings"][19_999]["s"]["type"] == "literal"
    with canned_server(body) as (url, _seen):
        query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 2"
        assert main(["query", "-e", query, "--endpoint", url, "--limit", "2", "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 3 and "truncated at 2 rows" in captured.err


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


def _default_sigint() -> None:
    """Ctrl-C as a terminal delivers it: a test runner (pytest-xdist) may start its workers
    with SIGINT ignored, and an ignored signal stays ignored in every child it starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_query_command_imports_only_what_it_runs(store: str) -> None:
    """The parent process of a query loads neither the text helpers it does not render with
    nor the modules of other commands (decision 0136); the worker loads the engine."""
    code = (
        "import sys; from cica_kg.cli import main; "
        f"rc = main(['query', 'cq04', '--store', {store!r}]); "
        "unused = ('cica_kg.text.dates', 'cica_kg.text.lang', 'cica_kg.model', 'cica_kg.files', "
        "'cica_kg.query.engines', 'cica_kg.cli.build', 'difflib', 'traceback'); "
        "print(rc, [m for m in unused if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "0 []"


def test_lazy_package_names_are_the_modules_names() -> None:
    import cica_kg.query
    import cica_kg.text
    from cica_kg.query import catalog, render, run_query
    from cica_kg.query.runner import run_query as runner_run_query
    from cica_kg.text import find_dates, geonames, table_lines
    from cica_kg.text.dates import find_dates as dates_find_dates
    from cica_kg.text.display import table_lines as display_table_lines

    assert render is sys.modules["cica_kg.query.render"].render  # the function, not the module
    assert run_query is runner_run_query and catalog.resolve is cica_kg.query.resolve
    assert find_dates is dates_find_dates and table_lines is display_table_lines
    assert geonames.__name__ == "cica_kg.text.geonames"
    assert set(cica_kg.query.__all__) <= set(dir(cica_kg.query))
    assert set(cica_kg.text.__all__) == set(cica_kg.text._HOMES) <= set(dir(cica_kg.text))
    with pytest.raises(AttributeError):
        cica_kg.text.no_such_name  # noqa: B018


def test_the_query_is_checked_before_a_broken_store_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worker opens the store while it checks the query; the check still speaks first."""
    broken = load_store(MINI, tmp_path / "store")
    (broken / "CURRENT").write_text("garbage")
    assert main(["query", "-e", "DELETE WHERE { ?s ?p ?o }", "--store", str(broken)]) == 2
    assert "the store cannot be opened" not in _error(capsys)
    assert main(["query", "cq04", "--engine", "rdflib", "--store", str(broken)]) == 2
    assert "the store cannot be opened" in _error(capsys)
