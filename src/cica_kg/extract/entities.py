"""Turn spaCy entity spans into resolved mentions of canonical entities."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, Mention, SentenceView
from cica_kg.extract.lexicon import LexEntry, by_key
from cica_kg.kinds import ORGANIZATIONS, Kind
from cica_kg.model import Entity, Value

if TYPE_CHECKING:
    from spacy.tokens import Span

TITLES = {
    "president", "premier", "chairman", "chairwoman", "chair", "minister", "mr", "mr.", "mrs",
    "ms", "dr", "dr.", "then", "former", "secretary", "general", "executive", "director",
    "prime", "foreign", "leader", "ambassador", "king", "emir", "sheikh",
}  # fmt: skip
DOCUMENT_WORDS = {"charter", "declaration", "act", "treaty", "convention", "statute", "agreement"}
DOCUMENT_HEADS = {
    "charter": Kind.CHARTER, "declaration": Kind.DECLARATION, "act": Kind.ACT,
    "convention": Kind.CONVENTION, "catalogue": Kind.CATALOGUE, "protocol": Kind.PROTOCOL,
    "statement": Kind.OFFICIAL_STATEMENT,
}  # fmt: skip
_ABBREVIATED_KINDS = ORGANIZATIONS | {Kind.BODY}
_ABBREVIATION = re.compile(r"^\(\s*([A-Z][A-Z.\-]{1,9})\s*\)")


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, LexEntry]:
    index: dict[str, LexEntry] = {}
    for entry in by_key().values():
        if entry.scheme is None:
            for form in (*entry.en_forms(), *entry.demonyms):
                index.setdefault(form.lower(), entry)
    return index


@lru_cache(maxsize=1)
def places() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case names of GeoNames countries and cities over 100,000 (the bundled index)."""
    from cica_kg.text.geonames import lower_names

    return lower_names("country"), lower_names("city", above=100000)


def _strip(text: str) -> str:
    words = text.replace("’s", "").replace("'s", "").split()
    while words and words[0].lower() in {"the", "a", "an", "its", "their", "this", "that"}:
        words = words[1:]
    return " ".join(words)


def _lookup(text: str, ctx: DocContext) -> Entity | None:
    key = text.lower()
    if key in ctx.aliases:
        return ctx.aliases[key]
    entry = _alias_index().get(key)
    return entry.entity if entry else None


def _person(span: Span, ctx: DocContext) -> Entity | None:
    words = [t.text for t in span if t.text.lower() not in TITLES and not t.is_punct]
    name = " ".join(words)
    if not name or name.lower() in GENERIC_BODY_NAMES:  # "Secretariat: ..." tagged PERSON
        return None
    known = _lookup(name, ctx)
    if known is not None:
        return known
    entity = Entity(Kind.PERSON, name, name)
    for part in words[1:]:
        ctx.aliases.setdefault(part.lower(), entity)
    return entity


def _place(name: str) -> Entity | None:
    countries, cities = places()
    if name.lower() in countries:
        return Entity(Kind.STATE, name, name)
    if name.lower() in cities:
        return Entity(Kind.CITY, name, name)
    return None


GENERIC_BODY_NAMES = frozenset({"secretariat", "summit", "committee", "council", "forum",
                                "conference", "assembly", "cbms", "cbm"})  # fmt: skip
"""Common nouns spaCy may tag ORG: not names ("the Secretariat" is the topic's, see frames)."""


_STREET_WORDS = frozenset({"Avenue", "Street", "Road", "Boulevard", "Prospekt", "Square", "Lane"})


def _organization(name: str, label: str) -> Entity | None:
    if len(name) < 2 or not any(c.isupper() for c in name) or name.lower() in GENERIC_BODY_NAMES:
        return None
    if name.split()[-1] in _STREET_WORDS:  # "Mangilik Yel Avenue": an address, no organization
        return None
    kind = Kind.BODY if label == "BODY" else Kind.FORMAL_ORGANIZATION
    return Entity(kind, name, name)


def document_kind(title: str) -> Kind:
    """The class of a document from the head word of its title ("... Declaration on X")."""
    words = [w.lower() for w in title.split()]
    for word in words:
        if word in DOCUMENT_HEADS:
            return DOCUMENT_HEADS[word]
    return Kind.DOCUMENT


def resolve(span: Span, ctx: DocContext) -> Entity | None:
    """The entity a spaCy span names, or None when it is not one the graph models."""
    if span.ent_id_:
        kind, _, name = span.ent_id_.partition("::")
        entry = by_key().get((kind, name))
        return entry.entity if entry else None
    if span.label_ == "PERSON":
        return _person(span, ctx)
    name = _strip(span.text)
    known = _lookup(name, ctx)
    if known is not None:
        return known
    if span.label_ == "GPE":
        return _place(name)
    if span.label_ in {"ORG", "BODY"}:
        return _organization(name, span.label_)
    if span.label_ in {"LAW", "WORK_OF_ART"} and DOCUMENT_WORDS & set(name.lower().split()):
        return Entity(document_kind(name), name, name)
    return None


def mentions(view: SentenceView, ctx: DocContext) -> list[Mention]:
    """Resolve every entity span of a parsed sentence; learn "(ABBR)" abbreviations."""
    found = []
    for span in view.doc.ents:
        entity = resolve(span, ctx)
        if entity is None:
            continue
        found.append(
            Mention(
                entity,
                view.offset(span.start_char),
                view.offset(span.end_char),
                span.text,
                span.start,
                span.end,
                demonym=span.label_ == "NORP",
            )
        )
        _learn_abbreviation(view, span, entity, ctx)
    return found


def _learn_abbreviation(view: SentenceView, span: Span, entity: Entity, ctx: DocContext) -> None:
    following = view.doc.text[span.end_char : span.end_char + 14]
    match = _ABBREVIATION.match(following.lstrip())
    if match and entity.kind in _ABBREVIATED_KINDS:
        abbreviation = match.group(1)
        if abbreviation.lower() not in ctx.aliases and abbreviation != entity.label_en:
            ctx.aliases[abbreviation.lower()] = entity
            start = view.sentence.text.find(abbreviation, span.end_char)
            evidence = ctx.evidence(
                view.sentence, "en:abbreviation", 0.9,
                span=(view.offset(start), view.offset(start + len(abbreviation))),
            )  # fmt: skip
            ctx.add(entity, "skos:altLabel", Value(abbreviation, lang="en"), evidence)
