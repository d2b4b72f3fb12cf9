"""SPARQL tokens exactly as each engine reads them: Oxigraph's lexing or rdflib's.

The safety checks (:mod:`cica_kg.query.safety`) look at keywords, so they must see the text
as the engine that runs it does; the two engines differ (docs/decisions/0083):

- **Oxigraph** (pyoxigraph 0.5, ``spargebra``'s grammar): a comment ends at CR *or* LF;
  ``\\u``/``\\U`` escapes are decoded inside IRIs and strings only (``\\u0053ERVICE`` is a
  syntax error there); a prefixed name's local part may hold ``\\#``-style escapes and
  only one run of dots; white space is space, tab, CR and LF.
- **rdflib** (7.x): every ``\\u``/``\\U`` escape in the whole text is decoded *before*
  parsing (``\\u0053ERVICE`` is ``SERVICE``), with rdflib's own pattern (``\\u`` takes 8
  hex digits when it can); a comment ends at LF only.

Tokens carry their offset in the text they were read from (the decoded text for rdflib), a
1-based line and column, and for IRIs the decoded value. Lexing is one linear pass with no
recursion, so it is safe on any input; a quote that starts no valid string is a syntax error
for both engines and raises :class:`QuerySyntaxError` at once.

>>> [t.text for t in tokenize("ASK { ?s ?p 'x' } # c\\r LIMIT 1")]
['ASK', '{', '?s', '?p', "'x'", '}', 'LIMIT', '1']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cica_kg.errors import UsageError

DIALECTS = ("oxigraph", "rdflib")


class QuerySyntaxError(UsageError):
    """A SPARQL query is malformed (the message gives file, line and column)."""


@dataclass(frozen=True)
class Token:
    """One SPARQL token: kind, text as written, 1-based line and column, offset, value.

    ``kind`` is one of ``word var iri pname bnode string lang number punct other``;
    ``value`` is the decoded IRI for ``iri`` tokens (else the text).
    """

    kind: str
    text: str
    line: int
    column: int
    offset: int = 0
    value: str = ""


# --- character classes ---------------------------------------------------------------------
# The grammars' name characters (PN_CHARS_BASE: A-Z a-z and ranges from U+00C0 up; PN_CHARS
# adds _ - 0-9 U+00B7 U+0300-036F U+203F-2040) are read here as "these ASCII characters, and
# every character from U+00C0 on". The superset lexes every query an engine accepts exactly
# as the engine does: both take only ASCII as white space, and no token of theirs starts with
# a character from U+00C0 on but a name, so a character the superset adds can only stand
# where the engine fails on the query. It compiles in a millisecond; the exact ranges take
# 30 ms, paid again by every worker process.

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"


def _names(ascii_allowed: str) -> str:
    """A character class: every character from U+00C0 on, and below it ``ascii_allowed``.

    The excluded characters are written as ranges (``\\x00-\\x2c``): the same class, read
    by ``re`` in a fraction of the time 150 single escapes take.
    """
    excluded = [code for code in range(0xC0) if chr(code) not in ascii_allowed]
    runs: list[list[int]] = []
    for code in excluded:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[^" + "".join(_class_run(first, last) for first, last in runs) + "]"


def _class_run(first: int, last: int) -> str:
    """``\\x41`` or ``\\x41-\\x5a``: one run of a character class."""
    return f"\\x{first:02x}" if first == last else f"\\x{first:02x}-\\x{last:02x}"


_U = _LETTERS + "_"  # PN_CHARS_U
_CHARS = _U + "-" + _DIGITS + "\u00b7"  # PN_CHARS
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRI_CHAR = r"[^<>\"{}|^`\\\x00-\x20]"


@dataclass(frozen=True)
class _Grammar:
    """The compiled patterns of one dialect: the token pattern, prefixed names, name runs."""

    token: re.Pattern[str]
    pname: re.Pattern[str]
    run: re.Pattern[str]


@functools.cache
def _grammar(dialect: str) -> _Grammar:
    """The patterns of ``dialect``: token alternatives tried in order, first match wins.

    A run of name characters and dots (``true.SERVICE``, ``ex.a:b``) is matched whole first
    and then read as a prefixed name or split into words and dots, so lexing stays linear.
    """
    ox = dialect == "oxigraph"
    base, chars = _names(_LETTERS), _names(_CHARS)
    first_local, local_char = _names(_U + ":" + _DIGITS), _names(_CHARS + ":")
    plx = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%" + ("]" if ox else '"]')
    if ox:  # spargebra: one optional run of dots before the last characters
        local = rf"(?:{first_local}|{plx})(?:{local_char}|{plx})*(?:\.+(?:{local_char}|{plx})+)?"
    else:
        dotted = _names(_CHARS + ".:")
        local = rf"(?:{first_local}|{plx})(?:(?:{dotted}|{plx})*(?:{local_char}|{plx}))?"
    prefix = rf"{base}{chars}*(?:\.+{chars}+)*"
    first, var_char = _names(_U + _DIGITS), _names(_U + _DIGITS + "\u00b7")
    run_char = _names(_CHARS + ".")
    escape = r"\\[tbnrf\"'\\]|" + _UCHAR if ox else r"\\[tbnrf\"'\\]"
    comment = r"\#[^\r\n]*" if ox else r"\#[^\n]*"
    iri = rf"<(?:{_IRI_CHAR}|{_UCHAR})*>" if ox else rf"<{_IRI_CHAR}*>"
    simple = r"""
        (?P<number>(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\],;.*=<>!+\-/|^?])
      | (?P<other>.)"""
    token = rf"""
        (?P<ws>[ \t\r\n]+)
      | (?P<comment>{comment})
      | (?P<string>\"\"\"(?:[^"\\]++|"(?!"")|{escape})*+\"\"\"
                  |'''(?:[^'\\]++|'(?!'')|{escape})*+'''
                  |"(?:[^"\\\n\r]++|{escape})*+"
                  |'(?:[^'\\\n\r]++|{escape})*+')
      | (?P<badstring>["'])
      | (?P<iri>{iri})
      | (?P<var>[?$]{first}{var_char}*)
      | (?P<bnode>_:{first}{chars}*(?:\.+{chars}+)*)
      | (?P<run>{base}{run_char}*+)
      | (?P<pname>:(?:{local})?)
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
      | {simple}"""
    flags = re.VERBOSE | re.DOTALL
    return _Grammar(
        token=re.compile(token, flags),
        pname=re.compile(rf"(?:{prefix}):(?:{local})?", flags),
        run=re.compile(simple, flags),
    )


_ESCAPE = re.compile(_UCHAR)
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)


def rdflib_text(text: str, *, where: str = "query") -> str:
    """``text`` with its ``\\u`` escapes decoded as rdflib decodes them before parsing.

    Raises:
        QuerySyntaxError: an escape names no Unicode code point (rdflib would fail on it too).
    """

    def decode(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1), 16))
        except (ValueError, OverflowError):
            line, column = _position(text, match.start())
            raise QuerySyntaxError(
                f"{where}:{line}:{column}: SPARQL syntax error: {match.group()} is no "
                "Unicode code point"
            ) from None

    return _RDFLIB_ESCAPE.sub(decode, text)


def iri_value(raw: str) -> str:
    """The IRI a token ``<...>`` stands for, its ``\\u``/``\\U`` escapes decoded (Oxigraph)."""

    def decode(match: re.Match[str]) -> str:
        code = int(match.group()[2:], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group()

    return _ESCAPE.sub(decode, raw[1:-1])


def tokens(text: str, *, dialect: str = "oxigraph", where: str = "query") -> Iterator[Token]:
    """The tokens of ``text`` as ``dialect`` reads it, white space and comments dropped.

    For rdflib, ``text`` must already be decoded (:func:`rdflib_text`); offsets refer to it.

    Raises:
        QuerySyntaxError: a quote starts no valid string.
    """
    line, line_start = 1, 0
    for kind, start, found in pieces(text, dialect=dialect):
        if kind == "badstring":
            raise QuerySyntaxError(
                f"{where}:{line}:{start - line_start + 1}: SPARQL syntax error: "
                f"a string opened with {found} is not closed on its line (or holds a bad escape)"
            )
        if kind not in ("ws", "comment"):
            value = _value(kind, found, dialect)
            yield Token(kind, found, line, start - line_start + 1, start, value)
        newlines = found.count("\n")
        if newlines:
            line += newlines
            line_start = start + found.rindex("\n") + 1


def pieces(text: str, *, dialect: str = "oxigraph") -> Iterator[tuple[str, int, str]]:
    """Every ``(kind, offset, text)`` of ``text``, white space and comments included."""
    grammar = _grammar(dialect)  # compiled on first use: some 30 ms, in the worker
    position, end = 0, len(text)
    while position < end:
        match = grammar.token.match(text, position)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "other"
        if kind != "run":
            yield kind, position, match.group()
            position = match.end()
            continue
        name = grammar.pname.match(text, position)
        if name is not None and name.end() > match.end():  # a prefix: the run ends at ":"
            yield "pname", position, name.group()
            position = name.end()
            continue
        for part in grammar.run.finditer(text, position, match.end()):
            yield part.lastgroup or "other", part.start(), part.group()
        position = match.end()


def tokenize(text: str, *, dialect: str = "oxigraph", where: str = "query") -> list[Token]:
    """:func:`tokens` as a list (``rdflib`` text decoded first).

    Raises:
        QuerySyntaxError: a quote starts no valid string, or (rdflib) an escape is no code point.
    """
    if dialect == "rdflib":
        text = rdflib_text(text, where=where)
    return list(tokens(text, dialect=dialect, where=where))


def _value(kind: str, found: str, dialect: str) -> str:
    if kind != "iri":
        return found
    return iri_value(found) if dialect == "oxigraph" else found[1:-1]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def oxigraph_view(text: str) -> str:
    """``text`` as rdflib's parser should read it to see what Oxigraph reads: CR as LF.

    Oxigraph ends a comment at CR or LF, rdflib at LF only; a CR is white space to both
    elsewhere, and inside a long string it only changes the string's value. Everything else
    is left to rdflib's own lexing, so its reading of strings and comments stays independent
    of :func:`tokens` (a second opinion, not a copy of the first).
    """
    return text.replace("\r", "\n")
