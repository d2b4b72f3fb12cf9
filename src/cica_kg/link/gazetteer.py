"""The offline gazetteer matcher: GeoNames countries, cities and continents (bundled index).

Scores (decision 0071): an exact English name 0.85 (0.90 for a country: GeoNames' country
table is a closed list of about 250 distinct names; an alternate name only 0.75); the
Chinese label among the alternate names +0.05; the city's country agreeing with the graph's
``schema:containedInPlace`` +0.10 (disagreeing: the candidate is dropped); a rival of the same
name that nothing tells apart caps the score at 0.75. The feature's class (country, city,
continent) is the type check: only features of the entity's kind are considered. Candidates
are the features the index (:mod:`cica_kg.text.geonames`) gives for the entity's English
names, by name or alternate name (decision 0105).
"""

from __future__ import annotations

from collections.abc import Iterator

from cica_kg.kinds import Kind
from cica_kg.link.model import Evidence, Method, TextEntity, target_iri
from cica_kg.text import geonames
from cica_kg.text.geonames import Feature, normalise

EXACT, EXACT_COUNTRY, ALTERNATE = 0.85, 0.90, 0.75
ZH_BONUS, COUNTRY_BONUS, AMBIGUOUS_CAP = 0.05, 0.10, 0.75

_FEATURE_CLASS: dict[str, str] = {
    Kind.STATE: "country",
    Kind.CITY: "city",
    Kind.CONTINENT: "continent",
}


def feature_kind(geonameid: int) -> str | None:
    """``"country"``, ``"city"`` or ``"continent"`` for a known feature, else None."""
    found = geonames.feature(geonameid)
    return found.kind if found else None


def expected_feature(kind: str) -> str | None:
    """The GeoNames feature class an entity of ``kind`` must have."""
    return _FEATURE_CLASS.get(kind)


def gazetteer_evidence(entity: TextEntity) -> Iterator[tuple[str, Evidence]]:
    """Yield (GeoNames target IRI, evidence) for the features matching ``entity``."""
    wanted = _FEATURE_CLASS.get(entity.kind)
    if wanted is None:
        return
    scored = _score_all(entity, _candidates(entity, wanted))
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


def _candidates(entity: TextEntity, kind: str) -> list[Feature]:
    """The features of ``kind`` one of the entity's English names names (or alternately)."""
    ids: set[int] = set()
    for name in entity.names("en"):
        by_name, by_alternate = geonames.named(normalise(name))
        ids |= by_name | by_alternate
    found = (geonames.feature(gid) for gid in sorted(ids))
    return [f for f in found if f is not None and f.kind == kind]


def _score_all(
    entity: TextEntity, features: list[Feature]
) -> list[tuple[Feature, float, str, str, list[str]]]:
    english = {normalise(n): n for n in entity.names("en")}
    chinese = {normalise(n): n for n in entity.names("zh")}
    result = []
    for feature in features:
        exact = english.get(normalise(feature.name))
        alternate = next((n for k, n in english.items() if _alternate(feature, k)), None)
        if exact is None and alternate is None:
            continue
        label = exact or alternate or ""
        score = (EXACT_COUNTRY if feature.kind == "country" else EXACT) if exact else ALTERNATE
        notes = [f"GeoNames {'name' if exact else 'alternate name'} {feature.name!r}"]
        zh = next((n for k, n in chinese.items() if _alternate(feature, k)), None)
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


def _alternate(feature: Feature, key: str) -> bool:
    """Whether ``key`` (normalised) is one of the feature's alternate names."""
    return feature.geonameid in geonames.named(key)[1]
