"""The values the linking stage works on: entities to link, candidate links, decisions.

Plain frozen dataclasses (no rdflib terms except IRIs as strings), so matchers, scoring and
the decisions file can be tested without a graph. :mod:`cica_kg.link.linkset` turns them
into RDF (decision 0070).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

WIKIDATA = "wikidata"
DBPEDIA = "dbpedia"
GEONAMES = "geonames"
DATASETS = (WIKIDATA, DBPEDIA, GEONAMES)

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"
GEONAMES_FEATURE = "https://sws.geonames.org/"

QID_RE = re.compile(r"^Q[1-9][0-9]*$")
GEONAMES_ID_RE = re.compile(r"^[1-9][0-9]*$")
DBPEDIA_RE = re.compile(r"^http://dbpedia\.org/resource/[^\s<>\"{}|\\^`]+$")


class Decision(StrEnum):
    """What happens to a candidate link."""

    ACCEPTED = "accepted"
    REVIEW = "review"
    REJECTED = "rejected"


class Method(StrEnum):
    """How a candidate was found."""

    CURATED = "curated-table"
    GAZETTEER = "offline-gazetteer"
    ONLINE = "online-reconciliation"
    REVIEWED = "reviewed-decision"


@dataclass(frozen=True)
class TextEntity:
    """An entity of the graph to link: IRI, kind CURIE, labels by language, where it occurs."""

    iri: str
    kind: str
    labels: tuple[tuple[str, str], ...]  # (lexical, lang) pairs: rdfs:label and skos:altLabel
    in_text: bool = True
    country: str | None = None  # English label of the state a city is in, if the graph says

    def label(self, lang: str = "en") -> str:
        """The first label in ``lang`` (or the IRI's last segment)."""
        for text, label_lang in self.labels:
            if label_lang == lang:
                return text
        return self.iri.rsplit("/", 1)[-1]

    def names(self, lang: str | None = None) -> tuple[str, ...]:
        """Every label and alternative label, optionally of one language."""
        return tuple(t for t, lng in self.labels if lang is None or lng == lang)


@dataclass(frozen=True)
class Evidence:
    """Why a candidate was proposed: one method's finding."""

    method: Method
    score: float
    matched_label: str | None = None
    matched_lang: str | None = None
    type_agrees: bool | None = None  # None: the method could not check the type
    type_note: str = ""
    where_seen: str | None = None
    note: str = ""
    date: str = ""  # ISO date of the data this finding rests on ("" = the reference date)


@dataclass(frozen=True)
class Candidate:
    """A proposed link (entity, dataset, target IRI) with its evidence and its decision."""

    entity: TextEntity
    dataset: str
    target: str
    predicate: str  # "owl:sameAs", "skos:exactMatch" or "skos:closeMatch"
    evidence: tuple[Evidence, ...]
    score: float = 0.0
    decision: Decision = Decision.REVIEW
    why: str = ""
    date: str = ""  # ISO date the link rests on (decision 0070)
    negative: str = ""  # negative evidence that applied, if any

    @property
    def type_agrees(self) -> bool:
        """True when some evidence checked the type and none found it wrong."""
        checks = [e.type_agrees for e in self.evidence if e.type_agrees is not None]
        return bool(checks) and all(checks)

    @property
    def methods(self) -> tuple[Method, ...]:
        """The distinct methods behind this candidate, in evidence order."""
        return tuple(dict.fromkeys(e.method for e in self.evidence))

    def with_decision(self, decision: Decision, why: str) -> Candidate:
        """A copy with another decision and reason."""
        return replace(self, decision=decision, why=why)


@dataclass(frozen=True)
class LinkResult:
    """Everything the linking stage found: every candidate and the entities left unlinked."""

    candidates: tuple[Candidate, ...]
    entities: tuple[TextEntity, ...]
    warnings: tuple[str, ...] = field(default=())

    def accepted(self, dataset: str | None = None) -> tuple[Candidate, ...]:
        """The accepted candidates, optionally of one dataset."""
        return tuple(
            c
            for c in self.candidates
            if c.decision is Decision.ACCEPTED and (dataset is None or c.dataset == dataset)
        )

    def in_review(self) -> tuple[Candidate, ...]:
        """The candidates that need a human."""
        return tuple(c for c in self.candidates if c.decision is Decision.REVIEW)

    def unlinked(self) -> tuple[TextEntity, ...]:
        """Entities with no accepted link in any dataset."""
        linked = {c.entity.iri for c in self.accepted()}
        return tuple(e for e in self.entities if e.iri not in linked)

    def best_candidates(self, entity: TextEntity, limit: int = 3) -> tuple[Candidate, ...]:
        """The highest-scored candidates of ``entity`` (any decision)."""
        own = [c for c in self.candidates if c.entity.iri == entity.iri]
        return tuple(sorted(own, key=lambda c: (-c.score, c.dataset, c.target))[:limit])


def target_iri(dataset: str, identifier: str) -> str:
    """The IRI of ``identifier`` in ``dataset`` (a QID, a GeoNames ID or a DBpedia IRI).

    Raises:
        ValueError: the identifier is not well formed for the dataset.
    """
    ident = identifier.strip()
    if dataset == WIKIDATA:
        qid = ident.removeprefix(WIKIDATA_ENTITY)
        if not QID_RE.match(qid):
            raise ValueError(f"{identifier!r} is not a Wikidata QID (Q followed by digits)")
        return WIKIDATA_ENTITY + qid
    if dataset == GEONAMES:
        gid = ident.removeprefix(GEONAMES_FEATURE).rstrip("/")
        if not GEONAMES_ID_RE.match(gid):
            raise ValueError(f"{identifier!r} is not a GeoNames feature ID (digits)")
        return f"{GEONAMES_FEATURE}{gid}/"
    if dataset == DBPEDIA:
        if not DBPEDIA_RE.match(ident):
            raise ValueError(f"{identifier!r} is not a DBpedia resource IRI ({DBPEDIA_RESOURCE}…)")
        return ident
    raise ValueError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")


def short_target(dataset: str, target: str) -> str:
    """A compact form of a target for tables: Q232, geonames:1522867, dbr:Kazakhstan."""
    if dataset == WIKIDATA:
        return target.removeprefix(WIKIDATA_ENTITY)
    if dataset == GEONAMES:
        return "geonames:" + target.removeprefix(GEONAMES_FEATURE).rstrip("/")
    return "dbr:" + target.removeprefix(DBPEDIA_RESOURCE)
