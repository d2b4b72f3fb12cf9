"""Member counts: "the number of CICA member states increased to 26 at the 2014 Summit"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceRef, SentenceView
from cica_kg.extract.naming import short_name, zh_number_forms, zh_short
from cica_kg.extract.relations.events import resolve_event
from cica_kg.extract.syntax import clause_dates, clause_verb, mention_or_coref, prep_objects
from cica_kg.kinds import EVENTS, ORGANIZATIONS, Kind
from cica_kg.model import Entity, Value
from cica_kg.text.numbers import cardinal

if TYPE_CHECKING:
    from spacy.tokens import Token

GROW = {"increase", "rise", "grow", "reach", "expand", "climb", "total", "stand", "number", "have",
        "raise", "bring", "boost"}  # fmt: skip
MEMBER_WORDS = {"member", "members", "membership"}


def _count(token: Token) -> int | None:
    in_words = cardinal(token.lower_)
    if in_words is not None:
        return in_words if in_words > 1 else None  # "one member" is not a member count
    text = token.text.replace(",", "")
    if token.like_num and text.isdigit() and not (len(text) == 4 and 1900 < int(text) < 2100):
        return int(text)
    return None


def _about_members(token: Token, verb: Token | None) -> bool:
    near = [token.head, *token.head.children] if token.dep_ == "nummod" else []
    if any(t.lemma_.lower() == "observer" for t in near):
        return False  # "10 observer states": observers, not members
    if verb is not None:
        near += list(verb.subtree)
    return any(t.lemma_.lower() in MEMBER_WORDS for t in near)


def member_counts(view: SentenceView, ctx: DocContext) -> None:
    """Record "N member states" counts with the event or date they hold at."""
    for token in view.doc:
        number = _count(token)
        if number is None:
            continue
        verb = clause_verb(token)
        counted_verb = verb if verb is not None and verb.lemma_.lower() in GROW else None
        if not _about_members(token, counted_verb):
            continue
        _record(number, counted_verb, view, ctx)


def _organization(verb: Token | None, view: SentenceView, ctx: DocContext) -> Entity | None:
    scope = list(verb.subtree) if verb is not None else list(view.doc)
    for token in scope:
        entity = mention_or_coref(token, view, ctx)
        if entity is not None and entity.kind in ORGANIZATIONS:
            return entity
    return ctx.topic


def _event_tokens(verb: Token) -> list[Token]:
    """Where an event may stand: "at the summit", or the summit that "raised" the number."""
    tokens = prep_objects(verb, {"at", "during", "by", "as"})
    tokens += [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() == "summit"]
    if verb.dep_ == "relcl":
        tokens.append(verb.head)  # "the 2014 summit, which raised the number ..."
    if verb.dep_ == "advcl":  # "became members at the summit, bringing the number to eight"
        tokens += prep_objects(verb.head, {"at", "during"})
    return tokens


def _record(number: int, verb: Token | None, view: SentenceView, ctx: DocContext) -> None:
    org = _organization(verb, view, ctx)
    if org is None:
        return
    event = None
    date: Value | None = None
    if verb is not None:
        events = [resolve_event(t, view, ctx) for t in _event_tokens(verb)]
        event = next((e for e in events if e is not None and e.kind in EVENTS), None)
        dates = clause_dates(verb, view)
        date = dates[0][0] if dates else None
    record_count(number, org, event, date, view, ctx)


def record_count(
    number: int, org: Entity, event: Entity | None, date: Value | None,
    view: SentenceRef, ctx: DocContext,
) -> None:  # fmt: skip
    """Record that ``org`` had ``number`` members as of ``event`` / ``date``."""
    summit = ctx.summits.get(event) if event is not None else None
    if date is None and summit is not None and summit.year:
        date = Value(summit.year, datatype="xsd:gYear")
    entity = _state_count(_MEMBERS, number, org, event, date, view, ctx)
    ctx.anchor(entity, zh_number_forms(number), ("成员国", "成员"))


@dataclass(frozen=True)
class _Counted:
    """What a count counts: its class, key word, labels, property and extractor."""

    kind: Kind
    key: str
    label: str
    label_zh: str
    predicate: str
    extractor: str


_MEMBERS = _Counted(Kind.MEMBER_COUNT, "members", "member states", "成员国数量",
                    "cica:memberCount", "member-count")  # fmt: skip
_OBSERVERS = _Counted(Kind.OBSERVER_COUNT, "observers", "observers", "观察员数量",
                      "cica:observerCount", "observer-count")  # fmt: skip


def record_observer_count(
    number: int, org: Entity, event: Entity | None, date: Value | None,
    view: SentenceRef, ctx: DocContext,
) -> None:  # fmt: skip
    """Record that ``org`` had ``number`` observers as of ``event`` / ``date``."""
    _state_count(_OBSERVERS, number, org, event, date, view, ctx)


def _state_count(
    counted: _Counted, number: int, org: Entity, event: Entity | None, date: Value | None,
    view: SentenceRef, ctx: DocContext,
) -> Entity:  # fmt: skip
    """The count node of ``counted`` as of ``event`` / ``date``, stated."""
    when = date.lexical if date else ""
    label = f"{short_name(org)} {counted.label}: {number}" + (f" ({when})" if when else "")
    org_zh = zh_short(org)
    label_zh = None
    if org_zh:
        label_zh = f"{org_zh}{counted.label_zh}:{number}" + (f"({when[:4]}年)" if when else "")
    entity = Entity(counted.kind, f"{org.key} {counted.key} {number} {when}", label, label_zh)
    facts: list[tuple[Entity, str, Entity | Value]] = [
        (entity, "cica:countOf", org),
        (entity, counted.predicate, Value(str(number), "xsd:nonNegativeInteger")),
    ]
    if event is not None:
        facts.append((entity, "cica:asOfEvent", event))
    if date is not None:
        facts.append((entity, "dcterms:date", date))
    ctx.state(view, f"{view.sentence.lang}:{counted.extractor}", 0.8, *facts)
    return entity
