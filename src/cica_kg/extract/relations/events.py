"""Summits and sessions (when, where, whose, which number) and city-in-country facts."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceRef, SentenceView
from cica_kg.extract.naming import (
    short_name,
    zh_date_forms,
    zh_forms,
    zh_ordinal_forms,
    zh_short,
)
from cica_kg.extract.records import SummitFacts, find
from cica_kg.extract.syntax import (
    clause_dates,
    entity_of_kind,
    mention_or_coref,
    ordinal,
    prep_objects,
    subject,
)
from cica_kg.kinds import ORGANIZATIONS, VENUES, Kind
from cica_kg.model import Entity, Value
from cica_kg.text.numbers import ordinal_word

if TYPE_CHECKING:
    from spacy.tokens import Token

HOLD_VERBS = {"hold", "take", "convene", "host", "open", "meet", "gather", "stage", "follow",
              "move", "come"}  # fmt: skip
DEFINITE = {"that", "the", "this", "same"}
DEMONSTRATIVE = {"that", "this", "same"}
OCCASION_NOUNS = {"occasion", "meeting", "gathering", "event"}


def _phrase(token: Token) -> list[Token]:
    """The noun phrase of ``token`` without relative clauses and without a list after a colon
    ("at the summit: Thailand and Bahrain" names no place)."""
    skip = {t.i for c in token.children if c.dep_ in {"relcl", "acl"} for t in c.subtree}
    colon = next((t.i for t in token.doc[token.i :] if t.text == ":"), len(token.doc))
    return [t for t in token.subtree if t.i not in skip and t.i < colon]


def _held_verb(token: Token) -> Token | None:
    """The verb saying where/when the summit took place: "was held", "hosted", "gathered for"."""
    head = token.head
    if token.dep_ in {"nsubjpass", "nsubj", "dobj"} and head.lemma_.lower() in HOLD_VERBS:
        return head
    if token.dep_ == "pobj" and head.lower_ in {"for", "at"}:
        verb = head.head
        if verb.lemma_.lower() in HOLD_VERBS or (head.lower_ == "at" and verb.pos_ == "VERB"):
            return verb  # "adopted its Charter in June 2002 at a summit": the summit's date
    for child in token.children:
        if child.dep_ in {"acl", "relcl"} and child.lemma_.lower() in HOLD_VERBS:
            return child
    return None


def _where(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    candidates = prep_objects(verb, {"in", "at", "to"})
    if verb.lemma_.lower() == "host":
        candidates += [c for c in verb.children if c.dep_ == "nsubj"]
    for token in candidates:
        entity = mention_or_coref(token, view, ctx)
        if entity is None:
            # "the city of Almaty": the place is the object of "of"
            entity = next(
                (mention_or_coref(t, view, ctx) for t in prep_objects(token, {"of"})), None
            )
        if entity is not None and entity.kind in VENUES:
            return entity
    return None


def _summit_facts(token: Token, view: SentenceView, ctx: DocContext) -> SummitFacts:
    phrase = _phrase(token)
    place = entity_of_kind(phrase, view, VENUES)
    org = entity_of_kind(phrase, view, ORGANIZATIONS)
    facts = SummitFacts(
        ordinal=None if _restricted(token) else ordinal(t for t in phrase if t.i < token.i),
        place=place.entity if place else None,
        org=org.entity if org else None,
        date=_phrase_year(phrase, view),
    )
    verb = _held_verb(token)
    if verb is None:
        return facts
    dates = clause_dates(verb, view)
    return replace(
        facts,
        org=facts.org or _possessor(token, verb, view, ctx),
        place=facts.place or _where(verb, view, ctx),
        date=dates[0][0] if dates else facts.date,
    )


def _restricted(token: Token) -> bool:
    """ "the first summit hosted by China": first of that host's, not the forum's first (a
    modifier with an agent); "... summit as the 28th member": the ordinal is after the noun."""
    return any(
        c.dep_ in {"acl", "relcl"} and any(g.dep_ == "agent" for g in c.children)
        for c in token.children
    )


def _possessor(token: Token, verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """Whose summit "its summit" is: the subject of the verb that held it."""
    if not any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in token.children):
        return None
    who = subject(verb)
    entity = mention_or_coref(who, view, ctx) if who is not None else None
    return entity if entity is not None and entity.kind in ORGANIZATIONS else None


def _phrase_year(phrase: list[Token], view: SentenceView) -> Value | None:
    for token in phrase:
        is_year = len(token.text) == 4 and token.text.isdigit() and 1900 < int(token.text) < 2100
        if is_year:
            return Value(token.text, datatype="xsd:gYear")
    return None


def summit(token: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """The summit a "summit" noun refers to, recording its facts; None if unknowable."""
    determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
    earlier = ctx.last.get(Kind.SUMMIT)
    if determiners & DEMONSTRATIVE and earlier is not None:
        return _refer_back(token, earlier, view, ctx)
    facts = _summit_facts(token, view, ctx)
    if not facts.described():
        return ctx.last.get(Kind.SUMMIT) if determiners & DEFINITE else None
    org = facts.org or ctx.topic
    if org is None:
        return None
    entity = _summit_entity(org, facts, ctx)
    _state_summit(entity, org, facts, view, ctx)
    ctx.remember(entity)
    return entity


def _summit_entity(org: Entity, facts: SummitFacts, ctx: DocContext) -> Entity:
    year, place, number = facts.year, facts.place, facts.ordinal
    known = find(ctx.summits, ("year", "place", "ordinal"), org=org, year=year, place=place,
                 ordinal=number)  # fmt: skip
    if known is not None:
        ctx.summits[known] = ctx.summits[known].merged(replace(facts, org=org))
        return known
    where = ", ".join(p for p in (place.label_en if place else None, year) if p)
    spoken = f"{ordinal_word(number)} " if number and not where else ""
    label = f"{spoken}{short_name(org)} summit" + (f" ({where})" if where else "")
    zh_where = "".join(p for p in (zh_short(place) if place else None,) if p)
    zh_year = f"({year}年)" if year else ""
    zh_org = zh_short(org)
    label_zh = f"{zh_org}{zh_where}峰会{zh_year}" if zh_org else None
    parts = (
        org.key,
        "summit",
        year,
        place.key if place else None,
        _number(number, where),
    )
    entity = Entity(Kind.SUMMIT, " ".join(p for p in parts if p), label, label_zh)
    ctx.summits[entity] = replace(facts, org=org)
    return entity


def summit_entity(org: Entity, facts: SummitFacts, ctx: DocContext) -> Entity:
    """The summit of ``org`` that ``facts`` describe: found again in the document, or minted."""
    return _summit_entity(org, facts, ctx)


def _refer_back(token: Token, earlier: Entity, view: SentenceView, ctx: DocContext) -> Entity:
    """ "that (fifth) summit": the summit last spoken of; an ordinal given here is stated of it."""
    number = ordinal(_phrase(token))
    facts = ctx.summits.get(earlier, SummitFacts())
    if number is not None and facts.ordinal in (None, number):
        ctx.summits[earlier] = replace(facts, ordinal=number)
        value = Value(str(number), "xsd:positiveInteger")
        ctx.state(view, "en:event", 0.8, (earlier, "cica:ordinal", value))
        ctx.anchor(earlier, zh_ordinal_forms(number, "峰会"))
    return earlier


def _number(ordinal: int | None, where: str) -> str | None:
    """The ordinal is part of the key only when place and year are unknown."""
    return f"no. {ordinal}" if ordinal and not where else None


def record_summit(org: Entity, facts: SummitFacts, view: SentenceRef, ctx: DocContext) -> Entity:
    """The summit of ``org`` that ``facts`` describe (ordinal, place, date), its facts stated."""
    entity = _summit_entity(org, facts, ctx)
    _state_summit(entity, org, facts, view, ctx)
    ctx.remember(entity)
    return entity


def _state_summit(
    entity: Entity, org: Entity, facts: SummitFacts, view: SentenceRef, ctx: DocContext
) -> None:
    stated: list[tuple[Entity, str, Entity | Value]] = [(entity, "schema:organizer", org)]
    if facts.ordinal:
        stated.append((entity, "cica:ordinal", Value(str(facts.ordinal), "xsd:positiveInteger")))
        ctx.anchor(entity, zh_ordinal_forms(facts.ordinal, "峰会"))
    if facts.place:
        stated.append((entity, "schema:location", facts.place))
    if facts.date:
        stated.append((entity, "schema:startDate", facts.date))
    anchors = [
        zh_date_forms(facts.date) if facts.date else (),
        zh_forms(facts.place) if facts.place else (),
    ]
    ctx.anchor(entity, *anchors)
    ctx.state(view, f"{view.sentence.lang}:event", 0.85, *stated)


def session(token: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """A numbered session of a body: "the 47th Session of the UN General Assembly"."""
    number = ordinal(_phrase(token))
    owners = [view.mention_of(t) for t in prep_objects(token, {"of"})]
    owner = next((m.entity for m in owners if m is not None), None)
    if number is None or owner is None:
        return None
    return numbered_session(number, owner, view, ctx, extractor="en:event")


def numbered_session(
    number: int, owner: Entity, view: SentenceRef, ctx: DocContext, *, extractor: str
) -> Entity:
    """Record the session number ``number`` of ``owner`` (stated by the sentence of ``view``)."""
    label = f"{ordinal_word(number)} session of the {owner.label_en}"
    owner_zh = zh_short(owner)
    label_zh = f"第{number}届{owner_zh}" if owner_zh else None
    entity = Entity(Kind.SESSION, f"{owner.key} session {number}", label, label_zh)
    ctx.state(
        view, extractor, 0.85,
        (entity, "cica:ordinal", Value(str(number), "xsd:positiveInteger")),
        (entity, "schema:organizer", owner),
    )  # fmt: skip
    ctx.anchor(entity, (f"第{number}届", f"第{number}次"), zh_forms(owner))
    ctx.remember(entity)
    return entity


def events(view: SentenceView, ctx: DocContext) -> None:
    """Record every summit and session the sentence describes."""
    for token in view.doc:
        lemma = token.lemma_.lower()
        if token.pos_ in {"NOUN", "PROPN"} and lemma == "summit" and token.tag_ != "NNS":
            summit(token, view, ctx)  # "summits were convened in A and B" is the frames' list
        elif token.pos_ in {"NOUN", "PROPN"} and lemma == "session":
            session(token, view, ctx)


def resolve_event(token: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """The event a token stands for (a summit or a session), else a mentioned entity."""
    lemma = token.lemma_.lower()
    if lemma == "summit":
        return summit(token, view, ctx)
    if lemma == "session":
        return session(token, view, ctx)
    determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
    if lemma in OCCASION_NOUNS and determiners & DEMONSTRATIVE:
        return ctx.last.get(Kind.SUMMIT)  # "on that occasion", "at that meeting"
    return mention_or_coref(token, view, ctx)


def event_date(event: Entity | None, ctx: DocContext) -> Value | None:
    """The date recorded for an event of this document, if any."""
    facts = ctx.summits.get(event) if event is not None else None
    return facts.date if facts is not None else None
