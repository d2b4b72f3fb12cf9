"""Online reconciliation against Wikidata (opt-in): search by label, then check the type.

For each entity without an accepted Wikidata link: ``wbsearchentities`` with its English
label (and its Chinese label when it has one), then one SPARQL query asking which candidates
reach the kind's expected class by ``wdt:P31/wdt:P279*`` (:data:`WIKIDATA_TYPES`).

Scores (decision 0071): English label equals the candidate's label 0.75 (an alias 0.65,
anything else 0.4); the first search result +0.10; the Chinese search's first result is the
same item +0.10. The type check is recorded as evidence; a failed check rejects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cica_kg.httpclient import PoliteClient
from cica_kg.link.entities import WIKIDATA_TYPES
from cica_kg.link.model import (
    QID_RE,
    WIKIDATA,
    WIKIDATA_ENTITY,
    Evidence,
    Method,
    TextEntity,
)
from cica_kg.link.reference import normalise

WIKIDATA_API = "https://www.wikidata.org/w/api.php"
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"

LABEL, ALIAS, OTHER, FIRST_BONUS, ZH_BONUS = 0.75, 0.65, 0.4, 0.10, 0.10
SEARCH_LIMIT = 5


@dataclass(frozen=True)
class Endpoints:
    """Where the Wikidata services are (tests point these at a local server)."""

    api: str = WIKIDATA_API
    sparql: str = WIKIDATA_SPARQL


@dataclass(frozen=True)
class Hit:
    """One search result."""

    qid: str
    label: str
    match_type: str  # "label", "alias", ...
    match_text: str
    match_lang: str
    rank: int
    date: str


def search(client: PoliteClient, endpoints: Endpoints, text: str, lang: str) -> list[Hit]:
    """The items whose label or alias matches ``text`` in ``lang`` (wbsearchentities)."""
    params = {
        "action": "wbsearchentities",
        "search": text,
        "language": lang,
        "uselang": lang,
        "type": "item",
        "limit": str(SEARCH_LIMIT),
        "format": "json",
    }
    response = client.get_json(endpoints.api, params)
    results: list[Any] = response.body.get("search", []) if isinstance(response.body, dict) else []
    hits = []
    for rank, item in enumerate(results):
        qid = str(item.get("id", ""))
        if not QID_RE.match(qid):
            continue
        match = item.get("match") or {}
        hits.append(
            Hit(
                qid=qid,
                label=str(item.get("label", "")),
                match_type=str(match.get("type", "")),
                match_text=str(match.get("text", item.get("label", ""))),
                match_lang=str(match.get("language", lang)),
                rank=rank,
                date=response.date,
            )
        )
    return hits


def type_query(qids: Iterable[str], classes: Iterable[str]) -> str:
    """The SPARQL query asking which ``qids`` reach one of ``classes`` by P31/P279*."""
    items = " ".join(f"wd:{q}" for q in sorted(set(qids)))
    wanted = " ".join(f"wd:{c}" for c in sorted(set(classes)))
    return (
        "PREFIX wd: <http://www.wikidata.org/entity/>\n"
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
        f"SELECT DISTINCT ?item ?class WHERE {{ VALUES ?item {{ {items} }} "
        f"VALUES ?class {{ {wanted} }} ?item wdt:P31/wdt:P279* ?class . }} ORDER BY ?item"
    )


def typed_items(
    client: PoliteClient, endpoints: Endpoints, qids: Iterable[str], classes: Iterable[str]
) -> set[str]:
    """The subset of ``qids`` that are instances of one of ``classes``."""
    body = client.get_json(
        endpoints.sparql, {"query": type_query(qids, classes), "format": "json"}
    ).body
    bindings = body.get("results", {}).get("bindings", []) if isinstance(body, dict) else []
    return {
        str(b["item"]["value"]).removeprefix(WIKIDATA_ENTITY)
        for b in bindings
        if isinstance(b, dict) and "item" in b
    }


def reconcile(
    entities: Iterable[TextEntity], client: PoliteClient, *, endpoints: Endpoints | None = None
) -> Iterator[tuple[TextEntity, str, str, Evidence]]:
    """Yield (entity, "wikidata", target IRI, evidence) for each candidate found online.

    Raises:
        ReconciliationError: a request failed (the caller keeps what it already has).
    """
    where = endpoints or Endpoints()
    for entity in entities:
        english = search(client, where, entity.label("en"), "en")
        zh_names = entity.names("zh")
        chinese = search(client, where, zh_names[0], "zh") if zh_names else []
        if not english and not chinese:
            continue
        hits = {h.qid: h for h in reversed(english)} | {
            h.qid: h for h in chinese[:1] if h.qid not in {e.qid for e in english}
        }
        classes = WIKIDATA_TYPES.get(entity.kind, ())
        typed = typed_items(client, where, hits, classes) if classes else set()
        zh_first = chinese[0].qid if chinese else None
        for qid in sorted(hits):
            yield (
                entity,
                WIKIDATA,
                WIKIDATA_ENTITY + qid,
                _evidence(entity, hits[qid], zh_first == qid, classes, qid in typed),
            )


def _evidence(
    entity: TextEntity, hit: Hit, zh_first: bool, classes: tuple[str, ...], typed: bool
) -> Evidence:
    names = {normalise(n) for n in entity.names()}
    same = normalise(hit.match_text) in names or normalise(hit.label) in names
    score = (LABEL if hit.match_type == "label" else ALIAS) if same else OTHER
    notes = [f"search rank {hit.rank + 1}, matched {hit.match_type} {hit.match_text!r}"]
    if hit.rank == 0 and hit.match_lang == "en":
        score += FIRST_BONUS
    if zh_first:
        score += ZH_BONUS
        notes.append("first result of the Chinese search too")
    wanted = "/".join(f"wd:{c}" for c in classes)
    return Evidence(
        method=Method.ONLINE,
        score=round(min(score, 1.0), 4),
        matched_label=hit.match_text,
        matched_lang=hit.match_lang,
        type_agrees=typed if classes else None,
        type_note=(
            f"P31/P279* {'reaches' if typed else 'does not reach'} {wanted} ({entity.kind})"
            if classes
            else "no Wikidata type to check for a concept"
        ),
        note="; ".join(notes),
        date=hit.date,
    )
