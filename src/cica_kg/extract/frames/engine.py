"""Frames over clauses: a trigger word, then each slot filled with the typed mentions around it.

For each sentence (English, parsed; Chinese, segmented by jieba and read in simplified script):

1. typed mentions (:mod:`.typed`); meetings resolved to one event per meeting (:mod:`.meetings`);
2. clauses: English clauses from the parse (a conjoined, adverbial or complement verb starts a
   new one); Chinese clauses between commas and semicolons;
3. a trigger of a frame (:mod:`.lexicon`) opens an instance; each slot takes the nearest
   mention of its types in the trigger's clause (every one, for a list slot), else the nearest
   in the sentence (lower confidence), else its default (the article's topic);
4. field lines ("First summit: 4 June 2002, Almaty"; 时间：/地点：/成果： under a meeting heading)
   are statements about the meeting they head.

Facts that name a meeting wait until the document is read, so that the event is named from
everything the document says of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceRef, SentenceView
from cica_kg.extract.frames.lexicon import Frame, Slot, frames
from cica_kg.extract.frames.meetings import Meeting, MeetingIndex, alternative_names
from cica_kg.extract.frames.places import city_states
from cica_kg.extract.frames.typed import (
    MeetingRef,
    Typed,
    chinese,
    english,
    meeting_kind,
    topic_secretariat,
)
from cica_kg.extract.lexicon import gazetteer
from cica_kg.extract.naming import short_name, zh_short
from cica_kg.extract.relations.events import numbered_session
from cica_kg.extract.relations.membership import record_count, record_observer_count
from cica_kg.extract.relations.presidency import record_term
from cica_kg.extract.relations.proposal import record_proposal
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Evidence, Sentence, Value
from cica_kg.text.hanzi import simplified

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Term = Entity | Value | Meeting
Filled = dict[str, list[tuple[Term, "Typed | None"]]]
"""A frame's filled slots: each value with the mention it came from (None: a default)."""
FALLBACK_FACTOR = 0.85
"""Confidence factor of a slot filled from outside the trigger's clause."""
_CLAUSE_DEPS = {"conj", "ccomp", "advcl", "parataxis"}
_ZH_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_ZH_FIELD = re.compile(r"^\s*(?P<key>时间|日期|地点|举办地|会址|成果|主要成果|内容)\s*[:：]")
_EN_FIELD = re.compile(r"^\s*(?P<key>[^:\n]{2,60}):\s*\S")
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,30},\s+(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2},?)\s+"
    r"(?P<year>\d{4})\s*(?:–|—|--|-|\()"
)
_PRONOUN = re.compile(r"^\s*(?:It|Its)\b|^\s*(?:该机构|其)")  # a subject pronoun opens it
_NAME_ARTICLE = re.compile(r"^(?:the|its|their|this|that|a|an)\s+", re.IGNORECASE)
_POSSESSOR = re.compile(
    r"(?:\b[Ii]ts|\b(?:the\s+)?(?:forum|organi[sz]ation|conference|grouping|CICA)[’']s)\s+$"
)
_CONCEPT_TYPES = frozenset({"principle", "cbm-area", "cooperation-area", "component"})
_ROLE_NAMES = {"cica:MemberRole": ("member", "成员国"), "cica:ObserverRole": ("observer", "观察员")}


@dataclass(frozen=True)
class Trigger:
    """Where a frame's trigger word stands (document offsets) and its clause."""

    frame: Frame
    start: int
    end: int
    clause: int


@dataclass
class _Sentence:
    """A sentence being read: its typed mentions and their clauses."""

    sentence: Sentence
    typed: list[Typed]
    clause_of: dict[int, int]  # start offset of a typed mention → clause number
    meetings: dict[int, Meeting] = field(default_factory=dict)  # start offset → meeting
    triggers: list[Trigger] = field(default_factory=list)
    qualified: dict[int, int] = field(default_factory=dict)  # city start → its state's start
    places: list[tuple[Typed, Typed]] = field(default_factory=list)  # (city, state)
    modifiers: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, head)
    subjects: set[int] = field(default_factory=set)  # English clauses with a subject of their own
    field: bool = False  # a field line ("Secretary General: Kairat Sarybay")

    def clause(self, mention: Typed) -> int:
        return self.clause_of.get(mention.start, -1)


@dataclass
class _Pending:
    subject: Term
    predicate: str
    obj: Term
    evidence: Evidence


@dataclass
class FrameReader:
    """Reads one document's sentences into frame facts (:meth:`read`, then :meth:`finish`)."""

    ctx: DocContext
    index: MeetingIndex = field(default_factory=MeetingIndex)
    pending: list[_Pending] = field(default_factory=list)
    counts: list[tuple[str, int, Meeting | None, Value | None, Sentence]] = field(
        default_factory=list
    )
    heading: Meeting | None = None
    last_role: Entity | None = None  # the title named last ("that post" refers to it)
    open_lists: dict[str, tuple[Trigger, Filled, int]] = field(default_factory=dict)
    prior_role: Entity | None = None  # ... before the sentence being read
    names: list[tuple[Meeting, str, Evidence]] = field(default_factory=list)
    last_body: Entity | None = None
    dateline_year: str | None = None  # "SHANGHAI, 21 May 2014 – ...": the article's year

    @property
    def anchor_year(self) -> str | None:
        date = self.ctx.document.date
        return date[:4] if date else self.dateline_year

    def _dateline(self, sentence: Sentence) -> None:
        """A dateline opening a sentence ("BERLIN, 3 March 2011 – ...") dates the article when
        no byline does."""
        if self.ctx.document.date is None and self.dateline_year is None:
            match = _DATELINE.match(sentence.text)
            self.dateline_year = match["year"] if match else None

    def prime(self, title: str | None) -> None:
        """The kind of meeting the title speaks of is the kind of "the first meeting"."""
        kind = meeting_kind(title) if title else None
        if kind is not None:
            self.index.current_kind = kind

    def read_english(self, view: SentenceView) -> None:
        """Read a parsed English sentence."""
        self._dateline(view.sentence)
        typed = english(view, self.anchor_year, self.ctx.topic, self.ctx.document.date)
        clause_of = _english_clauses(view, typed)
        _colon_subjects(view, typed, clause_of)
        state = _Sentence(view.sentence, typed, clause_of)
        state.modifiers = _modifier_spans(view, typed)
        state.subjects = {t.head.i for t in view.doc if t.dep_ in {"nsubj", "nsubjpass"}}
        self._resolve(state)
        self._qualify(state)
        triggers = list(_english_triggers(view, state))
        if _is_field_line(view):  # "Proposed: 5 October 1992, by ...": one clause, the topic's
            state.field = True
            colon = view.sentence.start + view.sentence.text.find(":")
            state.typed = [t for t in state.typed  # "UN status: observer in ...": not the UN's
                           if t.end > colon or t.type not in {"state", "organization"}]  # fmt: skip
            state.clause_of = dict.fromkeys(state.clause_of, 0)
            triggers = [replace(t, clause=0) for t in triggers]
            triggers += self._field_triggers(state, True)
        self._read(state, triggers)

    def read_chinese(self, sentence: Sentence) -> None:
        """Read a Chinese sentence (either script)."""
        typed = chinese(sentence, self.anchor_year, self.ctx.topic, self.ctx.document.date)
        text = simplified(sentence.text)
        clause_of = {t.start: _zh_clause(text, t.start - sentence.start) for t in typed}
        state = _Sentence(sentence, typed, clause_of)
        self._resolve(state)
        self._qualify(state)
        field_match = _ZH_FIELD.match(text)
        triggers = list(_chinese_triggers(text, sentence, state))
        if field_match is not None and self.heading is not None:
            self._field_line(state, field_match["key"])
        self._read(state, triggers)

    # ------------------------------------------------------------ meetings and headings

    def _resolve(self, state: _Sentence) -> None:
        for mention in sorted(state.typed, key=lambda t: t.start):
            if mention.meeting is not None and mention.meeting.plural:
                self.index.current_kind = mention.meeting.kind or self.index.current_kind
            elif mention.meeting is not None:
                meeting = self.index.resolve(mention.meeting)
                if meeting is not None:
                    state.meetings[mention.start] = meeting
                    self._remember_name(meeting, mention, state.sentence)
        meetings = [t for t in state.typed if t.start in state.meetings]
        text = state.sentence.text.strip()
        if len(meetings) == 1 and len(text) <= len(meetings[0].surface) + 6:
            self.heading = state.meetings[meetings[0].start]  # a heading line: "第二次外长会议"

    def _remember_name(self, meeting: Meeting, mention: Typed, sentence: Sentence) -> None:
        """The text's own name for a meeting ("the Istanbul summit", "首届外长会议")."""
        ref = mention.meeting
        if ref is None or ref.anaphoric or ref.kind is None or ref.plural:
            return
        name = _NAME_ARTICLE.sub("", mention.surface).strip()
        if sentence.lang == "en" and name[:1].islower():
            name = name[0].upper() + name[1:]
        start = mention.end - len(name)
        evidence = self.ctx.evidence(
            sentence, f"{sentence.lang}:meeting-name", 0.85, span=(start, mention.end)
        )
        self.names.append(
            (
                meeting,
                name if sentence.lang == "en" else self.ctx.document.text[start : mention.end],
                evidence,
            )
        )

    def _field_triggers(self, state: _Sentence, is_field: bool) -> list[Trigger]:
        """A field line states facts of what its key names: "First summit: 4 June 2002, Almaty"
        (when and where it was held), "Secretariat: Astana" (where the body sits)."""
        if not is_field:
            return []
        colon = state.sentence.start + state.sentence.text.find(":")
        keys = [t for t in state.typed if t.end <= colon]
        if any(t.start in state.meetings for t in keys):
            frame = _frame("held")
        elif any(t.type == "body" for t in keys):
            frame = _frame("seat")
        else:
            return []
        return [Trigger(frame, colon, colon + 1, 0)]

    def _field_line(self, state: _Sentence, key: str) -> None:
        """时间：/地点： under a meeting heading: the heading meeting's date or place."""
        assert self.heading is not None
        evidence = self.ctx.evidence(state.sentence, "zh:frame:field", 0.85)
        if key in {"时间", "日期"}:
            date = next((t for t in state.typed if t.type == "date"), None)
            if date is not None and date.value is not None:
                self.heading.learn(date=date.value)
                self._fact(self.heading, "schema:startDate", date.value, evidence)
                if date.until is not None:
                    self._fact(self.heading, "schema:endDate", date.until, evidence)
        elif key in {"地点", "举办地", "会址"}:
            city = next((t for t in state.typed if t.type == "city"), None)
            if city is not None and city.entity is not None:
                self.heading.learn(city=city.entity)
                self._fact(self.heading, "schema:location", city.entity, evidence)

    # ------------------------------------------------------------ frames

    def _read(self, state: _Sentence, triggers: Sequence[Trigger]) -> None:
        state.triggers = list(triggers)
        self.prior_role = self.last_role
        self._resolve_posts(state)
        titles = [t.entity for t in state.typed if t.type.endswith("-role") and t.entity]
        self.last_role = titles[-1] if titles else self.last_role
        for trigger in triggers:
            self._instance(state, trigger)
        self._continue_lists(state, {t.frame.name for t in triggers})
        self._counts(state)
        self._places(state)
        self._units(state)
        bodies = [t.entity for t in state.typed if t.type == "body" and t.entity is not None]
        self.last_body = bodies[-1] if bodies else self.last_body

    def _instance(self, state: _Sentence, trigger: Trigger) -> None:
        frame = trigger.frame
        if not _in_context(frame, state, self.ctx.topic) or _yields(trigger, state):
            return
        if frame.name == "held" and self._held_list(state, trigger):
            return
        filled: Filled = {}
        confidence = frame.confidence
        for slot in frame.slots:
            values, fell_back = self._fill(slot, state, trigger)
            if fell_back:
                confidence *= FALLBACK_FACTOR
            if values:
                filled[slot.name] = values
        if frame.continues and frame.hub_slot in filled:
            self.open_lists[frame.name] = (trigger, filled, frame.continues)
        if any(s.required and s.name not in filled for s in frame.slots):
            return
        lang = state.sentence.lang
        evidence = self.ctx.evidence(
            state.sentence, f"{lang}:frame:{frame.name}", round(confidence, 2)
        )
        self._state(frame, filled, state.sentence, evidence)

    def _continue_lists(self, state: _Sentence, triggered: set[str]) -> None:
        """A list a frame opened goes on in the next sentences that name its items without a
        trigger ("sorts them into five dimensions. The first covers military ...")."""
        for name, (trigger, filled, left) in list(self.open_lists.items()):
            if name in triggered:
                continue
            if left <= 1:
                del self.open_lists[name]
            else:
                self.open_lists[name] = (trigger, filled, left - 1)
            frame = trigger.frame
            assert frame.hub_slot is not None
            items: Filled = {frame.hub_slot: filled[frame.hub_slot]}
            for slot in frame.slots:
                if slot.many and slot.name != frame.hub_slot:
                    found = [t for t in state.typed if t.type in slot.types]
                    terms: list[tuple[Term, Typed | None]] = [
                        (term, t) for t in found if (term := _term(t, state)) is not None
                    ]
                    if terms:
                        items[slot.name] = terms
            if len(items) > 1:
                confidence = round(frame.confidence * FALLBACK_FACTOR, 2)
                lang = state.sentence.lang
                evidence = self.ctx.evidence(state.sentence, f"{lang}:frame:{name}", confidence)
                self._state(frame, items, state.sentence, evidence)

    def _held_list(self, state: _Sentence, trigger: Trigger) -> bool:
        """One meeting per place and date of a list: "summits were convened in Almaty in June
        2006, in Istanbul in June 2010, ...", 此后的峰会先后在阿拉木图（2006年）、伊斯坦布尔召开."""
        plural = next((t for t in state.typed if t.meeting is not None and t.meeting.plural), None)
        if plural is None or plural.meeting is None:
            return False
        kind = plural.meeting.kind or self.index.current_kind
        items = [t for t in state.typed if t.type in {"city", "date"} and t.start > plural.start
                 and (t.type == "city" or t.value is not None)]  # fmt: skip
        pairs = _place_date_pairs(items)
        if kind is None or not pairs:
            return True
        evidence = self.ctx.evidence(state.sentence, f"{state.sentence.lang}:frame:held-list", 0.8)
        for city, date in pairs:
            assert city.entity is not None and date.value is not None
            ref = MeetingRef(Kind(kind), year=date.value.lexical[:4], city=city.entity)
            meeting = self.index.resolve(ref)
            if meeting is None:
                continue
            meeting.learn(date=date.value, city=city.entity)
            self._fact(meeting, "schema:location", city.entity, evidence)
            self._fact(meeting, "schema:startDate", date.value, evidence)
        return True

    def _state(self, frame: Frame, filled: Filled, sentence: Sentence, evidence: Evidence) -> None:
        """State what a filled frame says, by the kind of node it is about."""
        if frame.hub_slot is not None:
            self._state_about_slot(frame, filled, evidence)
        elif frame.hub == Kind.MEMBERSHIP:
            self._memberships(frame, filled, evidence)
        elif frame.hub == Kind.RELOCATION:
            self._relocation(filled, evidence)
        elif frame.hub == Kind.PRESIDENCY_TERM and frame.name == "extension":
            self._extension(filled, sentence, evidence)
        elif frame.hub == Kind.PRESIDENCY_TERM:
            self._chairmanship(filled, sentence, evidence)
        elif frame.hub == Kind.PROPOSAL:
            self._proposal(filled, sentence)
        elif frame.hub == Kind.POST and frame.name == "rename":
            self._rename(filled, evidence)
        elif frame.hub == Kind.POST:
            self._post(filled, sentence, evidence)

    def _fill(
        self, slot: Slot, state: _Sentence, trigger: Trigger
    ) -> tuple[list[tuple[Term, Typed | None]], bool]:
        candidates = [t for t in state.typed if t.type in slot.types and _cued(t, slot, state)]
        if slot.en_before and state.sentence.lang == "en":  # "A succeeds B as chair and C joins"
            candidates = [t for t in candidates if t.start < trigger.start or _after_by(t, state)
                          or _colon_between(trigger.end, t.start, state)]  # fmt: skip
        if slot.types in ({"date"}, {"meeting"}):  # of two frames of one hub, the nearest one's
            candidates = [t for t in candidates if _owner(t, trigger, state) is trigger]
        if "date" in slot.types:  # "B, which had held it since 2010": not this trigger's
            candidates = [t for t in candidates if not _described(t, trigger, state)]
        whole = slot.scope == "sentence"
        near = [t for t in candidates if whole or state.clause(t) == trigger.clause]
        fell_back = False
        if not near and slot.fallback:
            near = [t for t in candidates if not _semicolon_between(t, trigger, state)
                    and not _claimed(t, slot, state, trigger)
                    and not _dated_elsewhere(t, slot, state, trigger)]  # fmt: skip
            fell_back = bool(near)
        if not near and _zero_subject(slot, state, trigger):
            earlier = [t for t in candidates if t.start < trigger.start]
            near, fell_back = earlier[-1:], bool(earlier)
        if not near:
            topic_field = slot.field_default == "topic" and state.field
            if (slot.default == "topic" or topic_field) and self.ctx.topic is not None:
                return [(self.ctx.topic, None)], False
            if "meeting" in slot.types and self.heading is not None and slot.fallback:
                return [(self.heading, None)], True
            if (
                "body" in slot.types
                and self.last_body is not None
                and (_PRONOUN.search(state.sentence.text) or _definite(trigger, state))
            ):
                return [(self.last_body, None)], True  # "It was established ...", "The move
                # to ... took place": the body before
            return [], False
        preferred = [t for t in near if t.type in slot.prefer]
        near = preferred or near  # "Kazakhstan's president, N. N., proposed": the person
        chosen = near if slot.many else [min(near, key=lambda t: abs(t.start - trigger.start))]
        return [(term, t) for t in chosen if (term := _term(t, state)) is not None], fell_back

    def _state_about_slot(self, frame: Frame, filled: Filled, evidence: Evidence) -> None:
        assert frame.hub_slot is not None
        self._event_place(frame, filled, evidence)
        for hub, _ in filled[frame.hub_slot]:
            for slot in frame.slots:
                if slot.name == frame.hub_slot or slot.predicate is None:
                    continue
                for value, mention in filled.get(slot.name, []):
                    if value is hub:
                        continue
                    self._slot_fact(hub, slot, value, mention, evidence)

    def _event_place(self, frame: Frame, filled: Filled, evidence: Evidence) -> None:
        """A slot with ``event_property`` states its value of the frame's meeting too: "the
        meeting in Ruritania City adopted the Charter" → the meeting took place there."""
        events = [v for v, _ in filled.get("event", []) if isinstance(v, Meeting)]
        for slot in frame.slots:
            if slot.event_property is None or len(events) != 1:
                continue
            for value, _ in filled.get(slot.name, [])[:1]:
                if isinstance(value, Entity) and events[0].city in (None, value):
                    events[0].learn(city=value)
                    self._fact(events[0], slot.event_property, value, evidence)

    def _slot_fact(
        self, hub: Term, slot: Slot, value: Term, mention: Typed | None, evidence: Evidence
    ) -> None:
        assert slot.predicate is not None
        if slot.inverse:  # "^org:hasUnit": the organization has the body
            self._fact(value, slot.predicate[1:], hub, evidence)
            return
        if isinstance(hub, Meeting):
            if isinstance(value, Value) and slot.predicate == "schema:startDate":
                hub.learn(date=value)
            elif isinstance(value, Entity) and slot.predicate == "schema:location":
                hub.learn(city=value)
        if isinstance(value, Value) and mention is not None and mention.type.endswith("count"):
            value = Value(value.lexical, datatype="xsd:nonNegativeInteger")
        ranged = mention is not None and mention.until is not None and mention.type == "date"
        if ranged and isinstance(value, Value) and not isinstance(hub, Meeting):
            # a membership or document dated by a meeting's days: the month, not its first day
            value = Value(value.lexical[:7], datatype="xsd:gYearMonth")
            mention = None
        self._fact(hub, slot.predicate, value, evidence)
        if mention is not None and isinstance(value, Entity) and mention.type in _CONCEPT_TYPES:
            self._original_label(value, mention, evidence)
        has_end = mention is not None and mention.until is not None
        if has_end and slot.predicate == "schema:startDate":
            assert mention is not None and mention.until is not None
            self._fact(hub, "schema:endDate", mention.until, evidence)

    def _original_label(self, concept: Entity, mention: Typed, evidence: Evidence) -> None:
        """A concept named in traditional script (軍事政治) keeps that form as a label."""
        original = self.ctx.document.text[mention.start : mention.end]
        if evidence.lang != "zh" or simplified(original) == original:
            return
        at = self.ctx.evidence(
            next(s for s in self.ctx.document.sentences("zh") if s.start <= mention.start < s.end),
            evidence.extractor, evidence.confidence, span=(mention.start, mention.end),
        )  # fmt: skip
        self._fact(concept, "skos:altLabel", Value(original, lang="zh"), at)

    def _memberships(self, frame: Frame, filled: Filled, evidence: Evidence) -> None:
        role = frame.role or "cica:MemberRole"
        org = next((v for v, _ in filled.get("organization", []) if isinstance(v, Entity)), None)
        if org is None:
            return
        for member, _ in filled["member"]:
            if not isinstance(member, Entity) or member == org:
                continue
            hub = _membership(member, org, role)
            self._fact(hub, "org:member", member, evidence)
            self._fact(hub, "org:organization", org, evidence)
            self._fact(hub, "org:role", Value(role, datatype="@id"), evidence)
            for slot in frame.slots:
                if slot.name in {"member", "organization"} or slot.predicate is None:
                    continue
                for value, mention in filled.get(slot.name, [])[:1]:
                    self._slot_fact(hub, slot, value, mention, evidence)

    def _relocation(self, filled: Filled, evidence: Evidence) -> None:
        body = filled["body"][0][0]
        destination = filled["destination"][0][0]
        if not isinstance(body, Entity) or not isinstance(destination, Entity):
            return
        label = f"relocation of the {body.label_en} to {destination.label_en}"
        body_zh, to_zh = zh_short(body), zh_short(destination)
        label_zh = f"{body_zh}迁至{to_zh}" if body_zh and to_zh else None
        hub = Entity(Kind.RELOCATION, f"{body.key} relocation {destination.key}", label, label_zh)
        frame = _frame("relocation")
        for slot in frame.slots:
            for value, mention in filled.get(slot.name, [])[:1]:
                if slot.predicate is not None:
                    self._slot_fact(hub, slot, value, mention, evidence)

    def _chairmanship(
        self,
        filled: Filled,
        sentence: Sentence,
        evidence: Evidence,
    ) -> None:
        """A chairmanship: its holder and dates; on a hand-over, the term it succeeds."""
        org = _first_entity(filled, "organization")
        nxt, previous = _first_entity(filled, "next"), _first_entity(filled, "previous")
        holder = _first_entity(filled, "holder")
        if org is None:
            return
        if nxt is not None:  # "A handed the chair to B": B's term succeeds A's
            previous, holder = previous or holder, nxt
        if holder is None or holder == previous:
            return
        date = _first_value(filled, "date")
        end = _first_value(filled, "end")
        mention = next((m for _, m in filled.get("date", []) if m is not None), None)
        if mention is not None and mention.until is not None and mention.type == "period":
            end = end or mention.until  # "for 2014–2016"; not a meeting's days ("7–9 June")
        term = record_term(holder, org, date, end, SentenceRef(sentence), self.ctx)
        event = next((v for v, _ in filled.get("event", [])), None)
        if event is not None:
            self._fact(term, "cica:handedOverAt", event, evidence)
        if previous is not None:
            before = record_term(previous, org, None, date, SentenceRef(sentence), self.ctx)
            self.ctx.add(term, "cica:succeeds", before, evidence)

    def _extension(self, filled: Filled, sentence: Sentence, evidence: Evidence) -> None:
        """A term extended to an end: the renewed term starts where the first ended."""
        holder, org = _first_entity(filled, "holder"), _first_entity(filled, "organization")
        end_mention = next((m for _, m in filled.get("end", []) if m is not None), None)
        if holder is None or org is None or end_mention is None:
            return
        end = end_mention.until or end_mention.value
        period = next((m for _, m in filled.get("period", []) if m is not None), None)
        first_end = period.until if period is not None else None
        ref = SentenceRef(sentence)
        if period is not None and first_end is not None and first_end != end:
            first = record_term(holder, org, period.value, first_end, ref, self.ctx)
            renewed = record_term(holder, org, first_end, end, ref, self.ctx)
            self.ctx.add(renewed, "cica:renews", first, evidence)

    def _proposal(self, filled: Filled, sentence: Sentence) -> None:
        proposer, proposed = _first_entity(filled, "proposer"), _first_entity(filled, "proposed")
        if proposer is None or proposed is None or proposer == proposed:
            return
        date = _first_value(filled, "date")
        event = next((v for v, _ in filled.get("event", [])), None)
        occasion = event.entity if isinstance(event, Meeting) else None
        session = next((m for _, m in filled.get("session", []) if m is not None), None)
        if occasion is None and session is not None and session.number is not None:
            occasion = numbered_session(session.number, _unga(), SentenceRef(sentence), self.ctx,
                                        extractor=f"{sentence.lang}:frame:proposal")  # fmt: skip
        recipient = _first_entity(filled, "addressee")
        record_proposal(proposer, proposed, date, occasion, SentenceRef(sentence), self.ctx,
                        recipient=recipient)  # fmt: skip

    def _resolve_posts(self, state: _Sentence) -> None:
        """ "that post", "the new title": the title named last before it (in the sentence, else
        in the sentences before)."""
        resolved: list[Typed] = []
        for mention in sorted(state.typed, key=lambda t: t.start):
            if mention.type.endswith("-role") and mention.entity is None:
                earlier = [t.entity for t in resolved if t.type.endswith("-role") and t.entity]
                role = earlier[-1] if earlier else self.prior_role
                if role is None:
                    continue
                mention = replace(mention, entity=role)
            resolved.append(mention)
        state.typed[:] = resolved

    @staticmethod
    def _role_of(mention: Typed | None, term: Term) -> Entity | None:
        """The role a title names."""
        return term if isinstance(term, Entity) and term.kind == Kind.ROLE else None

    def _post(self, filled: Filled, sentence: Sentence, evidence: Evidence) -> None:
        """Who holds which post of which body or state, and since when."""
        person = _first_entity(filled, "holder")
        term, mention = filled["role"][0]
        role = self._role_of(mention, term)
        if person is None or role is None:
            return
        state_post = mention is not None and mention.type == "state-role"
        kinds = {"state", "state-adj"} if state_post else {"body", "organization"}
        body = next((v for v, m in filled.get("body", []) if m is not None and m.type in kinds
                     and isinstance(v, Entity)), None)  # fmt: skip
        if body is None and not state_post:
            body = topic_secretariat(self.ctx.topic)
        if body is None:
            return
        post = _post_entity(role, body)
        self._fact(person, "org:holds", post, evidence)
        self._fact(post, "org:postIn", body, evidence)
        self._fact(post, "org:role", role, evidence)
        date = _first_value(filled, "date")
        if date is not None:
            tenure = _tenure(person, role, body)
            self._fact(tenure, "org:member", person, evidence)
            self._fact(tenure, "org:organization", body, evidence)
            self._fact(tenure, "org:role", role, evidence)
            self._fact(tenure, "schema:startDate", date, evidence)

    def _rename(self, filled: Filled, evidence: Evidence) -> None:
        """A post renamed: the new post cica:renamedFrom the old one, at the event named."""
        titles = [r for t, m in filled["role"] if (r := self._role_of(m, t)) is not None]
        if len(titles) == 1 and self.prior_role is not None:
            titles.insert(0, self.prior_role)
        if len(titles) < 2 or titles[0] == titles[-1]:
            return
        body = _first_entity(filled, "body") or topic_secretariat(self.ctx.topic)
        if body is None:
            return
        old, new = _post_entity(titles[0], body), _post_entity(titles[-1], body)
        for post, role in ((old, titles[0]), (new, titles[-1])):
            self._fact(post, "org:postIn", body, evidence)
            self._fact(post, "org:role", role, evidence)
        self._fact(new, "cica:renamedFrom", old, evidence)
        for event, _ in filled.get("event", [])[:1]:
            self._fact(new, "cica:renamedAt", event, evidence)

    def _counts(self, state: _Sentence) -> None:
        for mention in state.typed:
            kind = _count_kind(mention, state)
            if kind is None or mention.number is None:
                continue
            same = [t for t in state.typed if state.clause(t) == state.clause(mention)]
            meeting = _count_meeting(mention, state)
            date = _nearest(mention, [t for t in same if t.type == "date"])
            event = state.meetings[meeting.start] if meeting is not None else None
            value = date.value if date is not None else None
            self.counts.append((kind, mention.number, event, value, state.sentence))

    def _units(self, state: _Sentence) -> None:
        """A body or document said to be the organization's: "the forum's Secretariat", "its
        Secretariat", "the CICA Catalogue", 亚信秘书处 (the organization's name in its name)."""
        org, sentence = self.ctx.topic, state.sentence
        if org is None:
            return
        names = {n for n in (zh_short(org), org.label_zh) if n}
        owned = {"body": "org:hasUnit", "document": "dcterms:creator"}
        secretariat = topic_secretariat(org)  # "the Secretariat" was read as the topic's own
        for item in (t for t in state.typed if t.type in owned and t.entity is not None):
            before = sentence.text[: item.start - sentence.start]
            said = item.surface.startswith(tuple(names)) if sentence.lang == "zh" else bool(
                _POSSESSOR.search(before) or item.surface.lower().startswith("its ")
            )
            said = said or (item.entity == secretariat and secretariat is not None)
            if item.type == "document" and sentence.lang == "en":
                said = said or item.surface.startswith(f"{short_name(org)} ")  # "CICA Catalogue"
            if not said or item.entity is None:
                continue
            evidence = self.ctx.evidence(sentence, f"{sentence.lang}:frame:unit", 0.8,
                                         span=(item.start, item.end))  # fmt: skip
            if item.type == "body":
                self._fact(org, "org:hasUnit", item.entity, evidence)
            else:  # "the forum's Catalogue", 亚信信任措施目录: the organization's document
                self._fact(item.entity, "dcterms:creator", org, evidence)

    @staticmethod
    def _qualify(state: _Sentence) -> None:
        """Find the cities the sentence places in a state; a state before its city ("迁至哈萨克
        斯坦首都阿斯塔纳", "to the Kazakh capital Astana") is the city's, for the cues."""
        sentence = state.sentence
        for city, country in city_states(sentence.text, sentence.start, state.typed, sentence.lang):
            state.places.append((city, country))
            if country.start < city.start:
                state.qualified[city.start] = country.start

    def _places(self, state: _Sentence) -> None:
        """ "Almaty, Kazakhstan", 哈萨克斯坦首都阿斯塔纳: the city lies in the state."""
        sentence = state.sentence
        if not state.places:
            return
        evidence = self.ctx.evidence(sentence, f"{sentence.lang}:frame:place", 0.85)
        for city, country in state.places:
            assert city.entity is not None and country.entity is not None
            self._fact(city.entity, "schema:containedInPlace", country.entity, evidence)

    def _fact(self, subject: Term, predicate: str, obj: Term, evidence: Evidence) -> None:
        self.pending.append(_Pending(subject, predicate, obj, evidence))

    # ------------------------------------------------------------ the end of the document

    def finish(self) -> None:
        """Name every meeting, then state every fact read."""
        org = self.ctx.topic
        if org is None:
            return
        self.index.name_all(org, self.ctx)
        for meeting in self.index.meetings:
            self._meeting_facts(meeting, org)
        for item in self.pending:
            subject, obj = _entity_of(item.subject), _entity_of(item.obj)
            if subject is not None and obj is not None and isinstance(subject, Entity):
                self.ctx.add(subject, item.predicate, obj, item.evidence)
        for kind, number, event, date, sentence in self.counts:
            entity = event.entity if event is not None else None
            if kind == "member-count":
                record_count(number, org, entity, date, SentenceRef(sentence), self.ctx)
            else:
                record_observer_count(number, org, entity, date, SentenceRef(sentence), self.ctx)

    def _meeting_facts(self, meeting: Meeting, org: Entity) -> None:
        entity = meeting.entity
        assert entity is not None
        first = next((p.evidence for p in self.pending if meeting in (p.subject, p.obj)), None)
        if first is None:
            return
        self.ctx.add(entity, "schema:organizer", org, first)
        if meeting.city is not None:  # "the Shanghai summit", 上海峰会: its name says where
            self.ctx.add(entity, "schema:location", meeting.city, first)
        if meeting.ordinal:
            self.ctx.add(
                entity, "cica:ordinal", Value(str(meeting.ordinal), "xsd:positiveInteger"), first
            )
        names = {entity.label_en, entity.label_zh}
        for name, lang in alternative_names(meeting, org):
            if name not in names:
                names.add(name)
                self.ctx.add(entity, "skos:altLabel", Value(name, lang=lang), first)
        for named, name, evidence in self.names:
            if named is meeting and name not in names:
                names.add(name)
                self.ctx.add(entity, "skos:altLabel", Value(name, lang=evidence.lang), evidence)


def _place_date_pairs(items: list[Typed]) -> list[tuple[Typed, Typed]]:
    """Cities and dates in text order, paired run by run: "in A in 2002 and 2006 and in B in
    2010" → (A, 2002), (A, 2006), (B, 2010); "2002年和2006年在A、2010年在B" the same."""
    runs: list[list[Typed]] = []
    for item in sorted(items, key=lambda t: t.start):
        if runs and runs[-1][0].type == item.type:
            runs[-1].append(item)
        else:
            runs.append([item])
    pairs = []
    for first, second in zip(runs[::2], runs[1::2], strict=False):
        cities, dates = (first, second) if first[0].type == "city" else (second, first)
        if len(cities) == 1:
            pairs += [(cities[0], date) for date in dates]
        elif len(cities) == len(dates):
            pairs += list(zip(cities, dates, strict=True))
    return pairs


def _zero_subject(slot: Slot, state: _Sentence, trigger: Trigger) -> bool:
    """A Chinese clause without its own subject speaks of the one before (该机构为秘书处，
    2010年在某城成立): the hub slot may take the nearest earlier mention of the sentence."""
    return state.sentence.lang == "zh" and slot.name == trigger.frame.hub_slot and not slot.many


def _is_field_line(view: SentenceView) -> bool:
    """ "Headquarters: Astana": a short key without a verb, a colon, a value."""
    match = _EN_FIELD.match(view.sentence.text)
    if match is None:
        return False
    colon = view.sentence.text.find(":")
    key = [t for t in view.doc if t.idx < colon]
    return len(key) <= 3 or not any(t.pos_ in {"VERB", "AUX"} for t in key)


def _count_kind(mention: Typed, state: _Sentence) -> str | None:
    """ "member-count" or "observer-count", or None; "sixteen states" is a member count in a
    clause that speaks of membership and of no adopting or signing."""
    if mention.type in {"member-count", "observer-count"}:
        return mention.type
    if mention.type != "signatory-count":
        return None
    frames_here = {t.frame.name for t in state.triggers if t.clause == state.clause(mention)}
    if "membership" in frames_here and not frames_here & {"adoption", "admission"}:
        return "member-count"
    return None


_MODIFIER = {"relcl", "acl"}  # clauses that describe a noun ("a protocol agreed in 2008")


def _modifier_spans(view: SentenceView, typed: list[Typed]) -> list[tuple[int, int, int]]:
    """Document offsets of the relative and participial clauses of the sentence and of the noun
    each describes, except those of
    a person ("X, who has run the body since 2020, becomes ...": the person's own tenure) or of a
    meeting ("the meeting, convened on 17 May, was the occasion on which ...": its date)."""
    at = view.sentence.start
    meetings = [(t.start, t.end) for t in typed if t.type == "meeting"]
    spans = []
    for verb in (t for t in view.doc if t.dep_ in _MODIFIER and t.pos_ == "VERB"
                 and t.head.ent_type_ != "PERSON"):  # fmt: skip
        if any(a <= at + verb.head.idx < b for a, b in meetings):
            continue
        tokens = list(verb.subtree)
        end = at + tokens[-1].idx + len(tokens[-1])
        spans.append((at + tokens[0].idx, end, at + verb.head.idx))
    return spans


def _described(mention: Typed, trigger: Trigger, state: _Sentence) -> bool:
    """Whether a date stands in a relative or participial clause the trigger is not in: it dates
    the noun that clause describes ("A took over from B, which had held it since 2010"), unless
    that noun is the trigger ("a plan put forward in 1990": the plan's date)."""
    return mention.type == "date" and any(
        a <= mention.start < b and not a <= trigger.start < b
        and not trigger.start <= head < trigger.end
        for a, b, head in state.modifiers
    )  # fmt: skip


_LEADING = re.compile(r"^\s*(?:in|on|by)?\s*$", re.IGNORECASE)


def _claimed(mention: Typed, slot: Slot, state: _Sentence, trigger: Trigger) -> bool:
    """Whether a date of another clause belongs to that clause's own trigger, so a slot filled
    from the sentence does not take it: only between English clauses with subjects of their own
    ("A joins on 15 August, and B takes over the chair"), never for a date opening the sentence
    ("In 1999 ministers met and adopted ...", "2018 – A joins, and B takes over")."""
    clause = state.clause(mention)
    if mention.type != "date" or clause == trigger.clause or not {clause, trigger.clause} <= (
        state.subjects
    ):
        return False
    if _LEADING.match(state.sentence.text[: mention.start - state.sentence.start]):
        return False
    return any(t.clause == clause for t in state.triggers)


def _dated_elsewhere(mention: Typed, slot: Slot, state: _Sentence, trigger: Trigger) -> bool:
    """Whether a meeting slot must not borrow a meeting of another clause of the same frame: the
    trigger's clause has a date of its own ("A joined at the X summit, and B the same year")."""
    if mention.type != "meeting" or slot.name == trigger.frame.hub_slot:
        return False
    clause = state.clause(mention)
    if not any(t.frame is trigger.frame and t.clause == clause for t in state.triggers):
        return False
    dated = [s for s in trigger.frame.slots if s.types == {"date"}]
    return any(
        t.type == "date" and state.clause(t) == trigger.clause and _cued(t, s, state)
        and _owner(t, trigger, state) is trigger
        for t in state.typed for s in dated
    )  # fmt: skip


def _count_meeting(mention: Typed, state: _Sentence) -> Typed | None:
    """The meeting a count holds at: of its own clause, else of the nearest clause before it,
    but not across a clause with a trigger and a date of its own ("A joined at the X summit and
    B the same year, so it had 30 members": none; "X峰会举行，通过Y，成员国为N个": X)."""
    meetings = [t for t in state.typed if t.start in state.meetings]
    clause = state.clause(mention)
    own = [t for t in meetings if state.clause(t) == clause]
    if own:
        return _nearest(mention, own)
    triggered = {t.clause for t in state.triggers}
    earlier = sorted((t for t in state.typed if t.start < mention.start), key=lambda t: -t.start)
    for other in dict.fromkeys(state.clause(t) for t in earlier if state.clause(t) != clause):
        found = [t for t in meetings if state.clause(t) == other]
        if found:
            return _nearest(mention, found)
        dated = any(t.type == "date" and state.clause(t) == other for t in state.typed)
        if dated and other in triggered:
            return None
    return _nearest(mention, meetings) if not earlier else None


def _yields(trigger: Trigger, state: _Sentence) -> bool:
    """Whether a frame this one yields to is triggered in the same clause ("accepted as an
    observer" is observer status, not membership)."""
    return any(
        other.frame.name in trigger.frame.yields_to
        and other.clause == trigger.clause
        and other.start > trigger.start  # "an observer since 2001, was granted membership": no
        for other in state.triggers
    )


def _owner(mention: Typed, trigger: Trigger, state: _Sentence) -> Trigger:
    """The trigger a date or meeting belongs to among those of the same hub ("an observer since
    2001, was accepted on 20 May": 2001 is the observer status's, 20 May the membership's)."""
    rivals = [
        t
        for t in state.triggers
        if t.frame.hub == trigger.frame.hub
        and any(mention.type in s.types and _cued(mention, s, state) for s in t.frame.slots)
        and (mention.type != "meeting" or t.clause == trigger.clause)  # a meeting: same clause
        and not _yields(t, state)  # a frame that gives way owns no date
        and not _dated_in_clause(t, trigger, mention, state)
    ]
    clause = state.clause(mention)
    return min(
        [trigger, *rivals],
        key=lambda t: (_former(t, state), t.clause != clause, abs(t.start - mention.start)),
    )


def _dated_in_clause(rival: Trigger, trigger: Trigger, mention: Typed, state: _Sentence) -> bool:
    """Whether the rival's own clause has another date that only the rival may take (自2012年
    起担任观察员的某国…加入: 2012 is the observer status's, so the sentence's date is the
    joining's)."""
    if state.clause(mention) == rival.clause:
        return False

    def takes(frame: Frame, date: Typed) -> bool:
        return any("date" in s.types and _cued(date, s, state) for s in frame.slots)

    return any(
        other is not mention and other.type == "date" and state.clause(other) == rival.clause
        and takes(rival.frame, other) and not takes(trigger.frame, other)
        for other in state.typed
    )  # fmt: skip


_FROM = re.compile(r"(?:\bfrom|由|从)\s*(?:an?\s+)?$", re.IGNORECASE)


def _former(trigger: Trigger, state: _Sentence) -> bool:
    """Whether the trigger names the state left ("由观察员转为成员国", "from observer to
    member"): it owns no date or meeting while another trigger can."""
    before = simplified(state.sentence.text[: trigger.start - state.sentence.start])
    return _FROM.search(before) is not None


def _in_context(frame: Frame, state: _Sentence, topic: Entity | None) -> bool:
    """Whether the sentence, outside meeting and document names, has a context word or names
    the article's organization."""
    words = frame.context_zh if state.sentence.lang == "zh" else frame.context_en
    if not words or state.field:
        return True
    if topic is not None and any(t.type == "organization" and t.entity == topic
                                 for t in state.typed):  # fmt: skip
        return True
    text = list(simplified(state.sentence.text))
    for name in state.typed:
        if name.type in {"meeting", "document"}:
            begin, end = name.start - state.sentence.start, name.end - state.sentence.start
            text[begin:end] = " " * (end - begin)
    plain = "".join(text)
    if state.sentence.lang == "zh":
        return any(w in plain for w in words)
    return any(re.search(rf"\b{re.escape(w)}\b", plain, re.IGNORECASE) for w in words)


def _first_entity(filled: Filled, slot: str) -> Entity | None:
    return next((v for v, _ in filled.get(slot, []) if isinstance(v, Entity)), None)


def _first_value(filled: Filled, slot: str) -> Value | None:
    return next((v for v, _ in filled.get(slot, []) if isinstance(v, Value)), None)


def _frame(name: str) -> Frame:
    return next(f for f in frames() if f.name == name)


def _entity_of(term: Term) -> Entity | Value | None:
    if isinstance(term, Meeting):
        return term.entity
    return term


def _term(mention: Typed, state: _Sentence) -> Term | None:
    if mention.start in state.meetings and mention.type == "meeting":
        return state.meetings[mention.start]
    if mention.entity is not None:
        return mention.entity
    if mention.value is not None:
        return mention.value
    if mention.number is not None:
        return Value(str(mention.number), datatype="xsd:positiveInteger")
    return None


def _nearest(mention: Typed, among: list[Typed]) -> Typed | None:
    return min(among, key=lambda t: abs(t.start - mention.start)) if among else None


def _cued(mention: Typed, slot: Slot, state: _Sentence) -> bool:
    """Whether the words before the mention allow the slot (``after`` / ``not_after``)."""
    if not slot.after and not slot.not_after and not slot.before:
        return True
    begin = state.qualified.get(mention.start, mention.start)
    before = simplified(state.sentence.text[: begin - state.sentence.start]).rstrip()
    before = re.sub(r"(?:\bthe|\ba|\ban)$", "", before, flags=re.IGNORECASE).rstrip()
    word = re.search(r"(\w+)$", before)
    last = word.group(1).lower() if word and word.group(1).isascii() else ""

    def follows(cues: tuple[str, ...]) -> bool:
        return any(
            before.lower().endswith(cue) if " " in cue or not cue.isascii() else cue == last
            for cue in cues
        )

    if (slot.after or slot.before) and not (
        follows(slot.after) or _precedes(mention, slot.before, state)
    ):
        return False
    return not (slot.not_after and follows(slot.not_after))


def _semicolon_between(mention: Typed, trigger: Trigger, state: _Sentence) -> bool:
    """Whether an English semicolon stands between the trigger and a mention after it: a slot
    filled from outside the trigger's clause does not reach into the next part ("... was
    signed; ..., and the later meeting ..."), while what opens the line still applies
    ("June 2006 – The summit meets; Jordan joins")."""
    if state.sentence.lang != "en" or mention.start < trigger.start:
        return False
    at = state.sentence.start
    return ";" in state.sentence.text[trigger.end - at : mention.start - at]


def _definite(trigger: Trigger, state: _Sentence) -> bool:
    """Whether the trigger is a noun after "the", "this" or "its" ("the move", "its relocation"),
    which speaks of something named before. Not "that": it is as often a relative pronoun
    before a verb ("states that have ...")."""
    before = state.sentence.text[: trigger.start - state.sentence.start]
    return re.search(r"\b(?:the|this|its)\s+$", before, re.IGNORECASE) is not None


def _colon_between(start: int, end: int, state: _Sentence) -> bool:
    """Whether a colon stands between two offsets ("had one chair: Ruritania")."""
    at = state.sentence.start
    return ":" in state.sentence.text[start - at : end - at]


def _after_by(mention: Typed, state: _Sentence) -> bool:
    """Whether the mention follows "by" ("chaired by Ruritania")."""
    before = state.sentence.text[: mention.start - state.sentence.start].rstrip()
    return re.search(r"\bby(?:\s+the)?$", before, re.IGNORECASE) is not None


def _precedes(mention: Typed, cues: tuple[str, ...], state: _Sentence) -> bool:
    """Whether one of ``cues`` follows the mention (联合国大会观察员地位: 观察员)."""
    after = simplified(state.sentence.text[mention.end - state.sentence.start :]).lstrip()
    return any(after.startswith(cue) if not cue.isascii() else
               re.match(rf"{re.escape(cue)}\b", after, re.IGNORECASE) is not None
               for cue in cues)  # fmt: skip


@lru_cache(maxsize=1)
def _unga() -> Entity:
    """The UN General Assembly of the gazetteer, whose numbered sessions texts name."""
    return next(e.entity for e in gazetteer() if e.name == "United Nations General Assembly")


def _post_entity(role: Entity, body: Entity) -> Entity:
    """ "Secretary General of CICA Secretariat" (亚信秘书处秘书长): the post, whoever holds it."""
    body_zh = zh_short(body)
    label_zh = f"{body_zh}{role.label_zh}" if body_zh and role.label_zh else None
    return Entity(Kind.POST, f"{role.key} of {body.key}", f"{role.label_en} of {body.label_en}",
                  label_zh)  # fmt: skip


def _tenure(person: Entity, role: Entity, body: Entity) -> Entity:
    """A person's holding of a post over time (org:Membership with the post's role)."""
    person_zh, body_zh, role_zh = zh_short(person), zh_short(body), role.label_zh
    label_zh = f"{person_zh}（{body_zh}{role_zh}）" if person_zh and body_zh and role_zh else None
    return Entity(
        Kind.MEMBERSHIP,
        f"{person.key} {role.key} of {body.key}",
        f"{person.label_en} as {role.label_en} of {body.label_en}",
        label_zh,
    )


def _membership(member: Entity, org: Entity, role: str) -> Entity:
    noun, noun_zh = _ROLE_NAMES[role]
    short, org_zh, member_zh = short_name(org), zh_short(org), zh_short(member)
    label = f"{member.label_en} as {noun} of {short}"
    label_zh = f"{member_zh}（{org_zh}{noun_zh}）" if member_zh and org_zh else None
    return Entity(Kind.MEMBERSHIP, f"{member.key} {noun} of {org.key}", label, label_zh)


# ---------------------------------------------------------------- clauses and triggers


def _colon_subjects(view: SentenceView, typed: list[Typed], clause_of: dict[int, int]) -> None:
    """ "Two were admitted: A was accepted at the X summit": A is in the clause of the verb after
    the colon, not in the list of the clause before it."""
    doc, heads = view.doc, _clause_heads(view.doc)
    colons = [t.i for t in doc if t.text == ":" and t.i > 0]
    for mention in typed:
        at = view.sentence.start
        span = doc.char_span(mention.start - at, mention.end - at, alignment_mode="expand")
        if span is None or not len(span):
            continue
        own = heads[span.root.i]
        if any(c < own and c < span.start for c in colons):
            clause_of[mention.start] = own


def _clause_heads(doc: Doc) -> list[int]:
    """Each token's clause head: the root, or a conjoined, adverbial or complement verb
    (computed once per parse: every frame and participle asks for it)."""
    cached: list[int] | None = doc.user_data.get(_HEADS_KEY)
    if cached is None:
        cached = doc.user_data[_HEADS_KEY] = _find_clause_heads(doc)
    return cached


_HEADS_KEY = "cica_kg.clause_heads"


def _find_clause_heads(doc: Doc) -> list[int]:
    heads = []
    for token in doc:
        current = token
        while not (
            current.dep_ == "ROOT"
            or current.head.i == current.i
            or (current.dep_ in _CLAUSE_DEPS and current.pos_ in {"VERB", "AUX"})
        ):
            current = current.head
        heads.append(current.i)
    return heads


def _english_clauses(view: SentenceView, typed: list[Typed]) -> dict[int, int]:
    doc = view.doc
    heads = _clause_heads(doc)
    colons = [t.i for t in doc if t.text == ":" and t.i > 0]
    clause_of = {}
    for mention in typed:
        span = doc.char_span(
            mention.start - view.sentence.start,
            mention.end - view.sentence.start,
            alignment_mode="expand",
        )
        if span is None or not len(span):
            clause_of[mention.start] = -1
            continue
        listed = [c for c in colons if c < span.start and not _verb_between(doc, c, span.start)]
        # "produced two texts: the Catalogue and the Rules": the list is the clause's before ":"
        verb = _subjectless_verb_after(span.root)
        if listed:
            clause_of[mention.start] = heads[listed[-1] - 1]
        else:
            clause_of[mention.start] = heads[verb.i] if verb is not None else heads[span.root.i]
    return clause_of


def _subjectless_verb_after(token: Token) -> Token | None:
    """ "..., and A and B join": a verb right after a coordination of names, with no subject
    of its own in the parse, whose subject the names are."""
    doc = token.doc
    last = max((c for c in (token, *token.conjuncts) if c.i >= token.i), key=lambda c: c.i)
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if following is None or following.pos_ != "VERB" or following.dep_ != "conj":
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in following.children):
        return None
    return following


def _verb_between(doc: Doc, start: int, end: int) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in doc[start:end])


@lru_cache(maxsize=1)
def _english_index() -> dict[str, list[tuple[Frame, tuple[str, ...]]]]:
    index: dict[str, list[tuple[Frame, tuple[str, ...]]]] = {}
    for frame in frames():
        for trigger in frame.en:
            first, *rest = trigger.split("~")
            index.setdefault(first, []).append((frame, tuple(rest)))
    return index


def _english_triggers(view: SentenceView, state: _Sentence) -> Iterator[Trigger]:
    doc = view.doc
    names = [t for t in state.typed if t.type in {"document", "meeting"}]
    heads = _clause_heads(doc)
    for token in doc:
        lemma = token.lemma_.lower()
        start = view.offset(token.idx)
        if any(n.start <= start < n.end for n in names):
            continue  # "Member States" inside a document title triggers nothing
        own = _participle_clause(token, names, view) or heads[token.i]
        for frame, companions in _english_index().get(lemma, []):
            clause = [t.lemma_.lower() for t in doc if heads[t.i] == heads[token.i]]
            if all(c in clause for c in companions):
                yield Trigger(frame, start, start + len(token.text), own)


def _participle_clause(token: Token, names: list[Typed], view: SentenceView) -> int | None:
    """ "the Declaration on Principles ..., adopted in 1999": a participle after a name speaks
    of it, so it reads in the name's clause."""
    if token.tag_ != "VBN" or token.i < 2 or token.nbor(-1).text != ",":
        return None
    previous = view.offset(token.nbor(-2).idx)
    named = next((n for n in names if n.start <= previous < n.end), None)
    if named is None:
        return None
    heads = _clause_heads(token.doc)
    return heads[token.nbor(-2).i]


def _zh_clause(text: str, at: int) -> int:
    """The clause number of offset ``at``: breaks before it, but a colon that opens a list
    (…成员国：阿富汗、阿塞拜疆…) does not break."""
    return sum(
        1
        for m in _ZH_CLAUSE_BREAK.finditer(text[:at])
        if not _opens_list(text, m) and not _in_brackets(text, m.start())
    )


def _in_brackets(text: str, at: int) -> bool:
    """Whether ``at`` lies inside （…） or (…): "（International Organization for Migration，
    IOM）" is a gloss, not a clause."""
    before = text[:at]
    return max(before.rfind("（"), before.rfind("(")) > max(before.rfind("）"), before.rfind(")"))


def _opens_list(text: str, match: re.Match[str]) -> bool:
    if match.group() not in {"：", ":"}:
        return False
    rest = _ZH_CLAUSE_BREAK.split(text[match.end() :], maxsplit=1)[0]
    return "、" in rest


@lru_cache(maxsize=1)
def _chinese_index() -> tuple[tuple[str, tuple[str, ...], Frame], ...]:
    entries = []
    for frame in frames():
        for trigger in frame.zh:
            first, *rest = trigger.split("~")
            entries.append((first, tuple(rest), frame))
    return tuple(sorted(entries, key=lambda e: -len(e[0])))


def _word_starts(text: str) -> set[int]:
    from cica_kg.text.wordseg import word_starts

    return word_starts(text)


def _chinese_triggers(text: str, sentence: Sentence, state: _Sentence) -> Iterator[Trigger]:
    names = [t for t in state.typed if t.type in {"document", "meeting"}]
    starts = _word_starts(text)
    taken: list[tuple[int, int]] = []
    for word, companions, frame in _chinese_index():
        at = text.find(word)
        while at >= 0:
            start = sentence.start + at
            inside = any(n.start <= start < n.end for n in names)
            span = (at, at + len(word))  # a longer word wins; the same word may open two frames
            overlap = any(s < span[1] and span[0] < e and (s, e) != span for s, e in taken)
            if at in starts and not inside and not overlap and all(c in text for c in companions):
                taken.append((at, at + len(word)))
                yield Trigger(frame, start, start + len(word), _zh_clause(text, at))
            at = text.find(word, at + len(word))
