"""Who proposed the forum, when, and at which session: "X was first proposed by Y in Z at W"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceRef, SentenceView
from cica_kg.extract.naming import short_name, zh_date_forms, zh_forms, zh_short
from cica_kg.extract.records import ProposalFacts, find
from cica_kg.extract.relations.events import resolve_event
from cica_kg.extract.syntax import (
    agent,
    children,
    clause_dates,
    mention_or_coref,
    prep_objects,
    subject,
    verbs,
)
from cica_kg.kinds import EVENTS, ORGANIZATIONS, Kind
from cica_kg.model import Entity, Value

if TYPE_CHECKING:
    from spacy.tokens import Token

PROPOSE = {"propose", "suggest", "initiate", "advance", "float", "put", "moot"}
LIGHT = {"make", "submit", "table", "present", "launch"}
PROPOSAL_NOUNS = {"proposal", "initiative", "suggestion"}


def _is_propose(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "put":
        return any(c.lower_ == "forward" for c in verb.children)
    if lemma in LIGHT:
        return any(o.lemma_.lower() in PROPOSAL_NOUNS for o in children(verb, {"dobj"}))
    return lemma in PROPOSE


def _proposer(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    token = agent(verb) if verb.tag_ == "VBN" else subject(verb)
    if token is None:
        return None
    entity = mention_or_coref(token, view, ctx)
    return entity if entity and entity.kind == Kind.PERSON else None


def _proposed(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """The organization proposed: a mention or "forum" anywhere in the object phrase."""
    objects = children(verb, {"nsubjpass", "dobj"})
    for obj in objects:
        for token in obj.subtree:
            entity = mention_or_coref(token, view, ctx)
            if entity is not None and entity.kind in ORGANIZATIONS:
                return entity
    if any(o.lemma_.lower() in PROPOSAL_NOUNS for o in objects):
        # "He made the proposal": the proposal the text has already introduced
        earlier = ctx.last.get(Kind.PROPOSAL)
        known = ctx.proposals.get(earlier) if earlier else None
        return known.proposed if known is not None else None
    return None


def proposals(view: SentenceView, ctx: DocContext) -> None:
    """Record proposals of an organization by a person (date, occasion)."""
    for verb in verbs(view.doc, PROPOSE | LIGHT):
        if not _is_propose(verb):
            continue
        person = _proposer(verb, view, ctx)
        proposed = _proposed(verb, view, ctx)
        if person is None or proposed is None:
            continue
        _record(verb, person, proposed, view, ctx)


def _record(
    verb: Token, person: Entity, proposed: Entity, view: SentenceView, ctx: DocContext
) -> None:
    dates = clause_dates(verb, view)
    date: Value | None = dates[0][0] if dates else None
    occasions = [resolve_event(t, view, ctx) for t in prep_objects(verb, {"at", "during"})]
    occasion = next((e for e in occasions if e is not None and e.kind in EVENTS), None)
    record_proposal(person, proposed, date, occasion, view, ctx)


def record_proposal(
    person: Entity, proposed: Entity, date: Value | None, occasion: Entity | None,
    view: SentenceRef, ctx: DocContext, *, recipient: Entity | None = None,
) -> None:  # fmt: skip
    """Record that ``person`` proposed ``proposed`` (when, at which event, to which body)."""
    entity = find(ctx.proposals, proposer=person, proposed=proposed)
    if entity is None:
        zh_person, zh_org = zh_short(person), zh_short(proposed)
        entity = Entity(
            Kind.PROPOSAL,
            f"{proposed.key} proposed by {person.key}",
            f"Proposal of the {short_name(proposed)} by {person.label_en}",
            f"{zh_person}关于{zh_org}的倡议" if zh_person and zh_org else None,
        )
        ctx.proposals[entity] = ProposalFacts(person, proposed)
    facts: list[tuple[Entity, str, Entity | Value]] = [
        (entity, "cica:proposer", person),
        (entity, "cica:proposed", proposed),
    ]
    if date is not None:
        facts.append((entity, "schema:startDate", date))
    if occasion is not None:
        facts.append((entity, "schema:superEvent", occasion))
    if recipient is not None:  # "proposed it to the UN General Assembly"
        facts.append((entity, "schema:recipient", recipient))
    ctx.state(view, f"{view.sentence.lang}:proposal", 0.85, *facts)
    ctx.anchor(
        entity, zh_forms(person), ("提出", "倡议", "建议"), zh_date_forms(date) if date else ()
    )
    ctx.remember(entity)
