"""cica_kg.rdfinput: every RDF file a user gives is read bounded, strictly, fetching nothing.

Each attack runs through the command line in-process and must end in one line
``cica-kg: error: ...`` with exit code 2, fast (decision 0084). The W3C subset under
``tests/data/w3c/`` (its README names the source) checks that valid files are still read.
"""

from __future__ import annotations

import csv
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph

from cica_kg.analytics import read_dataset
from cica_kg.cli import main
from cica_kg.errors import InputError, ResourceError
from cica_kg.rdfinput import parse_file, rdf_format, read_input

W3C = Path(__file__).parent / "data" / "w3c"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

_WATCHED: set[str] = set()
_OPENED: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and str(args[0]) in _WATCHED:
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)  # records only the paths a test puts in _WATCHED


def one_line_error(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    """The single error line on stderr (no traceback), checked to contain ``words``."""
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cica-kg: error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def run_fast(argv: list[str], *, limit: float = 10.0) -> int:
    """``main(argv)``, asserted to finish within ``limit`` seconds."""
    start = time.monotonic()
    code = main(argv)
    assert time.monotonic() - start < limit
    return code


@pytest.fixture
def silent_server() -> Iterator[tuple[str, list[int]]]:
    """A loopback HTTP "server" that accepts connections, counts them and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.1)
    connections = [0]
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
                connections[0] += 1
            except OSError:  # timeout: look at the stop flag again
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", connections
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


# --- 1. XML entities ---------------------------------------------------------------------

def _laughs() -> str:
    entities = ['<!ENTITY a0 "aaaaaaaaaa">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 8)
    ]
    return _rdfxml("<!DOCTYPE rdf:RDF [\n" + "\n".join(entities) + "\n]>", "&a7;")


def _rdfxml(doctype: str, value: str) -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n<rdf:RDF xmlns:rdf="{RDF}" '
            'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/s">'
            f"<ex:p>{value}</ex:p></rdf:Description>\n</rdf:RDF>\n")  # fmt: skip


def test_billion_laughs_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "laughs.rdf"
    bomb.write_text(_laughs(), encoding="utf-8")
    assert len(bomb.read_bytes()) < 1000
    for argv in (["validate", "--graph", str(bomb)], ["stats", "--graph", str(bomb)],
                 ["export", "--input", str(bomb), "--format", "nt"]):  # fmt: skip
        assert run_fast(argv) == 2
        one_line_error(capsys, "laughs.rdf", "<!ENTITY", "remove the DOCTYPE")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
        '<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/">]>',
        '<!DOCTYPE rdf:RDF [<!NOTATION n SYSTEM "x"><!ENTITY u SYSTEM "y" NDATA n>]>',
    ],
    ids=["external", "parameter", "plain", "unparsed"],
)
def test_every_entity_declaration_is_refused(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "entity.rdf"
    path.write_text(_rdfxml(doctype, "x"), encoding="utf-8")
    with pytest.raises(InputError, match="entity declarations"):
        parse_file(path, Graph(), fmt="xml")


def test_entities_are_found_in_utf16_documents(tmp_path: Path) -> None:
    path = tmp_path / "utf16.rdf"
    text = _laughs().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16"))
    with pytest.raises(InputError, match="entity declarations"):
        parse_file(path, Graph(), fmt="xml")


def test_a_doctype_without_entities_is_read_and_its_dtd_never_fetched(
    tmp_path: Path, silent_server: tuple[str, list[int]]
) -> None:
    url, connections = silent_server
    path = tmp_path / "dtd.rdf"
    path.write_text(_rdfxml(f'<!DOCTYPE rdf:RDF SYSTEM "{url}/rdf.dtd">', "x"), encoding="utf-8")
    assert len(parse_file(path, Graph(), fmt="xml")) == 1
    assert connections == [0]


# --- 2. JSON-LD contexts -----------------------------------------------------------------

def _jsonld(context: str) -> str:
    return f'{{"@context": {context}, "@id": "http://example.org/s", "name": "x"}}\n'


@pytest.mark.parametrize(
    "context",
    [
        '"{url}/context.jsonld"',
        '["{url}/context.jsonld", {{"name": "http://example.org/name"}}]',
        '{{"@import": "{url}/import.jsonld", "name": "http://example.org/name"}}',
        '{{"name": {{"@id": "http://example.org/name", "@context": "{url}/scoped.jsonld"}}}}',
    ],
    ids=["url", "list", "import", "scoped"],
)
def test_remote_contexts_are_never_fetched(
    tmp_path: Path, silent_server: tuple[str, list[int]], context: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    url, connections = silent_server
    path = tmp_path / "remote.jsonld"
    path.write_text(_jsonld(context.format(url=url)), encoding="utf-8")
    for argv in (["export", "--input", str(path), "--format", "nt"],
                 ["validate", "--graph", str(path)], ["stats", "--graph", str(path)]):  # fmt: skip
        assert run_fast(argv) == 2
        one_line_error(capsys, "remote.jsonld", url, "not inline")
    assert connections == [0]


def test_file_contexts_are_never_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "context.jsonld"
    secret.write_text('{"@context": {"name": "http://example.org/name"}}', encoding="utf-8")
    path = tmp_path / "local.jsonld"
    path.write_text(_jsonld(f'"{secret.as_uri()}"'), encoding="utf-8")
    _WATCHED.add(str(secret))
    try:
        assert run_fast(["export", "--input", str(path), "--format", "nt"]) == 2
    finally:
        _WATCHED.discard(str(secret))
    one_line_error(capsys, secret.as_uri(), "not inline")
    assert _OPENED == []


def test_inline_contexts_are_read(tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    path.write_text(_jsonld('{"name": "http://example.org/name"}'), encoding="utf-8")
    assert len(parse_file(path, Dataset(), fmt="json-ld")) == 1


def test_jsonld_statements_with_malformed_iris_are_dropped(tmp_path: Path) -> None:
    """As JSON-LD's conversion to RDF says (W3C toRdf wf02); rdflib would keep them."""
    path = tmp_path / "iris.jsonld"
    path.write_text('{"@id": "http://e/g", "@graph": [{"@id": "http://e/s", "http://e/p": "ok",'
                    ' "http://e/a b": "dropped"}]}', encoding="utf-8")  # fmt: skip
    dataset = parse_file(path, Dataset(), fmt="json-ld")
    assert [str(o) for _s, _p, o, _g in dataset.quads((None, None, None, None))] == ["ok"]


# --- 5. what may be read -----------------------------------------------------------------

@pytest.mark.parametrize("option", ["--shapes", "--graph"])
def test_dev_zero_is_refused_not_read(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://e/s> <http://e/p> <http://e/o> .\n", encoding="utf-8")
    assert run_fast(["validate", "--graph", str(graph), option, "/dev/zero"]) == 2
    one_line_error(capsys, "/dev/zero", "not a regular file")


def test_a_fifo_is_refused_without_blocking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "graph.trig"
    os.mkfifo(fifo)
    for argv in (
        ["export", "--input", str(fifo), "--format", "nt"],
        ["stats", "--graph", str(fifo)],
        ["graph", "rank", "--graph", str(fifo)],
    ):
        assert run_fast(argv) == 2
        one_line_error(capsys, "graph.trig", "not a regular file")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_dataset(tmp_path)


def test_files_over_the_limit_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text("<http://e/s> <http://e/p> <http://e/o> .\n", encoding="utf-8")
    assert read_input(path, limit=100) == path.read_bytes()
    with pytest.raises(ResourceError, match="larger than 10 bytes, the input limit"):
        parse_file(path, Graph(), fmt="turtle", limit=10, error=ResourceError)


def test_formats_cica_kg_does_not_read_are_named(tmp_path: Path) -> None:
    assert rdf_format(tmp_path / "x.nq", default="trig") == "nquads"
    assert rdf_format(tmp_path / "x.data", default="trig") == "trig"
    with pytest.raises(InputError, match="n3 files are not read; convert it"):
        rdf_format(tmp_path / "x.n3", default="trig")


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://e/> .\n\nex:s ex:p zz:o .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl line 3: not valid turtle \(.*zz"):
        parse_file(path, Graph(), fmt="turtle")


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf<http://e/s> <http://e/p> <http://e/o> .\n")
    assert len(parse_file(path, Graph(), fmt="turtle")) == 1


# --- 7. the W3C syntax tests -------------------------------------------------------------

def _w3c_rows() -> list[dict[str, str]]:
    with (W3C / "tests.tsv").open(encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table, delimiter="\t"))


def _w3c_cases() -> list[Any]:
    known = {"rdf-n-triples/minimal_whitespace.nt": "rdflib's N-Triples parser needs spaces"}
    cases = []
    for row in _w3c_rows():
        reason = known.get(row["file"])
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        cases.append(pytest.param(row["kind"], row["file"], marks=marks,
                                  id=f"{row['kind']}:{row['test']}"))  # fmt: skip
    return cases


@pytest.mark.parametrize(("kind", "file"), _w3c_cases())
def test_w3c_syntax(kind: str, file: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = W3C / file
    code = main(["export", "--input", str(path), "--format", "nquads", "--graph", "all"])
    if kind == "positive":
        assert code == 0, capsys.readouterr().err
        return
    assert code == 2
    line = one_line_error(capsys, path.name)
    assert ("not inline" in line) == (kind == "refused")


def test_the_w3c_subset_covers_every_format_both_ways() -> None:
    rows = _w3c_rows()
    kinds = {(row["format"], row["kind"]) for row in rows}
    formats = {"rdf-turtle", "rdf-trig", "rdf-n-triples", "rdf-n-quads", "rdf-xml", "json-ld"}
    assert {(f, k) for f in formats for k in ("positive", "negative")} <= kinds
    assert all((W3C / row["file"]).is_file() for row in rows)
