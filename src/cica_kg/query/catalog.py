"""Query files: the STYLE.md comment header, the shipped catalogue and name resolution.

A query file opens with comment lines::

    # id: cq09
    # question: Which events took place in a given country?
    # var event: the event
    # param country: string -- the country's name in English or Chinese
    # example: country=Kazakhstan

``var`` lines say what each returned variable means, ``param`` lines declare typed
parameters (see :mod:`cica_kg.query.params`), ``example`` lines give values the tests use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cica_kg.errors import InputError, ResourceError, UsageError
from cica_kg.query.params import Param, valid_type

_HEADER_LINE = re.compile(r"^#\s*(id|question|var|param|example)\s*(?:\s([^:]+?))?\s*:\s*(.*)$")


class UnknownQueryError(UsageError):
    """A query name matches no shipped query and no file."""


@dataclass(frozen=True)
class QueryFile:
    """A query: its text and what its header declares."""

    text: str
    source: str  # file path or "-e" (for messages)
    id: str = ""
    question: str = ""
    variables: tuple[tuple[str, str], ...] = ()
    params: tuple[Param, ...] = ()
    examples: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """A short name for messages: the id, else the source."""
        return self.id or self.source


def parse_query(text: str, *, source: str) -> QueryFile:
    """Parse the header of query ``text`` (from ``source``, used in messages).

    Raises:
        ResourceError: a ``param`` line has an unknown type or no name.
    """
    fields: dict[str, str] = {}
    variables: list[tuple[str, str]] = []
    params: list[Param] = []
    examples: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line.strip())
        if not match:
            continue
        key, name, value = match.group(1), (match.group(2) or "").strip(), match.group(3).strip()
        if key == "var":
            variables.append((name.lstrip("?"), value))
        elif key == "param":
            params.append(_param(name, value, where=f"{source}:{number}"))
        elif key == "example":
            ex_name, _, ex_value = value.partition("=")
            examples[ex_name.strip()] = ex_value.strip()
        else:
            fields[key] = value
    if sum(p.type == "entity" for p in params) > 1:
        raise ResourceError(
            f"{source}: more than one 'entity' parameter; a query binds one (to ?entity)"
        )
    return QueryFile(
        text=text,
        source=source,
        id=fields.get("id", ""),
        question=fields.get("question", ""),
        variables=tuple(variables),
        params=tuple(params),
        examples=examples,
    )


def _param(name: str, value: str, *, where: str) -> Param:
    type_name, _, description = value.partition("--")
    type_name = type_name.strip()
    if not name or not valid_type(type_name):
        raise ResourceError(
            f"{where}: bad parameter declaration {name!r}: {type_name!r}; expected "
            "'# param NAME: iri|string|entity|literal@LANG|xsd:TYPE -- description'"
        )
    return Param(name.lstrip("?$"), type_name, description.strip())


def read_query(path: Path) -> QueryFile:
    """Read and parse a query file.

    Raises:
        InputError: the file is missing or unreadable.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the query file ({exc.__class__.__name__})") from exc
    return parse_query(text, source=str(path))


def queries_dir() -> Path:
    """The directory of the shipped queries."""
    from cica_kg.resources import resource_dir

    return resource_dir("queries")


def shipped() -> list[QueryFile]:
    """Every shipped competency query (``queries/cq*.rq``), in file-name order."""
    return [read_query(path) for path in sorted(queries_dir().glob("cq*.rq"))]


def federated() -> list[QueryFile]:
    """The shipped federated queries (``queries/federated/*.rq``: they call Wikidata)."""
    return [read_query(path) for path in sorted((queries_dir() / "federated").glob("*.rq"))]


def resolve(name: str) -> QueryFile:
    """The query called ``name``: a file path, a shipped id (``cq09``, ``fed01``) or file stem.

    Raises:
        UnknownQueryError: nothing matches (the message suggests close names).
    """
    path = Path(name)
    if path.suffix == ".rq" or path.is_file():
        if path.is_file():
            return read_query(path)
        raise UnknownQueryError(f"{name}: no such query file")
    files = [*queries_dir().glob("cq*.rq"), *(queries_dir() / "federated").glob("*.rq")]
    stems = {p.stem: p for p in sorted(files)}
    for stem, file in stems.items():
        if name in (stem, stem.split("-", 1)[0]):
            return read_query(file)
    import difflib

    ids = sorted({s.split("-", 1)[0] for s in stems} | set(stems))
    close = difflib.get_close_matches(name, ids, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnknownQueryError(
        f"unknown query {name!r}{hint}; `cica-kg query --list` shows the shipped queries"
    )
