"""One event per meeting, whatever an article calls it ("the second summit", "the 2006 summit",
"that summit", "第二次峰会", "the second was held ...").

Mentions are resolved in text order against the meetings the document has described so far:
same kind, no conflicting ordinal, year or city, and at least one of them shared. What later
sentences say of a meeting (its date, its city) is merged into it before it is named, so the
event's key and labels use everything the document says of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cica_kg.extract.context import DocContext
from cica_kg.extract.frames.typed import MeetingRef
from cica_kg.extract.naming import short_name, zh_short
from cica_kg.extract.records import SummitFacts
from cica_kg.extract.relations.events import summit_entity
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Value
from cica_kg.text.numbers import ordinal_word, zh_numeral

_NAMES: dict[str, tuple[str, str]] = {
    Kind.SUMMIT: ("Summit", "峰会"),
    Kind.MINISTERIAL_MEETING: ("Ministerial Meeting", "外长会议"),
    Kind.SENIOR_OFFICIALS_MEETING: ("Senior Officials Meeting", "高官委员会会议"),
    Kind.WORKING_GROUP_MEETING: ("Special Working Group Meeting", "特别工作组会议"),
}


@dataclass
class Meeting:
    """What the document has said of one meeting so far."""

    kind: str
    ordinal: int | None = None
    year: str | None = None
    city: Entity | None = None
    date: Value | None = None
    entity: Entity | None = field(default=None, compare=False)

    def agrees(self, ref: MeetingRef) -> bool:
        """Whether ``ref`` may name this meeting: nothing conflicts and something is shared."""
        pairs = ((self.ordinal, ref.ordinal), (self.year, ref.year), (self.city, ref.city))
        if any(a is not None and b is not None and a != b for a, b in pairs):
            return False
        return any(a is not None and a == b for a, b in pairs)

    def learn(
        self,
        ordinal: int | None = None,
        year: str | None = None,
        city: Entity | None = None,
        date: Value | None = None,
    ) -> None:
        """Add what a mention or a frame says of the meeting (the first statement wins)."""
        self.ordinal = self.ordinal or ordinal
        self.city = self.city or city
        if date is not None and self.date is None:
            self.date = date
        self.year = self.year or year or (self.date.lexical[:4] if self.date else None)


@dataclass
class MeetingIndex:
    """The meetings of one document, in the order they were first mentioned."""

    meetings: list[Meeting] = field(default_factory=list)
    last: Meeting | None = None
    current_kind: str | None = None

    def resolve(self, ref: MeetingRef) -> Meeting | None:
        """The meeting a mention names (minting a new one if the document has none like it)."""
        kind = ref.kind or self.current_kind
        if kind is None:
            return None
        if ref.anaphoric:
            earlier = [m for m in self.meetings if m.kind == kind or ref.kind is None]
            if self.last is not None and (self.last.kind == kind or ref.kind is None):
                return self.last
            return earlier[-1] if earlier else None
        if ref.kind is not None:
            self.current_kind = ref.kind
        meeting = next(
            (m for m in reversed(self.meetings) if m.kind == kind and m.agrees(ref)), None
        )
        if meeting is None:
            meeting = Meeting(kind)
            self.meetings.append(meeting)
        meeting.learn(ref.ordinal, ref.year, ref.city)
        self.last = meeting
        return meeting

    def name_all(self, org: Entity, ctx: DocContext) -> None:
        """Give every meeting its entity, from everything the document said of it."""
        for meeting in self.meetings:
            meeting.entity = _entity(meeting, org, ctx)


def _entity(meeting: Meeting, org: Entity, ctx: DocContext) -> Entity:
    if meeting.kind == Kind.SUMMIT:
        year_value = Value(meeting.year, datatype="xsd:gYear") if meeting.year else None
        known = _known_summit(meeting, org, ctx)
        if known is not None:
            return known
        return summit_entity(org, SummitFacts(meeting.ordinal, meeting.city, org, year_value), ctx)
    en, zh = _NAMES[meeting.kind]
    short, org_zh = short_name(org), zh_short(org) or ""
    if meeting.ordinal:
        label = f"{ordinal_word(meeting.ordinal).capitalize()} {short} {en}"
        label_zh = f"{org_zh}第{zh_numeral(meeting.ordinal)}次{zh}"
        key = f"{org.key} {en} {meeting.ordinal}"
    else:
        where = ", ".join(
            p for p in (meeting.city.label_en if meeting.city else None, meeting.year) if p
        )
        label = f"{short} {en} ({where})"
        zh_where = (zh_short(meeting.city) or "") if meeting.city else ""
        label_zh = f"{org_zh}{zh_where}{zh}" + (f"({meeting.year}年)" if meeting.year else "")
        key = f"{org.key} {en} {meeting.year or ''} {meeting.city.key if meeting.city else ''}"
    return Entity(meeting.kind, key.strip(), label, label_zh if org_zh else None)


def _known_summit(meeting: Meeting, org: Entity, ctx: DocContext) -> Entity | None:
    """The summit the sentence rules recorded that this meeting is: no conflicting number, year
    or city, and at least one of them the same."""
    for entity in reversed(list(ctx.summits)):
        known = ctx.summits[entity]
        if known.org not in (None, org):
            continue
        pairs = ((known.ordinal, meeting.ordinal), (known.year, meeting.year),
                 (known.place, meeting.city))  # fmt: skip
        if any(a is not None and b is not None and a != b for a, b in pairs):
            continue
        if any(a is not None and a == b for a, b in pairs):
            return entity
    return None


def alternative_names(meeting: Meeting, org: Entity) -> list[tuple[str, str]]:
    """Other names of the meeting (``(text, lang)``): "Fourth CICA Summit", "上海峰会"."""
    en, zh = _NAMES[meeting.kind]
    short, org_zh = short_name(org), zh_short(org) or ""
    names = []
    if meeting.ordinal:
        names += [
            (f"{ordinal_word(meeting.ordinal).capitalize()} {short} {en}", "en"),
            (f"{org_zh}第{zh_numeral(meeting.ordinal)}次{zh}", "zh"),
        ]
    if meeting.city is not None and meeting.kind == Kind.SUMMIT:
        names.append((f"{meeting.city.label_en} {en}", "en"))
        if meeting.city.label_zh:
            names.append((f"{meeting.city.label_zh}{zh}", "zh"))
    return names
