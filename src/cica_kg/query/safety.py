"""Read-only safety for untrusted SPARQL: a tokenizer that knows strings, IRIs and comments.

Checks work on tokens, never on substrings, so ``"LOAD"`` in a string, ``<http://x/from>``,
``ex:service`` or ``?delete`` are harmless while a bare ``LOAD`` keyword is refused.
See docs/decisions/0051-query-safety.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cica_kg.errors import UsageError


class QuerySyntaxError(UsageError):
    """A SPARQL query is malformed (the message gives file, line and column)."""


class UnsafeQueryError(UsageError):
    """A query asks for something a read-only query may not do (update, SERVICE, FROM)."""


class ServiceNotAllowedError(UnsafeQueryError):
    """A federated query calls a known endpoint the user has not allowed (it is skipped)."""


SERVICES: dict[str, str] = {"wikidata": "https://query.wikidata.org/sparql"}
"""Endpoint names a user may allow (``--allow-service NAME``) → their SPARQL endpoint IRIs.
Any other ``SERVICE`` address is always refused."""


def allowed_endpoints(names: Iterable[str]) -> set[str]:
    """The endpoint IRIs for the service ``names`` a user allowed.

    Raises:
        UsageError: a name is not a known service.
    """
    endpoints = set()
    for name in names:
        if name not in SERVICES:
            raise UsageError(
                f"--allow-service {name!r}: unknown service; the only one is: {', '.join(SERVICES)}"
            )
        endpoints.add(SERVICES[name])
    return endpoints


def services_called(text: str) -> list[str]:
    """The endpoint IRIs the ``SERVICE`` clauses of ``text`` name (prefixed names expanded)."""
    tokens = tokenize(text)
    declared = prefixes(tokens)
    found = []
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            following = tokens[index + 1 : index + 3]
            if following and following[0].text.upper() == "SILENT":
                following = following[1:]
            iri = _service_iri(following[0] if following else None, declared)
            if iri:
                found.append(iri)
    return found


@dataclass(frozen=True)
class Token:
    """One SPARQL token with its kind and 1-based line and column."""

    kind: str  # word, var, iri, pname, string, punct, other
    text: str
    line: int
    column: int


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%\\-]|\.(?=[\w:%\\-]))*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[^\W\d][\w]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\],;.*=<>!+\-/|^])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

# Keywords that only occur in SPARQL Update (or load remote data) and so are refused.
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens (whitespace and comments dropped)."""
    tokens: list[Token] = []
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        start = match.start()
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, match.group(), line, start - line_start + 1))
        newlines = match.group().count("\n")
        if newlines:
            line += newlines
            line_start = start + match.group().rindex("\n") + 1
    return tokens


def prefixes(tokens: Iterable[Token]) -> dict[str, str]:
    """The ``PREFIX p: <iri>`` declarations of a query, as ``{"p": "iri"}``."""
    found: dict[str, str] = {}
    window: list[Token] = []
    for token in tokens:
        window = [*window[-2:], token]
        if (
            len(window) == 3
            and window[0].kind == "word"
            and window[0].text.upper() == "PREFIX"
            and window[1].kind == "pname"
            and window[2].kind == "iri"
        ):
            found[window[1].text[:-1]] = window[2].text[1:-1]
    return found


def query_form(tokens: list[Token], *, where: str) -> str:
    """The form of the query: SELECT, ASK, CONSTRUCT or DESCRIBE.

    Raises:
        UnsafeQueryError: the text is an update or not a query.
    """
    for token in tokens:
        if token.kind == "word" and token.text.upper() in _FORMS:
            return token.text.upper()
    raise UnsafeQueryError(
        f"{where}: not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)"
    )


def check_safe(text: str, *, where: str, allow_service: Iterable[str] = ()) -> str:
    """Refuse updates, LOAD, FROM / FROM NAMED, USING and SERVICE; return the query form.

    ``allow_service`` lists endpoint IRIs a ``SERVICE <iri>`` clause may call.

    Raises:
        UnsafeQueryError: with file, line and column of the offending keyword.
    """
    tokens = tokenize(text)
    allowed = set(allow_service)
    declared = prefixes(tokens)
    for name, endpoint in SERVICES.items():
        if endpoint in services_called(text) and endpoint not in allowed:
            raise ServiceNotAllowedError(
                f"{where}: skipped: SERVICE <{endpoint}> calls the {name} SPARQL endpoint; "
                f"run with --allow-service {name} to allow that endpoint (and only that one)"
            )
    for index, token in enumerate(tokens):
        if token.kind != "word":
            continue
        word = token.text.upper()
        at = f"{where}:{token.line}:{token.column}"
        if word in _UPDATE_WORDS:
            raise UnsafeQueryError(
                f"{at}: {word} is SPARQL Update; queries are read-only (updates are refused)"
            )
        if word in ("FROM", "USING"):
            raise UnsafeQueryError(
                f"{at}: {word} would load other graphs; queries run on the store only "
                "(remove the FROM/USING clause)"
            )
        if word == "SERVICE":
            _check_service(tokens[index + 1 : index + 3], declared, allowed, at)
    return query_form(tokens, where=where)


def _check_service(
    following: list[Token], declared: dict[str, str], allowed: set[str], at: str
) -> None:
    if following and following[0].kind == "word" and following[0].text.upper() == "SILENT":
        following = following[1:]
    target = following[0] if following else None
    iri = _service_iri(target, declared)
    if iri is None or iri not in allowed:
        shown = f"<{iri}>" if iri else (target.text if target else "nothing")
        hint = "allowed: " + ", ".join(sorted(allowed)) if allowed else "none is allowed"
        raise UnsafeQueryError(f"{at}: SERVICE {shown} is refused ({hint})")


def _service_iri(target: Token | None, declared: dict[str, str]) -> str | None:
    if target is not None and target.kind == "iri":
        return target.text[1:-1]
    if target is not None and target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        return declared[prefix] + local if prefix in declared else None
    return None


def inject_values(text: str, bindings: dict[str, str]) -> str:
    """Place ``VALUES`` rows (already-escaped N-Triples terms) at the top of the WHERE group.

    Used only for remote endpoints, whose protocol has no way to bind variables; the values
    are RDF terms serialised by :meth:`Term.n3`, never raw user text.

    Raises:
        UsageError: the query has no WHERE group to bind into.
    """
    if not bindings:
        return text
    return inject_block(
        text, " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in sorted(bindings.items()))
    )


def inject_block(text: str, block: str) -> str:
    """Place ``block`` (SPARQL built by this package from escaped terms) first in the WHERE group.

    Raises:
        UsageError: the query has no WHERE group to bind into.
    """
    tokens = tokenize(text)
    form = query_form(tokens, where="query")
    offset = _where_brace_offset(text, tokens, form)
    return text[: offset + 1] + " " + block + " " + text[offset + 1 :]


def _where_brace_offset(text: str, tokens: list[Token], form: str) -> int:
    starts = _line_starts(text)
    braces = [t for t in tokens if t.kind == "punct" and t.text == "{"]
    if form == "CONSTRUCT":
        words = [t for t in tokens if t.kind == "word" and t.text.upper() == "WHERE"]
        where = (words[0].line, words[0].column) if words else None
        braces = [b for b in braces if where and (b.line, b.column) > where]
    if not braces:
        raise UsageError("cannot bind parameters: the query has no WHERE { } group")
    first = braces[0]
    return starts[first.line - 1] + first.column - 1


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


_OX_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


def syntax_error(message: str, *, where: str, line_offset: int = 0) -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` from an engine's message, with ``file:line:column``."""
    first = message.strip().splitlines()[0] if message.strip() else "invalid query"
    match = _OX_POSITION.match(first)
    if match:
        line, column, rest = int(match.group(1)) + line_offset, match.group(2), match.group(3)
        return QuerySyntaxError(f"{where}:{line}:{column}: SPARQL syntax error: {rest}")
    return QuerySyntaxError(f"{where}: SPARQL syntax error: {first}")
