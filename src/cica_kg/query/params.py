"""Typed query parameters: declared in a query header, checked, and turned into RDF terms.

A header line ``# param country: string -- a country's name`` declares ``?country``.
Types: ``iri``, ``string`` (a plain literal), ``literal@LANG`` (a language-tagged literal),
``xsd:NAME`` (a typed literal; the lexical forms of the integer types, decimal, double,
float, boolean, date, dateTime, time, gYear and gYearMonth are checked, dates against
the calendar: 2020-02-30 is refused) and ``entity``: a name in either language, bound as a plain
literal like ``string``, that the engines also resolve to the IRIs of the entities it names
and bind to ``?entity`` (see :mod:`cica_kg.query.entities`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cica_kg.errors import UsageError
from cica_kg.query.results import XSD, Term


class ParameterError(UsageError):
    """A query parameter is unknown, missing or of the wrong type."""


@dataclass(frozen=True)
class Param:
    """A declared parameter: variable name, type and what it means."""

    name: str
    type: str
    description: str = ""


_TYPE = re.compile(r"^(iri|string|entity|literal@[A-Za-z]+(?:-[A-Za-z0-9]+)*|xsd:[A-Za-z]+)$")
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = r"-?(?:[1-9][0-9]{4,}|[0-9]{4})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_LEXICAL = {
    "integer": r"[+-]?[0-9]+",
    "int": r"[+-]?[0-9]+",
    "long": r"[+-]?[0-9]+",
    "positiveInteger": r"\+?0*[1-9][0-9]*",
    "nonNegativeInteger": r"\+?[0-9]+",
    "negativeInteger": r"-0*[1-9][0-9]*",
    "nonPositiveInteger": r"-[0-9]+|\+?0+",
    "decimal": r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)",
    "double": r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "float": r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "boolean": r"true|false|1|0",
    "date": _DATE + _ZONE,
    "dateTime": f"{_DATE}T{_TIME}{_ZONE}",
    "time": _TIME + _ZONE,
    "gYear": r"-?(?:[1-9][0-9]{4,}|[0-9]{4})" + _ZONE,
    "gYearMonth": r"-?(?:[1-9][0-9]{4,}|[0-9]{4})-(?:0[1-9]|1[0-2])" + _ZONE,
}
_YEAR_MONTH_DAY = re.compile(r"^(-?[0-9]+)-([0-9]{2})-([0-9]{2})")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI that is safe to write as ``<text>`` in SPARQL."""
    return bool(_IRI.match(text))


def valid_type(type_name: str) -> bool:
    """Whether ``type_name`` is a parameter type this module knows."""
    return bool(_TYPE.match(type_name))


def to_term(param: Param, raw: str, *, prefixes: Mapping[str, str] | None = None) -> Term:
    """The RDF term for the command-line value ``raw`` of ``param``.

    An ``iri`` may be written in full or as a CURIE with a prefix the query declares.

    Raises:
        ParameterError: ``raw`` is not a valid value of the declared type.
    """
    kind = param.type
    if kind in ("string", "entity"):
        return Term.literal(raw)
    if kind.startswith("literal@"):
        return Term.literal(raw, lang=kind.partition("@")[2])
    if kind == "iri":
        return Term("uri", _expand_iri(param, raw, prefixes or {}))
    local = kind.partition(":")[2]
    pattern = _LEXICAL.get(local)
    value = raw.strip()
    if pattern and not (re.fullmatch(pattern, value) and _real_day(local, value)):
        raise ParameterError(f"parameter {param.name}={raw!r} is not a valid {kind} value")
    return Term.literal(value, datatype=XSD + local)


def _real_day(local: str, value: str) -> bool:
    """Whether a ``date`` or ``dateTime`` names a day the (proleptic Gregorian) calendar has."""
    if local not in ("date", "dateTime"):
        return True
    match = _YEAR_MONTH_DAY.match(value)
    assert match is not None  # the lexical pattern matched
    year, month, day = (int(part) for part in match.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days


def _expand_iri(param: Param, raw: str, prefixes: Mapping[str, str]) -> str:
    prefix, colon, local = raw.partition(":")
    if colon and prefix in prefixes and not local.startswith("//"):
        raw = prefixes[prefix] + local
    if not is_iri(raw):
        raise ParameterError(
            f"parameter {param.name}={raw!r} is not an IRI (give a full IRI such as "
            "https://w3id.org/cica-kg/id/... or a CURIE with a prefix the query declares)"
        )
    return raw


def bind(
    declared: tuple[Param, ...],
    given: Mapping[str, str],
    *,
    query: str,
    prefixes: Mapping[str, str] | None = None,
    examples: Mapping[str, str] | None = None,
) -> dict[str, Term]:
    """Check ``given`` against the ``declared`` parameters and convert every value.

    Raises:
        ParameterError: a parameter is unknown or missing (the message lists the declared
            ones) or of the wrong type.
    """
    names = [p.name for p in declared]
    listing = ", ".join(f"{p.name} ({p.type})" for p in declared) or "none"
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise ParameterError(
            f"{query}: unknown parameter {', '.join(unknown)}; declared parameters: {listing}"
        )
    missing = [name for name in names if name not in given]
    if missing:
        shown = [f"{n}={examples[n]}" for n in missing if examples and n in examples]
        import shlex

        hint = "--param NAME=VALUE" + (f", e.g. --param {shlex.quote(shown[0])}" if shown else "")
        raise ParameterError(
            f"{query}: missing parameter {', '.join(missing)}; declared parameters: {listing} "
            f"(give each as {hint})"
        )
    return {p.name: to_term(p, given[p.name], prefixes=prefixes) for p in declared}


def parse_assignments(items: list[str] | None) -> dict[str, str]:
    """Parse ``["k=v", ...]`` from the command line.

    Raises:
        ParameterError: an item has no ``=`` or a parameter is given twice.
    """
    result: dict[str, str] = {}
    for item in items or []:
        name, eq, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not eq or not name:
            raise ParameterError(f"--param {item!r}: expected NAME=VALUE")
        if name in result:
            raise ParameterError(f"--param {name} is given twice")
        result[name] = value
    return result
