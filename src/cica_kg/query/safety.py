"""Read-only safety for untrusted SPARQL, first layer: keywords as the engine lexes them.

The text is read token by token exactly as the engine that runs it reads it
(:mod:`cica_kg.query.lexer`: Oxigraph ends a comment at CR, rdflib decodes ``\\u`` escapes
everywhere), so ``"LOAD"`` in a string, ``<http://x/from>``, ``ex:service`` or ``?delete``
are harmless while a bare ``LOAD`` keyword is refused. Oxigraph needs no space after a
keyword (``SERVICESILENT<…>``, ``FROMNAMED<…>``, ``SERVICEex:a``, ``trueSERVICE``), so a
word or prefix that *holds* SERVICE or FROM is refused too. Brackets nested deeper than
:data:`MAX_NESTING` are refused before any parser sees them. The second layer reads the
query with rdflib's own parser (:mod:`cica_kg.query.sandbox`). See
docs/decisions/0051-query-safety.md and 0083-query-refusal-by-parse.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cica_kg.errors import UsageError
from cica_kg.query.lexer import QuerySyntaxError, Token, rdflib_text, tokenize, tokens

__all__ = [
    "MAX_NESTING",
    "SERVICES",
    "QuerySyntaxError",
    "Scan",
    "ServiceNotAllowedError",
    "Token",
    "UnsafeQueryError",
    "allowed_endpoints",
    "check_safe",
    "inject_block",
    "inject_values",
    "prefixes",
    "query_form",
    "scan",
    "services_called",
    "syntax_error",
    "tokenize",
]


class UnsafeQueryError(UsageError):
    """A query asks for something a read-only query may not do (update, SERVICE, FROM)."""


class ServiceNotAllowedError(UnsafeQueryError):
    """A federated query calls a known endpoint the user has not allowed (it is skipped)."""


SERVICES: dict[str, str] = {"wikidata": "https://query.wikidata.org/sparql"}
"""Endpoint names a user may allow (``--allow-service NAME``) → their SPARQL endpoint IRIs.
Any other ``SERVICE`` address is always refused."""

MAX_NESTING = 64
"""The deepest nesting of ``{ ( [`` a query may have: far beyond any written query, well
within what both engines' recursive parsers survive (Oxigraph overflows its stack near
3,000; rdflib needs a raised recursion limit past about 30, see the runner)."""

ENGINES_LEXED = {"oxigraph": ("oxigraph",), "rdflib": ("rdflib",), "any": ("oxigraph", "rdflib")}
"""Which lexings :func:`check_safe` applies for an engine (``any``: an unknown endpoint)."""


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


@dataclass
class Scan:
    """What one pass over a query found: its form, prefixes and the endpoints it calls."""

    form: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)  # SERVICE IRIs, in order (allowed ones)


_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
"""Keywords that only occur in SPARQL Update (or load remote data) and so are refused."""
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
_GLUE = re.compile(r"^(?:TRUE|FALSE)?(SERVICE|FROM)")  # what Oxigraph may read as a keyword


class _Scanner:
    """One pass over the tokens: nesting, prefixes, form, SERVICE targets and refusals."""

    def __init__(self, where: str, allowed: set[str]) -> None:
        self.where, self.allowed = where, allowed
        self.found = Scan()
        self.depth = 0
        self.window: list[Token] = []
        self.refusal: UnsafeQueryError | None = None
        self.not_allowed: ServiceNotAllowedError | None = None
        self.service_at: str | None = None  # a SERVICE keyword waits for its target

    def feed(self, token: Token) -> None:
        self._nest(token)
        self.window = [*self.window[-2:], token]
        self._declare()
        if self.service_at is not None:
            if token.kind == "word" and token.text.upper() == "SILENT":
                return
            self._service(token, self.service_at)
            self.service_at = None
        if token.kind == "word":
            self._word(token)
        elif token.kind == "pname":
            self._glued(token, token.text.partition(":")[0])

    def result(self) -> Scan:
        if self.service_at is not None:
            self._refuse(UnsafeQueryError(f"{self.service_at}: SERVICE nothing is refused"))
        if self.not_allowed is not None:
            raise self.not_allowed
        if self.refusal is not None:
            raise self.refusal
        if not self.found.form:
            raise UnsafeQueryError(
                f"{self.where}: not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)"
            )
        return self.found

    def _at(self, token: Token) -> str:
        return f"{self.where}:{token.line}:{token.column}"

    def _refuse(self, error: UnsafeQueryError) -> None:
        if self.refusal is None:
            self.refusal = error

    def _nest(self, token: Token) -> None:
        if token.kind != "punct":
            return
        if token.text in _OPEN:
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise UnsafeQueryError(
                    f"{self._at(token)}: brackets nest more than {MAX_NESTING} deep (the limit); "
                    "flatten the query"
                )
        elif token.text in _CLOSE:
            self.depth = max(self.depth - 1, 0)

    def _declare(self) -> None:
        first, *rest = self.window if len(self.window) == 3 else (None,)
        if first is None or first.kind != "word" or first.text.upper() != "PREFIX":
            return
        name, iri = rest
        if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
            self.found.prefixes[name.text[:-1]] = iri.value

    def _word(self, token: Token) -> None:
        word = token.text.upper()
        if not self.found.form and word in _FORMS:
            self.found.form = word
        if word in _UPDATE_WORDS:
            self._refuse(
                UnsafeQueryError(
                    f"{self._at(token)}: {word} is SPARQL Update; "
                    "queries are read-only (updates are refused)"
                )
            )
        elif word in ("FROM", "USING"):
            self._refuse(_from_error(self._at(token), word))
        elif word in ("SERVICE", "SERVICESILENT"):
            self.service_at = self._at(token)
        else:
            self._glued(token, token.text)

    def _glued(self, token: Token, name: str) -> None:
        """Refuse a word or prefix Oxigraph may read as SERVICE or FROM and more."""
        upper = name.upper()
        match = _GLUE.match(upper)
        inside = [k for k in ("SERVICE", "FROM") if k in upper and token.kind == "word"]
        keyword = match.group(1) if match else next(iter(inside), None)
        if keyword is None:
            return
        reason = (
            "queries run on the store only (remove the FROM clause)"
            if keyword == "FROM"
            else "SERVICE is refused here"
        )
        self._refuse(
            UnsafeQueryError(
                f"{self._at(token)}: {token.text} reads as the keyword {keyword} "
                f"(no space is needed after a keyword); {reason}"
            )
        )

    def _service(self, target: Token, at: str) -> None:
        iri = _service_iri(target, self.found.prefixes)
        if iri is not None and iri in self.allowed:
            self.found.services.append(iri)
            return
        for name, endpoint in SERVICES.items():
            if iri == endpoint and self.not_allowed is None:
                self.not_allowed = ServiceNotAllowedError(
                    f"{self.where}: skipped: SERVICE <{endpoint}> calls the {name} SPARQL "
                    f"endpoint; run with --allow-service {name} to allow that endpoint "
                    "(and only that one)"
                )
                return
        shown = f"<{iri}>" if iri else target.text
        allowed = self.allowed
        hint = "allowed: " + ", ".join(sorted(allowed)) if allowed else "none is allowed"
        self._refuse(UnsafeQueryError(f"{at}: SERVICE {shown} is refused ({hint})"))


def _from_error(at: str, word: str) -> UnsafeQueryError:
    return UnsafeQueryError(
        f"{at}: {word} would load other graphs; queries run on the store only "
        "(remove the FROM/USING clause)"
    )


def _service_iri(target: Token, declared: dict[str, str]) -> str | None:
    if target.kind == "iri":
        return target.value
    if target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        return declared[prefix] + local.replace("\\", "") if prefix in declared else None
    return None


def scan(
    text: str, *, where: str, dialect: str = "oxigraph", allow_service: Iterable[str] = ()
) -> Scan:
    """Read ``text`` as ``dialect`` (``oxigraph`` or ``rdflib``) does and check every token.

    Refused: SPARQL Update keywords, ``FROM``/``FROM NAMED``/``USING``, a word or prefix
    that holds SERVICE or FROM, ``SERVICE`` to an endpoint not in ``allow_service``, and
    brackets nested deeper than :data:`MAX_NESTING`.

    Raises:
        ServiceNotAllowedError: the query calls a known endpoint that was not allowed.
        UnsafeQueryError: the first refused token (file, line and column), or not a query.
        QuerySyntaxError: the text cannot be lexed (an unclosed string, a bad escape).
    """
    if dialect == "rdflib":
        text = rdflib_text(text, where=where)
    scanner = _Scanner(where, set(allow_service))
    for token in tokens(text, dialect=dialect, where=where):
        scanner.feed(token)
    return scanner.result()


def check_safe(
    text: str, *, where: str, allow_service: Iterable[str] = (), engine: str = "any"
) -> str:
    """Refuse updates, LOAD, FROM / FROM NAMED, USING and SERVICE; return the query form.

    ``allow_service`` lists endpoint IRIs a ``SERVICE <iri>`` clause may call; ``engine``
    (``oxigraph``, ``rdflib`` or ``any``: both) says whose lexing to check by.

    Raises:
        UnsafeQueryError: with file, line and column of the offending keyword.
        QuerySyntaxError: the text cannot be lexed.
    """
    allowed = set(allow_service)
    forms = [
        scan(text, where=where, dialect=dialect, allow_service=allowed).form
        for dialect in ENGINES_LEXED[engine]
    ]
    return forms[0]


def services_called(text: str) -> list[str]:
    """The endpoint IRIs the ``SERVICE`` clauses of ``text`` name (prefixed names expanded)."""
    declared: dict[str, str] = {}
    found = []
    listed = tokenize(text)
    for index, token in enumerate(listed):
        if index >= 2 and listed[index - 2].text.upper() == "PREFIX" and token.kind == "iri":
            declared[listed[index - 1].text[:-1]] = token.value
        if token.kind == "word" and token.text.upper() in ("SERVICE", "SERVICESILENT"):
            following = listed[index + 1 : index + 3]
            if following and following[0].text.upper() == "SILENT":
                following = following[1:]
            iri = _service_iri(following[0], declared) if following else None
            if iri:
                found.append(iri)
    return found


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
            found[window[1].text[:-1]] = window[2].value
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
    listed = tokenize(text)
    form = query_form(listed, where="query")
    offset = _where_brace_offset(listed, form)
    return text[: offset + 1] + " " + block + " " + text[offset + 1 :]


def _where_brace_offset(listed: list[Token], form: str) -> int:
    braces = [t for t in listed if t.kind == "punct" and t.text == "{"]
    if form == "CONSTRUCT":
        words = [t.offset for t in listed if t.kind == "word" and t.text.upper() == "WHERE"]
        braces = [b for b in braces if words and b.offset > words[0]]
    if not braces:
        raise UsageError("cannot bind parameters: the query has no WHERE { } group")
    return braces[0].offset


_OX_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


def syntax_error(message: str, *, where: str, line_offset: int = 0) -> QuerySyntaxError:
    """A :class:`QuerySyntaxError` from an engine's message, with ``file:line:column``."""
    first = message.strip().splitlines()[0] if message.strip() else "invalid query"
    match = _OX_POSITION.match(first)
    if match:
        line, column, rest = int(match.group(1)) + line_offset, match.group(2), match.group(3)
        return QuerySyntaxError(f"{where}:{line}:{column}: SPARQL syntax error: {rest}")
    return QuerySyntaxError(f"{where}: SPARQL syntax error: {first}")
