"""Presidency terms: "China assumed the CICA presidency in May 2014 and renewed its term"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceRef, SentenceView
from cica_kg.extract.naming import short_name, year_of, zh_date_forms, zh_forms, zh_short
from cica_kg.extract.records import TermFacts
from cica_kg.extract.relations.events import event_date, resolve_event
from cica_kg.extract.syntax import (
    children,
    clause_dates,
    mention_or_coref,
    prep_objects,
    subject,
    verbs,
)
from cica_kg.kinds import ORGANIZATIONS, Kind
from cica_kg.model import Entity, Value

if TYPE_CHECKING:
    from spacy.tokens import Token

ASSUME = {"assume", "take", "hold", "receive", "chair", "preside", "head", "lead"}
RENEW = {"renew", "extend", "prolong"}
HAND = {"hand", "pass", "transfer"}
OFFICE = {"presidency", "chairmanship", "chair", "chairpersonship"}
TERM = {"term", "mandate", *OFFICE}
_END = {"to", "until", "till", "through"}


def _state(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    token = subject(verb)
    entity = mention_or_coref(token, view, ctx) if token is not None else None
    return entity if entity is not None and entity.kind == Kind.STATE else None


def _office(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """The organization whose presidency the verb is about, or None if it is not about one."""
    for obj in children(verb, {"dobj", "nsubjpass"}):
        if obj.lemma_.lower() in OFFICE:
            entity = mention_or_coref(obj, view, ctx)
            return entity if entity is not None and entity.kind in ORGANIZATIONS else ctx.topic
        if verb.lemma_.lower() in {"chair", "preside", "head"}:
            entity = mention_or_coref(obj, view, ctx)
            return entity if entity is not None and entity.kind in ORGANIZATIONS else None
    return None


def _dates(verb: Token, view: SentenceView) -> tuple[Value | None, Value | None]:
    start = end = None
    for value, root in clause_dates(verb, view):
        if root.head.lower_ in _END:
            end = end or value
        else:
            start = start or value
    return start, end


def presidencies(view: SentenceView, ctx: DocContext) -> None:
    """Record presidency terms and their renewals."""
    for verb in verbs(view.doc, ASSUME):
        state, org = _state(verb, view, ctx), _office(verb, view, ctx)
        if state is None or org is None:
            continue
        start, end = _dates(verb, view)
        if start is None:  # "On that occasion Turkey took over": the occasion's date
            occasions = [
                resolve_event(t, view, ctx) for t in prep_objects(verb, {"on", "at", "during"})
            ]
            start = next((d for d in (event_date(e, ctx) for e in occasions) if d), None)
        term = record_term(state, org, start, end, view, ctx)
        _handover(verb, state, org, start, view, ctx)
        _renewals(verb, state, org, term, view, ctx)
    for verb in verbs(view.doc, HAND):
        _handed(verb, view, ctx)
    for verb in verbs(view.doc, RENEW):
        if verb.dep_ != "conj":  # "It extended its term in 2012": renews the last term
            _renewed_alone(verb, view, ctx)


def _renewed_alone(verb: Token, view: SentenceView, ctx: DocContext) -> None:
    earlier = ctx.last.get(Kind.PRESIDENCY_TERM)
    state = _state(verb, view, ctx)
    if earlier is None or state is None:
        return
    known = ctx.terms.get(earlier)
    if known is not None and known.state == state:
        _renewals_of(verb, state, known.org, earlier, view, ctx)


def _handed(verb: Token, view: SentenceView, ctx: DocContext) -> None:
    """ "it handed the chairmanship to Turkey in 2010": one term ends, the next begins."""
    giver, org = _state(verb, view, ctx), _office(verb, view, ctx)
    receivers = [mention_or_coref(t, view, ctx) for t in prep_objects(verb, {"to"})]
    receiver = next((e for e in receivers if e is not None and e.kind == Kind.STATE), None)
    if giver is None or org is None or receiver is None:
        return
    date, _ = _dates(verb, view)
    record_term(receiver, org, date, None, view, ctx)
    record_term(giver, org, None, date, view, ctx)


def _renewals(
    verb: Token, state: Entity, org: Entity, term: Entity, view: SentenceView, ctx: DocContext
) -> None:
    """ "... and renewed its term in 2016": a new term that renews the first."""
    for renewal in (c for c in verb.conjuncts if c.lemma_.lower() in RENEW):
        _renewals_of(renewal, state, org, term, view, ctx)


def _renewals_of(
    renewal: Token, state: Entity, org: Entity, term: Entity, view: SentenceView, ctx: DocContext
) -> None:
    if any(o.lemma_.lower() in TERM for o in children(renewal, {"dobj"})):
        new_start, new_end = _dates(renewal, view)
        renewed = record_term(state, org, new_start, new_end, view, ctx)
        ctx.state(view, f"{view.sentence.lang}:presidency", 0.8, (renewed, "cica:renews", term))
        ctx.anchor(renewed, ("连任", "续任"), zh_date_forms(new_start) if new_start else ())


def _handover(
    verb: Token, state: Entity, org: Entity, start: Value | None,
    view: SentenceView, ctx: DocContext,
) -> None:  # fmt: skip
    """ "took over the chairmanship from Kazakhstan": the previous holder's term ended then."""
    if verb.lemma_.lower() not in {"take", "receive", "assume"}:
        return
    for token in prep_objects(verb, {"from"}):
        previous = mention_or_coref(token, view, ctx)
        if previous is not None and previous.kind == Kind.STATE and previous != state:
            record_term(previous, org, None, start, view, ctx)


def record_term(
    state: Entity, org: Entity, start: Value | None, end: Value | None,
    view: SentenceRef, ctx: DocContext,
) -> Entity:  # fmt: skip
    """The presidency term of ``state`` over ``org`` from ``start`` (to ``end``), stated."""
    when = start.lexical if start else ""
    label = f"{state.label_en} presidency of {short_name(org)}" + (f" ({when})" if when else "")
    state_zh, org_zh = zh_short(state), zh_short(org)
    label_zh = None
    if state_zh and org_zh:
        label_zh = f"{state_zh}担任{org_zh}主席国" + (f"({year_of(start)}年)" if start else "")
    term = Entity(Kind.PRESIDENCY_TERM, f"{org.key} presidency {state.key} {when}", label, label_zh)
    ctx.terms.setdefault(term, TermFacts(state, org))
    facts: list[tuple[Entity, str, Entity | Value]] = [
        (term, "cica:presidingState", state),
        (term, "cica:presidencyOf", org),
    ]
    facts += [(term, "schema:startDate", start)] if start else []
    facts += [(term, "schema:endDate", end)] if end else []
    ctx.state(view, f"{view.sentence.lang}:presidency", 0.8, *facts)
    ctx.anchor(term, zh_forms(state), ("主席国", "主席"), zh_date_forms(start) if start else ())
    ctx.remember(term)
    return term
