"""Relations stated in Chinese, read as patterns over a sentence's typed items.

No Chinese parser installs offline, so a Chinese sentence is read as a sequence of typed
items found through the lexicon: named things (gazetteer), concepts, dates (``dates``),
ordinals (第四次) and trigger words (举行, 担任, 提出). Each rule says which items a fact needs
and in which order; entities are keyed as the English rules key them, so a fact stated in
both passages becomes one fact with two quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cica_kg.extract.concept_patterns import chinese_concepts
from cica_kg.extract.context import DocContext, SentenceRef
from cica_kg.extract.lexicon import LexEntry, gazetteer
from cica_kg.extract.records import SummitFacts, find
from cica_kg.extract.relations.events import numbered_session, record_summit
from cica_kg.extract.relations.membership import record_count
from cica_kg.extract.relations.posts import record_post, record_title
from cica_kg.extract.relations.presidency import record_term
from cica_kg.extract.relations.proposal import record_proposal
from cica_kg.kinds import DOCUMENTS, Kind
from cica_kg.model import Entity, Sentence, Value
from cica_kg.text.dates import find_dates
from cica_kg.text.hanzi import simplified
from cica_kg.text.numbers import zh_int

_ORDINAL = re.compile(r"第([0-9一二三四五六七八九十]+)[次届]")
_COUNT = re.compile(r"(\d+)个成员国|成员国(?:增至|达到|增加到)(\d+)个")
_REFER_BACK = re.compile(r"本次峰会|此次峰会|(?<![峰长议大])会上|至此")  # not 上海峰会上
_HAND_OVER = re.compile(r"移交|交给|转交")  # the first state hands the chair to the second
_CLAUSE_MARK = "，,；;。"


@dataclass(frozen=True)
class Item:
    """A typed item of a Chinese sentence (offsets relative to the sentence)."""

    entity: Entity
    start: int
    end: int
    entry: LexEntry


def _zh_number(text: str) -> int:
    try:
        return zh_int(text)
    except ValueError:
        return 0


@lru_cache(maxsize=1)
def _gazetteer_forms() -> tuple[tuple[str, LexEntry], ...]:
    """Every Chinese form of the gazetteer, longest first."""
    pairs = ((form, entry) for entry in gazetteer() for form in entry.zh_forms())
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


def items(sentence: Sentence) -> list[Item]:
    """Named things of a sentence, longest name first, without overlaps; then the concepts it
    speaks of (by pattern, decision 0101) outside those names."""
    found: list[Item] = []
    text = simplified(sentence.text)  # one character for one: offsets hold
    for form, entry in _gazetteer_forms():
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if not any(i.start < end and at < i.end for i in found):
                found.append(Item(entry.entity, at, end, entry))
            at = text.find(form, end)
    names = list(found)
    for entry, start, end in chinese_concepts(sentence.text):
        if not any(i.start < end and start < i.end for i in names):
            found.append(Item(entry.entity, start, end, entry))
    return sorted(found, key=lambda i: i.start)


def _of(found: list[Item], kind: Kind) -> list[Item]:
    return [i for i in found if i.entity.kind == kind]


def _dates(sentence: Sentence) -> list[tuple[Value, Value | None]]:
    result = []
    for date in find_dates(sentence.text, lang="zh"):
        until = date.until
        end = Value(until.iso, datatype=until.datatype) if until else None
        result.append((Value(date.value.iso, datatype=date.value.datatype), end))
    return result


def _ordinal(text: str, noun: str) -> int | None:
    if f"首次{noun}" in text or f"首届{noun}" in text:
        return 1
    for match in _ORDINAL.finditer(text):
        if text[match.end() :].startswith(noun):
            return _zh_number(match.group(1))
    return None


def _organization(found: list[Item], ctx: DocContext) -> Entity | None:
    orgs = _of(found, Kind.INTERNATIONAL_ORGANIZATION)
    return orgs[0].entity if orgs else ctx.topic


def summits(view: SentenceRef, found: list[Item], ctx: DocContext) -> None:
    """ "亚信第四次峰会于2014年5月20日至21日在上海举行"."""
    text = view.sentence.text
    if "峰会" not in text or not any(v in text for v in ("举行", "召开", "举办")):
        return
    cities, dates = _of(found, Kind.CITY), _dates(view.sentence)
    org = _organization(found, ctx)
    if org is None or not (cities or dates):
        return
    facts = SummitFacts(
        ordinal=_ordinal(text, "峰会"),
        place=cities[0].entity if cities else None,
        org=org,
        date=dates[0][0] if dates else None,
    )
    summit = record_summit(org, facts, view, ctx)
    if dates and dates[0][1] is not None:
        ctx.state(view, "zh:event", 0.85, (summit, "schema:endDate", dates[0][1]))


def posts(view: SentenceRef, found: list[Item], ctx: DocContext) -> None:
    """ "哈萨克斯坦总统纳扎尔巴耶夫" (state, role, person) or "国家主席习近平" (role, person)."""
    for person in _of(found, Kind.PERSON):
        before = [i for i in found if i.end <= person.start]
        role = before[-1] if before and before[-1].entity.kind == Kind.ROLE else None
        if role is None or role.end != person.start:
            continue
        state = before[-2] if len(before) > 1 and before[-2].end == role.start else None
        if state is not None and state.entity.kind == Kind.STATE:
            record_post(person.entity, role.entry, state.entity, view, ctx)
        else:
            record_title(person.entity, role.entry, view, ctx)


def proposals(view: SentenceRef, found: list[Item], ctx: DocContext) -> None:
    """ "纳扎尔巴耶夫于1992年10月在第47届联合国大会上倡议成立" (person, date, session, 倡议)."""
    text = view.sentence.text
    people = _of(found, Kind.PERSON)
    if not people or not any(v in text for v in ("倡议", "提出")) or "安全观" in simplified(text):
        return  # 習近平提出了亞洲安全觀 (traditional too): he proposed the concept, not the forum
    if _of(found, Kind.SECURITY_CONCEPT):
        return
    if ctx.topic is None:
        return
    dates = _dates(view.sentence)
    bodies = _of(found, Kind.BODY)
    number = _ordinal(text, bodies[0].entry.zh_forms()[-1]) if bodies else None
    session = None
    if number is not None:
        session = numbered_session(number, bodies[0].entity, view, ctx, extractor="zh:event")
    date = dates[0][0] if dates else None
    record_proposal(people[0].entity, ctx.topic, date, session, view, ctx)


def _clause_states(text: str, states: list[Item]) -> list[Item]:
    """The states of the clause that names 主席国, in text order ("接纳伊拉克为成员国，土耳其
    接任主席国": Turkey, not Iraq; "中国从土耳其手中接任": China first)."""
    at = simplified(text).find("主席国")
    begin = max(text.rfind(mark, 0, at) for mark in "，,；;。") + 1
    ends = [i for i in (text.find(mark, at) for mark in "，,；;。") if i >= 0]
    end = min(ends) if ends else len(text)
    inside = [i for i in states if begin <= i.start and i.end <= end]
    return sorted(inside, key=lambda i: i.start)


def presidencies(view: SentenceRef, found: list[Item], ctx: DocContext) -> None:
    """ "中国自2014年5月担任,2016年连任亚信会议主席国" / "中国从土耳其手中接任亚信主席国"."""
    text = view.sentence.text
    if "主席国" not in text:
        return
    states, dates = _clause_states(text, _of(found, Kind.STATE)), _dates(view.sentence)
    org = _organization(found, ctx)
    if not states or org is None:
        return
    state, start = states[0].entity, dates[0][0] if dates else None
    if len(states) > 1 and _HAND_OVER.search(text[states[0].end : states[1].start]):
        record_term(states[1].entity, org, start, None, view, ctx)  # A将主席国移交B: B begins,
        record_term(state, org, None, start, view, ctx)  # A's term ends then
        return
    end = dates[1][0] if len(dates) > 1 and "至" in text and "连任" not in text else None
    term = record_term(state, org, start, end, view, ctx)
    if "连任" in text and len(dates) > 1:
        renewed = record_term(state, org, dates[1][0], None, view, ctx)
        ctx.state(view, "zh:presidency", 0.75, (renewed, "cica:renews", term))
    if "从" in text and len(states) > 1:  # 从土耳其手中接任: the previous holder's term ended
        record_term(states[1].entity, org, None, start, view, ctx)


def member_counts(view: SentenceRef, found: list[Item], ctx: DocContext) -> None:
    """ "亚信会议已有26个成员国" / "亚信成员国增至26个"."""
    match = _COUNT.search(view.sentence.text)
    org = _organization(found, ctx)
    if match is None or org is None:
        return
    number = int(match.group(1) or match.group(2))
    record_count(number, org, _summit_named(view, found, ctx, match), None, view, ctx)


def _summit_named(
    view: SentenceRef, found: list[Item], ctx: DocContext, count: re.Match[str]
) -> Entity | None:
    """The summit the count's clause, or the clause just before it, names ("2014年的上海亚信
    峰会"), or the last one ("本次峰会"); "A在X峰会上加入；同年B加入，成员国增至N个": none."""
    whole = view.sentence.text
    begin = max(whole.rfind(mark, 0, count.start()) for mark in _CLAUSE_MARK)
    begin = max(whole.rfind(mark, 0, begin) for mark in _CLAUSE_MARK) + 1 if begin > 0 else 0
    text = whole[begin : count.end()]
    if _REFER_BACK.search(text):
        return ctx.last.get(Kind.SUMMIT)
    if "峰会" not in text:
        return None
    dates = _dates(view.sentence)
    cities = [c for c in _of(found, Kind.CITY) if begin <= c.start < count.end()]
    year = dates[0][0].lexical[:4] if dates else None
    place = cities[0].entity if cities else None
    return find(ctx.summits, ("year", "place"), year=year, place=place) if year or place else None


def concept_and_commitments(view: SentenceRef, found: list[Item], ctx: DocContext) -> None:
    """ "习近平提出…共同、综合、合作、可持续的亚洲安全观" and "恪守《联合国宪章》…互不干涉内政"."""
    text = view.sentence.text
    concept = _of(found, Kind.SECURITY_CONCEPT)
    person = _of(found, Kind.PERSON)
    speaker = person[0].entity if person else (ctx.last.get(Kind.PERSON) if "他" in text else None)
    if concept and speaker and any(v in text for v in ("提出", "倡导")):
        facts = [(concept[0].entity, "cica:introducedBy", speaker)]
        facts += [(concept[0].entity, "cica:hasComponent", i.entity)
                  for i in _of(found, Kind.CONCEPT_COMPONENT)]  # fmt: skip
        ctx.state(view, "zh:concept", 0.75, *facts)
    org = _organization(found, ctx)
    if org is None or not any(v in text for v in ("恪守", "坚持", "遵守", "奉行")):
        return
    charters = [i.entity for i in found if i.entity.kind in DOCUMENTS]
    commitments: list[tuple[Entity, str, Entity]] = [(org, "cica:committedTo", c) for c in charters]
    for principle in _of(found, Kind.PRINCIPLE):
        commitments.append((org, "cica:committedTo", principle.entity))
        commitments += [(principle.entity, "dcterms:source", c) for c in charters]
    ctx.state(view, "zh:commitment", 0.75, *commitments)


RULES = (summits, posts, proposals, presidencies, member_counts, concept_and_commitments)


def chinese_relations(ctx: DocContext) -> None:
    """Apply every Chinese rule to every Chinese sentence, in text order."""
    for sentence in ctx.document.sentences("zh"):
        view = SentenceRef(sentence)
        found = items(sentence)
        for rule in RULES:
            rule(view, found, ctx)
        for item in found:
            if item.entity.kind == Kind.PERSON:
                ctx.remember(item.entity)
