"""Refusal by what the engine executes: SERVICE, FROM and updates however they are spelled.

Every attack runs through ``cica-kg query`` in-process against the mini store, with a loopback
server standing for any endpoint a SERVICE could reach and a local file standing for any file
a FROM could read. Nothing may reach the server, the file's content may never be printed,
and the file may never be opened (an audit hook, inherited by the forked worker, watches).
See docs/decisions/0083-query-refusal-by-parse.md.
"""

from __future__ import annotations

import io
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_kg.cli import main
from cica_kg.query.lexer import QuerySyntaxError, oxigraph_view, rdflib_text, tokenize
from cica_kg.query.safety import MAX_NESTING, UnsafeQueryError, check_safe, scan
from cica_kg.query.sandbox import prepare, second_opinion
from cica_kg.store.oxigraph import load_store
from wikidata_server import ServerState, canned_server

MINI = Path(__file__).parent / "data" / "query-mini.trig"
WIKIDATA = "https://query.wikidata.org/sparql"


@dataclass
class Target:
    """What an attack aims at: a loopback endpoint, a secret file, and what saw them."""

    evil: str  # base URL of the server no request may reach
    evil_seen: ServerState
    allowed: str  # base URL of the server standing in for Wikidata (it may be called)
    secret: Path  # an N-Triples file whose marker may never be printed
    marker: str
    opened: Path  # the audit hook writes here whenever the secret file is opened
    store: str


_WATCH: dict[str, object] = {}


def _audit(event: str, args: tuple[object, ...]) -> None:
    """Record an ``open`` of the watched file (runs in the forked worker too)."""
    fd, needle = _WATCH.get("fd"), _WATCH.get("needle")
    if event != "open" or not isinstance(fd, int) or not isinstance(needle, str) or not args:
        return
    path = args[0]
    if isinstance(path, (str, bytes, os.PathLike)) and needle in os.fsdecode(path):
        os.write(fd, b"opened\n")


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    root = tmp_path_factory.mktemp("attack")
    marker = f"SECRET-MARKER-{uuid.uuid4().hex}"
    secret = root / f"secret-marker-{uuid.uuid4().hex[:8]}.nt"
    secret.write_text(f'<urn:x:s> <urn:x:p> "{marker}" .\n', encoding="utf-8")
    opened = root / "opened.log"
    opened.write_bytes(b"")
    if "hooked" not in _WATCH:  # audit hooks cannot be removed: one per process
        sys.addaudithook(_audit)
        _WATCH["hooked"] = True
    _WATCH["fd"] = os.open(opened, os.O_WRONLY | os.O_APPEND)
    _WATCH["needle"] = secret.name
    store = str(load_store(MINI, root / "store"))
    try:
        with canned_server() as (evil, seen), canned_server() as (allowed, _):
            yield Target(evil, seen, allowed, secret, marker, opened, store)
    finally:
        os.close(int(str(_WATCH.pop("fd"))))
        _WATCH.pop("needle")


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def attack(target: Target, query: str, *extra: str) -> tuple[int, str]:
    """Run ``query``; assert nothing reached the server or the file; the exit code and stderr."""
    target.evil_seen.requests.clear()
    os.truncate(target.opened, 0)
    code, out, err = cli(["query", "-e", query, "--store", target.store, *extra])
    assert target.evil_seen.requests == [], f"a request reached {target.evil}: {query!r}"
    assert target.marker not in out + err, f"the secret file was printed: {query!r}"
    assert target.opened.read_bytes() == b"", f"the secret file was opened: {query!r}"
    assert code in (0, 1, 2), f"exit {code} (internal error?) for {query!r}: {err}"
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("cica-kg: error: "), err
    return code, err


# --- the attacks of the issue, and those found while fixing it -------------------------------

ALLOW = ("--allow-service", "wikidata", "--service-url", "wikidata={allowed}/sparql")
CASES = [
    # (T1) Oxigraph ends a comment at a lone CR; the old tokenizer read on to LF
    ("T1", "SELECT * WHERE { # c\r SERVICE <{evil}/sparql> { ?s ?p ?o } \n}", (), "SERVICE <"),
    # (T2) rdflib decodes \u escapes before parsing
    ("T2", r"SELECT * WHERE { \u0053ERVICE <{evil}/sparql> { ?s ?p ?o } }", ("--engine", "rdflib"),
     "SERVICE <"),
    ("T2", r"SELECT * \u0046ROM <file://{secret}> WHERE { ?s ?p ?o }", ("--engine", "rdflib"),
     "FROM would load"),
    ("T2", r"SELECT * WHERE { SERVICE <\u0068ttp://{evil_host}/sparql> { ?s ?p ?o } }", (),
     "SERVICE <http://"),
    # (T3) Oxigraph needs no space after a keyword
    ("T3", "SELECT * WHERE { SERVICESILENT<{evil}/sparql> { ?s ?p ?o } }", (), "SERVICE <"),
    ("T3", "PREFIX ex: <{evil}/> SELECT * WHERE { SERVICEex:sparql { ?s ?p ?o } }", (),
     "SERVICEex:sparql reads as the keyword SERVICE"),
    ("T3", "SELECT * WHERE { VALUES ?x { 1 } ?x ?p trueSERVICE<{evil}/sparql> {} }", (),
     "trueSERVICE reads as the keyword SERVICE"),
    ("T3", "SELECT * FROMNAMED<file://{secret}> WHERE { ?s ?p ?o }", ("--engine", "rdflib"),
     "FROMNAMED reads as the keyword FROM"),
    # (T4) rdflib calls the address of the first SERVICE text anywhere, a string included
    ("T4", 'SELECT * WHERE { BIND("SERVICE <{evil}/sparql> { ?a ?b ?c }" AS ?x) '
     f"SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}", ALLOW, "rdflib takes the address"),
    # updates and LOAD never run
    ("update", "LOAD <file://{secret}>", ("--engine", "rdflib"), "LOAD is SPARQL Update"),
    ("update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", (), "INSERT is SPARQL Update"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "template", "extra", "message"), CASES)
def test_known_attacks_are_refused_with_one_line(
    target: Target, case: str, template: str, extra: tuple[str, ...], message: str
) -> None:
    fill = {"evil": target.evil, "evil_host": target.evil.split("//")[1],
            "secret": target.secret, "allowed": target.allowed}  # fmt: skip
    query = template
    for key, value in fill.items():
        query = query.replace("{" + key + "}", str(value))
    code, err = attack(target, query, *(part.format(**fill) for part in extra))
    assert code == 2 and message in err, (case, err)


def test_an_allowed_service_is_still_called(target: Target) -> None:
    query = f"SELECT * WHERE {{ BIND(1 AS ?x) SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}"
    code, _err = attack(target, query, *(p.format(allowed=target.allowed) for p in ALLOW))
    assert code == 0


def test_harmless_words_stay_harmless(target: Target) -> None:
    for query in (
        'SELECT ?s WHERE { ?s ?p "LOAD <x> FROM SERVICE" } ORDER BY ?s',
        "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:from ex:service } ORDER BY ?s",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s # SERVICE <http://x/> FROM <file:///etc>",
    ):
        assert attack(target, query)[0] == 0, query


# --- the two layers, one by one --------------------------------------------------------------


def test_oxigraph_lexing() -> None:
    assert [t.text for t in tokenize("ASK { # c\rSERVICE\n}")] == ["ASK", "{", "SERVICE", "}"]
    assert [t.text for t in tokenize("ASK { ?s <a:b> ex:p\\#q }")][-2] == "ex:p\\#q"
    assert [t.value for t in tokenize(r"ASK { ?s ?p <\u0068ttp://x> }")][-2] == "http://x"
    assert [t.text for t in tokenize(r"ASK { \u0053ERVICE }")][2] == "\\"  # not a keyword here
    assert [t.text for t in tokenize("ASK { ?s ?p true.SERVICE }")][4:7] == ["true", ".", "SERVICE"]


def test_rdflib_lexing_decodes_first() -> None:
    assert rdflib_text(r"\u0053ERVICE \U00000046ROM") == "SERVICE FROM"
    lexed = tokenize("ASK { # c\rSERVICE\n}", dialect="rdflib")
    assert [t.text for t in lexed] == ["ASK", "{", "}"]  # rdflib's comment ends at LF only
    with pytest.raises(QuerySyntaxError, match="no Unicode code point"):
        rdflib_text(r"\u0041BCDEFG")  # rdflib takes 8 hex digits: 0x41BCDEF is no code point


WRAPPERS = ["{x}", "OPTIONAL {{ {x} }}", "{{ ?a ?b ?c }} UNION {{ {x} }}",
            "{{ {x} }} UNION {{ ?a ?b ?c }}", "{{ SELECT * WHERE {{ {x} }} }}",
            "FILTER EXISTS {{ {x} }}", "FILTER NOT EXISTS {{ {x} }}", "MINUS {{ {x} }}",
            "GRAPH ?g {{ {x} }}", "BIND(EXISTS {{ {x} }} AS ?b)"]  # fmt: skip
"""Places a pattern can hide in: ``{x}`` is the pattern."""


@pytest.mark.parametrize("wrapper", WRAPPERS)
def test_rdflib_finds_a_service_at_any_depth(wrapper: str) -> None:
    query = "SELECT * WHERE { " + wrapper.format(x="SERVICE <http://e/> { ?s ?p ?o }") + " }"
    with pytest.raises(UnsafeQueryError, match=r"SERVICE <http://e/> is refused"):
        prepare(query, allowed={WIKIDATA})
    with pytest.raises(UnsafeQueryError, match=r"SERVICE <http://e/> is refused"):
        second_opinion(oxigraph_view(query))


def test_rdflib_refuses_a_dataset_clause() -> None:
    for clause in ("FROM <file:///etc/passwd>", "FROM NAMED <http://x/g>"):
        with pytest.raises(UnsafeQueryError, match="FROM would load other graphs"):
            prepare(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")


def test_the_second_opinion_reads_what_oxigraph_reads() -> None:
    query = "ASK { # c\r SERVICE <\\u0068ttp://e/> { ?s ?p ?o } \n}"
    assert oxigraph_view(query) == "ASK { # c\n SERVICE <\\u0068ttp://e/> { ?s ?p ?o } \n}"
    with pytest.raises(UnsafeQueryError, match=r"SERVICE <http://e/> is refused"):
        second_opinion(oxigraph_view(query))
    second_opinion("ASK { ?s ?p ?o ")  # what rdflib cannot parse gets no opinion


def test_nesting_is_bounded_before_any_parser() -> None:
    deep = "SELECT * WHERE " + "{" * 200_000 + "}" * 200_000
    with pytest.raises(UnsafeQueryError, match=f"nest more than {MAX_NESTING} deep"):
        scan(deep, where="q")
    assert check_safe("ASK " + "{" * MAX_NESTING + "}" * MAX_NESTING, where="q") == "ASK"


# --- the property: however it is spelled, nothing gets out ----------------------------------

SEPARATORS = [" ", "\t", "\n", "\r", "\r\n", "# c\r", "# c\n", "# c\r\n", " # c\r ", "\r# c\n"]


@st.composite
def spelled(draw: st.DrawFn, word: str) -> str:
    """``word`` in any case, and half the time some letters as ``\\u``/``\\U`` escapes."""
    out = []
    kinds = ["upper", "lower", "upper", "lower", "u", "U"] if draw(st.booleans()) else ["upper"]
    if draw(st.booleans()):
        kinds.append("lower")
    for char in word:
        how = draw(st.sampled_from(kinds))
        if how == "u":
            out.append(f"\\u{ord(char):04X}")
        elif how == "U":
            out.append(f"\\U{ord(char):08x}")
        else:
            out.append(char.upper() if how == "upper" else char.lower())
    return "".join(out)


def escaped_iri(draw: st.DrawFn, iri: str) -> str:
    chars = [f"\\u{ord(c):04x}" if draw(st.booleans()) and c.isalpha() else c for c in iri]
    return "<" + "".join(chars) + ">"


@st.composite
def service_attack(draw: st.DrawFn, evil: str) -> str:
    sep = st.sampled_from(SEPARATORS)
    glue = st.one_of(st.just(""), sep)  # half the time none: Oxigraph needs no space there
    keyword = draw(spelled("SERVICE"))
    silent = draw(st.sampled_from(["", "SILENT", draw(spelled("SILENT")) + draw(glue)]))
    how = draw(st.sampled_from(["iri", "escaped", "pname"]))
    prologue, target = "", f"<{evil}/sparql>"
    if how == "escaped":
        target = escaped_iri(draw, f"{evil}/sparql")
    elif how == "pname":
        prologue, target = f"PREFIX ex: <{evil}/>\n", "ex:sparql"
    pattern = f"{keyword}{draw(glue)}{silent}{draw(glue)}{target}"
    pattern += f"{draw(sep)}{{ ?s ?p ?o }}"
    for wrapper in draw(st.lists(st.sampled_from(WRAPPERS), max_size=3)):
        pattern = wrapper.format(x=pattern)
    decoy = 'BIND("SERVICE <' + evil + '/sparql> { ?a ?b ?c }" AS ?t) '  # rdflib's first SERVICE
    leads = ["", "BIND(1 AS ?one) ", "VALUES ?one { 1 } ", "VALUES ?s { 1 } ?s ?p true", decoy]
    lead = draw(st.sampled_from(leads))
    return f"{prologue}SELECT * WHERE {{ {lead}{draw(glue)}{pattern}{draw(sep)}}}"


@st.composite
def from_attack(draw: st.DrawFn, secret: Path) -> str:
    sep = st.sampled_from(SEPARATORS)
    glue = st.one_of(st.just(""), sep)
    named = draw(st.sampled_from(["", "NAMED", draw(spelled("NAMED")) + draw(glue)]))
    how = draw(st.sampled_from(["iri", "escaped", "pname"]))
    prologue, target = "", f"<file://{secret}>"
    if how == "escaped":
        target = escaped_iri(draw, f"file://{secret}")
    elif how == "pname":
        prologue, target = f"PREFIX ex: <file://{secret.parent}/>\n", f"ex:{secret.name}"
    keyword = draw(spelled("FROM"))
    clause = f"{draw(glue)}{keyword}{draw(glue)}{named}{target}"
    return f"{prologue}SELECT *{clause}{draw(sep)}WHERE {{ ?s ?p ?o }}"


@st.composite
def load_attack(draw: st.DrawFn, evil: str, secret: Path) -> str:
    keyword = draw(spelled(draw(st.sampled_from(["LOAD", "LOAD SILENT"]))))
    source = draw(st.sampled_from([f"<{evil}/data.ttl>", f"<file://{secret}>"]))
    return f"{keyword} {source}" + draw(st.sampled_from(["", " INTO GRAPH <urn:g>"]))


@settings(
    max_examples=100,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the working tree
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_spelling_gets_a_request_out_or_a_file_in(target: Target, data: st.DataObject) -> None:
    query = data.draw(
        st.one_of(
            service_attack(target.evil),
            from_attack(target.secret),
            load_attack(target.evil, target.secret),
        ),
        label="query",
    )
    engine = data.draw(st.sampled_from(["oxigraph", "rdflib"]), label="engine")
    extra = ["--engine", engine, "--timeout", "10"]
    if data.draw(st.booleans(), label="wikidata allowed"):
        extra += [p.format(allowed=target.allowed) for p in ALLOW]
    attack(target, query, *extra)
