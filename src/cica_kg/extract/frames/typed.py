"""Typed mentions of a sentence: the things a frame's slots can take, in either language.

A typed mention is a span of the original text (document offsets) with a type from
:data:`~cica_kg.extract.frames.lexicon.TYPES` and what it denotes: an entity of the gazetteer
or of spaCy's entities, a date, a meeting (:class:`MeetingRef`, resolved per document later),
a document named by its title, or a number (counts, "the 17th member"). Chinese is read in
simplified script (:func:`cica_kg.text.hanzi.simplified`, same offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from cica_kg.extract.concept_patterns import chinese_concepts, english_concepts
from cica_kg.extract.context import SentenceView
from cica_kg.extract.lexicon import LexEntry, concepts_of, gazetteer
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Sentence, Value
from cica_kg.text.dates import find_dates
from cica_kg.text.hanzi import simplified
from cica_kg.text.numbers import ORDINAL_WORDS, cardinal, word_ordinal, zh_int

KIND_TYPES: dict[str, str] = {
    Kind.STATE: "state",
    Kind.COUNTRY: "state",
    Kind.CITY: "city",
    Kind.CONTINENT: "place",
    Kind.INTERNATIONAL_ORGANIZATION: "organization",
    Kind.FORMAL_ORGANIZATION: "organization",
    Kind.ORGANIZATION: "organization",
    Kind.BODY: "body",
    Kind.ORGANIZATIONAL_UNIT: "body",
    Kind.PERSON: "person",
    Kind.SECURITY_CONCEPT: "security-concept",
}
DOCUMENT_KINDS: dict[str, Kind] = {
    "declaration": Kind.DECLARATION,
    "act": Kind.ACT,
    "charter": Kind.CHARTER,
    "catalogue": Kind.CATALOGUE,
    "catalog": Kind.CATALOGUE,
    "statement": Kind.OFFICIAL_STATEMENT,
    "convention": Kind.CONVENTION,
    "protocol": Kind.PROTOCOL,
    "procedure": Kind.RULES_OF_PROCEDURE,
}
ZH_DOCUMENT_KINDS: tuple[tuple[str, Kind], ...] = (
    ("宣言", Kind.DECLARATION),
    ("文件", Kind.ACT),
    ("法", Kind.ACT),
    ("宪章", Kind.CHARTER),
    ("目录", Kind.CATALOGUE),
    ("程序规则", Kind.RULES_OF_PROCEDURE),
    ("规则", Kind.RULES_OF_PROCEDURE),
    ("声明", Kind.OFFICIAL_STATEMENT),
    ("公约", Kind.CONVENTION),
    ("议定书", Kind.PROTOCOL),
)
DOCUMENT_TYPES = frozenset(DOCUMENT_KINDS.values()) | {Kind.DOCUMENT}


@dataclass(frozen=True)
class MeetingRef:
    """A meeting as one mention describes it; :mod:`.meetings` resolves it to one event."""

    kind: Kind | None  # None: "the second was held ..." (the kind the document speaks of)
    ordinal: int | None = None
    year: str | None = None
    city: Entity | None = None
    anaphoric: bool = False  # "this meeting", "that summit", "本次峰会"
    plural: bool = False


@dataclass(frozen=True)
class Typed:
    """A typed mention: its type, span (document offsets) and what it denotes."""

    type: str
    start: int
    end: int
    entity: Entity | None = None
    value: Value | None = None
    until: Value | None = None
    meeting: MeetingRef | None = None
    number: int | None = None
    surface: str = field(default="", compare=False)


# ---------------------------------------------------------------- numbers


_ORD_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"twenty-\w+|thirtieth|inaugural|\d{1,3}(?:st|nd|rd|th)"
)
_CARD_WORDS = (
    r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-\w+)?|thirty(?:-\w+)?|forty(?:-\w+)?"
)
_ZH_NUM = r"\d{1,3}|[一二三四五六七八九十两]{1,3}"


def en_ordinal(word: str) -> int | None:
    """ "second" → 2, "17th" → 17, "twenty-eighth" → 28, "inaugural" → 1."""
    lower = word.lower()
    if lower == "inaugural":
        return 1
    if lower[:-2].isdigit() and lower[-2:] in {"st", "nd", "rd", "th"}:
        return int(lower[:-2])
    return ORDINAL_WORDS.get(lower) or word_ordinal(lower) or word_ordinal(lower.replace("-", ""))


def en_cardinal(word: str) -> int | None:
    """ "26" → 26, "sixteen" → 16, "twenty-eight" → 28."""
    lower = word.lower()
    if lower.isdigit():
        return int(lower)
    if "-" in lower:
        tens, _, unit = lower.partition("-")
        t, u = cardinal(tens), cardinal(unit)
        return t + u if t and u and u < 10 else None
    return cardinal(lower)


def _zh_number(text: str) -> int | None:
    try:
        return int(text) if text.isdigit() else zh_int(text.replace("两", "二"))
    except (ValueError, KeyError):
        return None


# ---------------------------------------------------------------- English patterns

_MEETING_HEADS: tuple[tuple[str, Kind | None], ...] = (
    (r"summits?", Kind.SUMMIT),
    (
        r"(?:ministerial|foreign[- ]ministers?[’']?(?:s[’'])?)\s+(?:meetings?|conferences?)",
        Kind.MINISTERIAL_MEETING,
    ),
    (
        r"meetings?\s+of\s+(?:the\s+)?(?:CICA\s+)?(?:ministers\s+of\s+foreign\s+affairs|"
        r"foreign\s+ministers)",
        Kind.MINISTERIAL_MEETING,
    ),
    (
        r"(?:senior\s+officials[’']?\s+(?:committee\s+)?meetings?|meetings?\s+of\s+(?:the\s+)?"
        r"senior\s+officials(?:\s+committee)?)",
        Kind.SENIOR_OFFICIALS_MEETING,
    ),
    (r"(?:special\s+)?working\s+group\s+meetings?", Kind.WORKING_GROUP_MEETING),
    (r"meetings?", None),
)
_EN_MEETING = re.compile(
    r"\b(?:(?P<det>the|this|that|its|their|a|an)\s+)?(?:(?P<ord>" + _ORD_WORDS + r")\s+)?"
    r"(?P<pre>(?-i:(?:(?:[A-Z][\w\-]+|\d{4})(?:[’']s)?\s+){0,3}))"
    r"(?P<head>" + "|".join(f"(?:{h})" for h, _ in _MEETING_HEADS) + r")\b",
    re.IGNORECASE,
)
_EN_ELIDED = re.compile(
    r"\b(?:the|The)\s+(?P<ord>" + _ORD_WORDS + r")(?=\s*,|\s+(?:was|were|took|met|convened|"
    r"opened|followed|came|one|in|on|held|gathered)\b)"
)
_EN_PLURAL_ELIDED = re.compile(
    r"\b(?:the|The)\s+(?:previous|earlier|other|preceding)\s+(?:two|three|four|five|six)\b"
    r"(?=\s+(?:were|took|met|convened|had|gathered)\b)"
)
_DOC_HEADS = (
    r"Declaration|Charter|Convention|Protocol|Statement|Catalogue|Catalog|Act|"
    r"Rules\s+of\s+Procedure"
)
_TITLE = r"(?:[A-Z][\w’'\-]*|CICA)"
_CONNECT = r"(?:of|on|for|between|and|the|against|among|regarding|a)"
_EN_DOCUMENT = re.compile(
    rf"(?P<pre>(?:(?:{_TITLE}|\d{{4}})\s+){{0,4}})(?P<head>{_DOC_HEADS})\b"
    rf"(?P<post>(?:\s+{_CONNECT})+(?:\s+(?:{_TITLE}|{_CONNECT}))*)?"
)
_LEADING = {
    "the",
    "a",
    "an",
    "this",
    "that",
    "its",
    "their",
    "at",
    "in",
    "on",
    "by",
    "and",
    "with",
    "under",
    "of",
    "as",
    "new",
    "updated",
    "when",
    "after",
    "before",
}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_EN_MEMBER_COUNT = re.compile(
    rf"\b(?P<n>{_CARD_WORDS})\s+(?:full\s+|founding\s+|new\s+)?(?:member\s+states|members|"
    rf"member\s+countries)\b|\b(?:membership|total|number\s+of\s+(?:its\s+)?members(?:\s+states)?)"
    rf"\s+(?:\w+\s+){{0,2}}?(?:to|at|of|reached|was)\s+(?P<m>{_CARD_WORDS})\b(?!\s+(?:observer|per))"
    rf"|\bcounted\s+(?P<c>{_CARD_WORDS})\s+members|^Member\s+states\s*:\s*(?P<f>\d+)",
    re.IGNORECASE,
)
_EN_OBSERVER_COUNT = re.compile(
    rf"\b(?P<n>{_CARD_WORDS})\s+observers?(?:\s+states|\s+countries)?\b"
    rf"|\bobservers?\s+(?:\w+\s+)?(?:number|numbered|totalled|totaled|stand\s+at)\s+(?P<m>{_CARD_WORDS})\b"
    rf"|^Observer\s+states\s*:\s*(?P<f>\d+)",
    re.IGNORECASE,
)
_EN_SIGNATORIES = re.compile(
    rf"\b(?P<n>{_CARD_WORDS})\s+(?:participating\s+|member\s+|founding\s+|original\s+)?"
    r"(?:states|countries|members)\b",
    re.I,
)
_EN_MEMBER_ORDINAL = re.compile(
    rf"\b(?P<n>{_ORD_WORDS})\s+(?:full\s+)?(?P<what>member|observer)(?:\s+states?|\s+countr\w+)?\b",
    re.IGNORECASE,
)
_ABBREVIATED = "Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec"
_EN_BARE_DAY = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:\s*(?:–|-|and|to)\s*(?P<until>\d{{1,2}}))?\s+(?P<mon>{_MONTHS})\b"
    rf"(?!,?\s+\d{{4}})|\b(?P<mon2>{_MONTHS}|(?:{_ABBREVIATED})\.)\s+(?P<day2>\d{{1,2}})"
    rf"(?:\s*[–-]\s*(?P<until2>\d{{1,2}}))?\b(?!,?\s+\d{{4}})(?!\d)"
)
_EN_DAY_PAIR = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+and\s+(?P<until>\d{{1,2}})\s+(?P<mon>{_MONTHS})\s+(?P<year>\d{{4}})"
)
_YEAR_RANGE = re.compile(
    r"(?<![\d-])(?:from\s+)?(?P<a>(?:19|20)\d\d)年?\s*(?:–|—|-|to|until|至|到)\s*(?P<b>(?:19|20)\d\d)(?![\d-])年?"
)
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(_MONTHS.split("|"), start=1)}
_MONTH_NUMBER |= {f"{m.lower()[:4 if m.startswith('Sept') else 3]}.": i
                  for i, m in enumerate(_MONTHS.split("|"), start=1)}  # fmt: skip
_MONTH_NUMBER["sep."] = 9


def _date(iso: str) -> Value:
    datatype = {4: "xsd:gYear", 7: "xsd:gYearMonth"}.get(len(iso), "xsd:date")
    return Value(iso, datatype=datatype)


def _dates(text: str, at: int, lang: str) -> list[Typed]:
    """Full dates, dates without a year (year of the nearest full date before), day pairs."""
    found = [
        Typed(
            "date",
            at + m.start,
            at + m.end,
            value=_date(m.value.iso),
            until=_date(m.until.iso) if m.until else None,
            surface=m.surface,
        )
        for m in find_dates(text, lang=lang)
    ]
    for match in _EN_DAY_PAIR.finditer(text):
        month = _MONTH_NUMBER[match["mon"].lower()]
        first = f"{match['year']}-{month:02d}-{int(match['day']):02d}"
        last = f"{match['year']}-{month:02d}-{int(match['until']):02d}"
        found = [
            d for d in found if not (d.start < at + match.end() and at + match.start() < d.end)
        ]
        found.append(
            Typed(
                "date",
                at + match.start(),
                at + match.end(),
                value=_date(first),
                until=_date(last),
                surface=match[0],
            )
        )
    for match in _YEAR_RANGE.finditer(text):
        start, end = at + match.start(), at + match.end()
        found = [d for d in found if not (d.start < end and start < d.end)]
        found.append(
            Typed(
                "period",
                start,
                end,
                value=_date(match["a"]),
                until=_date(match["b"]),
                surface=match[0],
            )
        )
    return sorted(found, key=lambda d: d.start)


# "an observer since 2010, was admitted on 20 May": a date after "since" starts another state,
# it does not give the year of the days that follow (invented example)
_SINCE = re.compile(r"(?:\bsince|\bfrom|自|从)\s*$", re.IGNORECASE)


def _yearless(text: str, at: int, full: list[Typed], anchor: str | None) -> list[Typed]:
    """ "on 17 June" after "June 2006": the year of the nearest full date not after "since"
    (else the anchor)."""
    found = []
    pattern = _EN_BARE_DAY if not any("\u4e00" <= c <= "\u9fff" for c in text) else _ZH_BARE_DAY
    for match in pattern.finditer(text):
        start, end = at + match.start(), at + match.end()
        if any(d.start <= start < d.end or d.start < end <= d.end for d in full):
            continue
        before = [d for d in full if d.end <= start and d.value is not None
                  and not _SINCE.search(text[: d.start - at])]  # fmt: skip
        year = before[-1].value.lexical[:4] if before and before[-1].value else anchor
        if year is None:
            continue
        month, day, until = _day_parts(match)
        if month is None:
            continue
        try:
            value = Value(f"{year}-{month:02d}-{day:02d}", datatype="xsd:date")
            last = Value(f"{year}-{month:02d}-{until:02d}", datatype="xsd:date") if until else None
        except ValueError:
            continue
        found.append(Typed("date", start, end, value=value, until=last, surface=match[0]))
    return found


_WEEKDAY = re.compile(r"\b(?:on|last|this)\s+(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|"
                      r"Saturday|Sunday)\b")  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekdays(text: str, at: int, full: list[Typed], published: str | None) -> list[Typed]:
    """ "on Thursday" in a dispatch dated Thursday, 13 October 2022: that day (the latest such
    weekday on or before the article's date)."""
    if published is None or len(published) != 10:
        return []
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return []
    found = []
    for match in _WEEKDAY.finditer(text):
        start = at + match.start("day")
        if any(d.start <= start < d.end for d in full):
            continue
        back = (day.weekday() - _WEEKDAYS.index(match["day"].lower())) % 7
        value = Value((day - timedelta(days=back)).isoformat(), datatype="xsd:date")
        found.append(Typed("date", start, at + match.end(), value=value, surface=match["day"]))
    return found


_RELATIVE_YEAR = re.compile(r"\b(?P<which>this|last|next)\s+year\b|(?P<zh>今年|去年|明年)")
_YEAR_SHIFT = {"this": 0, "last": -1, "next": 1, "今年": 0, "去年": -1, "明年": 1}


def relative_years(text: str, at: int, full: list[Typed], published: str | None) -> list[Typed]:
    """ "this year", "last year", 今年, 去年 in an article dated 2019-06-15: 2019, 2018."""
    if published is None or len(published) < 4 or not published[:4].isdigit():
        return []
    found = []
    for match in _RELATIVE_YEAR.finditer(simplified(text)):
        start = at + match.start()
        if any(d.start <= start < d.end for d in full):
            continue
        year = int(published[:4]) + _YEAR_SHIFT[match["which"] or match["zh"]]
        value = Value(str(year), datatype="xsd:gYear")
        found.append(Typed("date", start, at + match.end(), value=value, surface=match[0]))
    return found


_SAME_YEAR = re.compile(r"\b(?:the\s+same|that)\s+year\b|同年|当年")


def same_years(text: str, at: int, full: list[Typed]) -> list[Typed]:
    """ "the same year", "that year", 同年, 当年: the year of the nearest date before them in the
    sentence, not after "since" (a year, not the event named with that date)."""
    found, plain = [], simplified(text)
    for match in _SAME_YEAR.finditer(plain):
        start = at + match.start()
        before = [d for d in full if d.end <= start and d.value is not None
                  and not _SINCE.search(plain[: d.start - at])]  # fmt: skip
        if not before or any(d.start <= start < d.end for d in full):
            continue
        value = max(before, key=lambda d: d.end).value
        assert value is not None
        year = Value(value.lexical[:4], datatype="xsd:gYear")
        found.append(Typed("date", start, at + match.end(), value=year, surface=match[0]))
    return found


def _day_parts(match: re.Match[str]) -> tuple[int | None, int, int | None]:
    groups = match.groupdict()
    if groups.get("zmon"):
        month = _zh_number(groups["zmon"])
        day = _zh_number(groups["zday"]) or 0
        until = _zh_number(groups["zuntil"]) if groups.get("zuntil") else None
        return month, day, until
    name = groups.get("mon") or groups.get("mon2") or ""
    day = int(groups.get("day") or groups.get("day2") or 0)
    until_text = groups.get("until") or groups.get("until2")
    until = int(until_text) if until_text else None
    return _MONTH_NUMBER.get(name.lower()), day, until


@lru_cache(maxsize=1)
def _gazetteer_en() -> dict[str, Entity]:
    return {form.lower(): e.entity for e in gazetteer() for form in e.en_forms()}


def _en_documents(view: SentenceView) -> list[Typed]:
    text, found, position = view.sentence.text, [], 0
    while (match := _EN_DOCUMENT.search(text, position)) is not None:
        position = match.end()
        words = match["pre"].split()
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        post = _first_title(match["post"] or "")
        if post is not None:  # "the Catalogue of CBMs and the Rules of Procedure": two titles
            position = match.start("post") + len(post)
        title = " ".join([*words, *match["head"].split(), *(post or match["post"] or "").split()])
        title = _strip_connectors(title)
        if title in _BARE_HEADS or title.split()[0].islower():
            continue  # a bare common noun names no document
        start = match.start("head") - (len(" ".join(words)) + 1 if words else 0)
        start = text.find(title.split()[0], max(start, match.start()))
        entity = _gazetteer_en().get(title.lower()) or Entity(
            _document_kind(match["head"]), title, title
        )
        found.append(
            Typed(
                "document",
                view.offset(start),
                view.offset(start + len(title)),
                entity=entity,
                surface=title,
            )
        )
    return found


_BARE_HEADS = {"Act", "Statement", "Protocol", "Charter", "Declaration", "Catalogue", "Catalog",
               "Convention"}  # fmt: skip
"""A head alone is a common noun ("Charter: Almaty Act"), no document's name."""
_SECOND_TITLE = re.compile(rf"\s+and\s+(?:the\s+)?(?:{_TITLE}\s+){{0,4}}?(?:{_DOC_HEADS})\b")


def _first_title(post: str) -> str | None:
    """The words after a title's head up to "and (the) <another title>", or None."""
    second = _SECOND_TITLE.search(post)
    return post[: second.start()] if second is not None else None


def _strip_connectors(title: str) -> str:
    words = title.split()
    while len(words) > 1 and re.fullmatch(_CONNECT, words[-1]):
        words = words[:-1]
    return " ".join(words)


def _document_kind(head: str) -> Kind:
    return DOCUMENT_KINDS.get(head.split()[-1].lower(), Kind.DOCUMENT)


_EN_BY_AGENT = re.compile(r"\s+(?:hosted|organi[sz]ed|chaired|convened)\s+by\b", re.IGNORECASE)


def _series_number(match: re.Match[str], text: str) -> int | None:
    """The meeting's ordinal in its series; none in "the first summit hosted by China" (the
    first of that host's, not no. 1)."""
    if not match["ord"] or _EN_BY_AGENT.match(text[match.end() :]):
        return None
    return en_ordinal(match["ord"])


def _en_meetings(view: SentenceView, cities: list[Typed]) -> list[Typed]:
    text, found = view.sentence.text, []
    for match in _EN_MEETING.finditer(text):
        head = match["head"]
        kind = next(k for h, k in _MEETING_HEADS if re.fullmatch(h, head, re.IGNORECASE))
        number = _series_number(match, text)
        start, year, city = match.start(), None, None
        for word in match["pre"].split():
            clean = re.sub(r"[’']s$", "", word)
            if clean.isdigit():
                year = clean
            elif (
                clean.lower() in _gazetteer_en()
                and _gazetteer_en()[clean.lower()].kind == Kind.CITY
            ):
                city = _gazetteer_en()[clean.lower()]
            elif clean.upper() != "CICA" and not match["det"] and not match["ord"]:
                start = match.start("pre") + match["pre"].find(word) + len(word) + 1
        det = (match["det"] or "").lower()
        if kind is None and number is None and city is None and det not in {"this", "that"}:
            continue  # a bare "meeting" is not resolved, but "that meeting" refers back and
            # "the Ruritania City meeting" is the meeting of the kind the text speaks of there
        anaphoric = (
            number is None and year is None and city is None and det in {"this", "that", "the"}
        )
        noun = head.split()[0].lower()  # "meetings of foreign ministers": "meetings"
        plural = noun.endswith("s") and not noun.endswith("ss") and number is None
        if number is None and year is None and city is None and not anaphoric and not plural:
            continue  # "a summit": no one meeting ("summits" may list several)
        ref = MeetingRef(kind, number, year, city, anaphoric and not plural, plural=plural)
        found.append(
            Typed(
                "meeting",
                view.offset(start),
                view.offset(match.end()),
                meeting=ref,
                surface=text[start : match.end()],
            )
        )
    found += _en_plural_elided(view)
    for match in _EN_ELIDED.finditer(text):
        if any(
            view.offset(match.start()) < m.end and m.start < view.offset(match.end()) for m in found
        ):
            continue
        ref = MeetingRef(None, en_ordinal(match["ord"]))
        found.append(
            Typed(
                "meeting",
                view.offset(match.start()),
                view.offset(match.end()),
                meeting=ref,
                surface=match[0],
            )
        )
    return found


def meeting_kind(text: str) -> Kind | None:
    """The kind of meeting a line speaks of (a title: "Seven meetings of CICA foreign
    ministers", 历次外长会议), if any."""
    match = _EN_MEETING.search(text)
    if match is not None:
        head = match["head"]
        return next(k for h, k in _MEETING_HEADS if re.fullmatch(h, head, re.IGNORECASE))
    found = _ZH_HEAD.search(simplified(text))
    return _ZH_KINDS[found[0]] if found is not None else None


def _en_plural_elided(view: SentenceView) -> list[Typed]:
    """ "the previous three took place in ...": meetings of the kind the document speaks of."""
    found = []
    for match in _EN_PLURAL_ELIDED.finditer(view.sentence.text):
        ref = MeetingRef(None, plural=True)
        begin, end = view.offset(match.start()), view.offset(match.end())
        found.append(Typed("meeting", begin, end, meeting=ref, surface=match[0]))
    return found


def _en_numbers(view: SentenceView) -> list[Typed]:
    text, found = view.sentence.text, []
    for kind, pattern in (
        ("member-count", _EN_MEMBER_COUNT),
        ("observer-count", _EN_OBSERVER_COUNT),
    ):
        for match in pattern.finditer(text):
            raw = next(g for g in match.groups() if g)
            number = en_cardinal(raw)
            if number is not None and 1 < number < 200:
                found.append(
                    Typed(
                        kind,
                        view.offset(match.start()),
                        view.offset(match.end()),
                        number=number,
                        surface=match[0],
                    )
                )
    for match in _EN_SIGNATORIES.finditer(text):
        number = en_cardinal(match["n"])
        if number is not None and 1 < number < 200:
            found.append(
                Typed(
                    "signatory-count",
                    view.offset(match.start()),
                    view.offset(match.end()),
                    number=number,
                    surface=match[0],
                )
            )
    for match in _EN_MEMBER_ORDINAL.finditer(text):
        number = en_ordinal(match["n"])
        if number is not None:
            what = "member-ordinal" if match["what"].lower() == "member" else "observer-ordinal"
            found.append(
                Typed(
                    what,
                    view.offset(match.start()),
                    view.offset(match.end()),
                    number=number,
                    surface=match[0],
                )
            )
    return found


_NAME_ARTICLE = re.compile(r"^(?:the|its)\s+", re.IGNORECASE)
_EN_BARE_BODY = re.compile(r"\b(?:Secretariat|secretariat(?=\s+(?:was|is|moved|relocated)))\b")


def topic_secretariat(topic: Entity | None) -> Entity | None:
    """The gazetteer's secretariat of the article's organization ("CICA Secretariat")."""
    if topic is None:
        return None
    names = {e.name.lower(): e.entity for e in gazetteer() if e.kind == Kind.BODY}
    short = next(
        (a for a in (topic.label_en, *_aliases(topic)) if f"{a.lower()} secretariat" in names), None
    )
    return names[f"{short.lower()} secretariat"] if short is not None else None


def _bare_bodies(view: SentenceView, topic: Entity | None, found: list[Typed]) -> list[Typed]:
    """ "the Secretariat" in an article about an organization: that organization's secretariat."""
    body = topic_secretariat(topic)
    if body is None:
        return []
    mentions = []
    for match in _EN_BARE_BODY.finditer(view.sentence.text):
        start, end = view.offset(match.start()), view.offset(match.end())
        overlapping = [t for t in found if t.start <= start < t.end]
        if all(_EN_BARE_BODY.fullmatch(_NAME_ARTICLE.sub("", t.surface)) for t in overlapping):
            for mention in overlapping:  # spaCy's guess at "Secretariat" (a person, an ORG)
                found.remove(mention)
            mentions.append(Typed("body", start, end, entity=body, surface=match[0]))
    return mentions


def _zh_bare_bodies(text: str, at: int, topic: Entity | None, found: list[Typed]) -> list[Typed]:
    """秘书处 in an article about an organization: that organization's secretariat."""
    body = topic_secretariat(topic)
    if body is None:
        return []
    mentions = []
    for match in re.finditer("秘书处", text):
        start, end = at + match.start(), at + match.end()
        if not any(t.start <= start < t.end for t in found):
            mentions.append(Typed("body", start, end, entity=body, surface=match[0]))
    return mentions


ROLE_TYPES = {
    "Secretary General": "secretariat-role",
    "Executive Director": "secretariat-role",
    "President": "state-role",
    "Prime Minister": "state-role",
    "Foreign Minister": "state-role",
}
"""Role concepts (ontology/concepts.ttl, cica:RoleScheme) → the typed-mention type of their
titles: the head of a secretariat, or a post of a state."""
_ANAPHORIC_POST = re.compile(
    r"\b(?:that|this|the)(?: new)? (?:post|position|office|title)\b"
    r"|(?:这一|该|此)(?:职务|职位|职衔)"
)


@lru_cache(maxsize=2)
def _role_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, LexEntry]]:
    """One alternation of every title of the typed roles, longest first, and form → role."""
    forms: dict[str, LexEntry] = {}
    for entry in concepts_of(Kind.ROLE):
        if entry.name in ROLE_TYPES:
            for form in entry.zh_forms() if lang == "zh" else entry.en_forms():
                forms.setdefault(form if lang == "zh" else form.lower(), entry)
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    if lang == "zh":
        return re.compile(rf"(?:{alternation})(?!国|职务)"), forms
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE), forms


def roles(text: str, at: int, lang: str) -> list[Typed]:
    """Titles of posts ("Secretary General", 执行主任, "President"; not 主席国) and "that post"."""
    pattern, forms = _role_pattern(lang)
    found = []
    for match in pattern.finditer(text):
        entry = forms[match[0] if lang == "zh" else match[0].lower()]
        if lang == "en" and match[0].islower() and entry.name != "President":
            continue  # "the executive director" in running prose: a description, not a title
        kind, begin, end = ROLE_TYPES[entry.name], at + match.start(), at + match.end()
        found.append(Typed(kind, begin, end, entity=entry.entity, surface=match[0]))
    for match in _ANAPHORIC_POST.finditer(text):
        begin, end = at + match.start(), at + match.end()
        found.append(Typed("secretariat-role", begin, end, surface=match[0]))
    return found


_EN_ADDRESS = re.compile(
    r"(?:\b\d{1,4}(?:/\d{1,4})?[A-Za-z]?,?\s+|(?<=\bon )|(?<=\bat ))(?:[A-Z][\w’'\-]+\s+){1,4}"
    r"(?:Avenue|Street|Road|Boulevard|Prospekt|Prospect|Square|Lane|Ave\.|St\.)"
)
_ZH_ADDRESS = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:大街|大道|路|街|广场)\d{1,4}(?:/\d{1,4})?号")


def addresses(text: str, at: int, lang: str) -> list[Typed]:
    """Street addresses ("55/20 Mangilik Yel Avenue", 曼格利克耶尔大街55/20号) as literals."""
    return _literals("address", _ZH_ADDRESS if lang == "zh" else _EN_ADDRESS, text, at, lang)


def _literals(kind: str, pattern: re.Pattern[str], text: str, at: int, lang: str) -> list[Typed]:
    """Each match of ``pattern`` (on the simplified text, for Chinese) as a literal mention,
    quoted in the original script."""
    plain = simplified(text) if lang == "zh" else text
    found = []
    for match in pattern.finditer(plain):
        literal = Value(text[match.start() : match.end()].strip(), lang=lang)
        found.append(Typed(kind, at + match.start(), at + match.end(), value=literal,
                           surface=literal.lexical))  # fmt: skip
    return found


_EN_FREQUENCY = re.compile(
    r"\b(?:at\s+least\s+|no\s+less\s+than\s+)?(?:once|twice|(?:two|three|four|\d+)\s+times)"
    r"\s+(?:a|per|every)\s+(?:year|month|quarter)\b|\bevery\s+(?:two|three|four|five|\d+)\s+"
    r"years\b|\b(?:annually|biennially)\b",
    re.IGNORECASE,
)
_ZH_FREQUENCY = re.compile(
    r"每(?:[两二三四五]|\d)?年(?:至少|定期)?(?:举行|召开|举办)?(?:一|两)次|每(?:[两二三四五]|\d)?年"
    r"(?=至少|定期|举行|召开|举办|开会|会晤)"
)


def frequencies(text: str, at: int, lang: str) -> list[Typed]:
    """How often something meets, as the text words it ("at least once a year", "every two
    years", 每年至少举行一次): a literal."""
    return _literals("frequency", _ZH_FREQUENCY if lang == "zh" else _EN_FREQUENCY, text, at, lang)


_EN_SESSION = re.compile(
    rf"\b(?:the\s+)?(?P<n>{_ORD_WORDS})\s+(?:regular\s+)?[Ss]ession\s+of\s+the\s+"
    r"(?:UN|U\.N\.|United\s+Nations)\s+General\s+Assembly"
)
_ZH_SESSION = re.compile(rf"第(?P<n>{_ZH_NUM})届联合国大会|联合国大会第(?P<m>{_ZH_NUM})届(?:会议)?")


def sessions(text: str, at: int, lang: str) -> list[Typed]:
    """Numbered sessions of the UN General Assembly ("the 47th session of the UN General
    Assembly", 第47届联合国大会): the number; :mod:`.engine` names the session."""
    found = []
    if lang == "zh":
        for match in _ZH_SESSION.finditer(simplified(text)):
            number = _zh_number(match["n"] or match["m"])
            found.append(Typed("session", at + match.start(), at + match.end(), number=number,
                               surface=match[0]))  # fmt: skip
        return found
    for match in _EN_SESSION.finditer(text):
        found.append(Typed("session", at + match.start(), at + match.end(),
                           number=en_ordinal(match["n"]), surface=match[0]))  # fmt: skip
    return found


_EN_AIM = re.compile(
    r"\btransform(?:ation|ing)?\b[^.;:]{0,40}?\binto\s+(?:an?\s+)?[^.;:,()]{3,80}", re.I
)
_ZH_AIM = re.compile(r"(?:向|朝)[^，。；：]{2,24}?转型|转型为[^，。；：]{2,24}")


def aims(text: str, at: int, lang: str) -> list[Typed]:
    """What a document sets out to do, as the text words it ("transformation into a full-fledged
    regional international organisation", 向地区国际组织转型): a literal."""
    return _literals("aim", _ZH_AIM if lang == "zh" else _EN_AIM, text, at, lang)


CONCEPT_TYPES = {
    Kind.PRINCIPLE: "principle",
    Kind.CBM_AREA: "cbm-area",
    Kind.COOPERATION_AREA: "cooperation-area",
    Kind.CONCEPT_COMPONENT: "component",
}
"""Concept classes → typed-mention types (concepts found by pattern, decision 0101)."""


def _en_concepts(view: SentenceView) -> list[Typed]:
    found = []
    for entry, start, end in english_concepts(view.doc):
        if entry.kind in CONCEPT_TYPES:
            span = view.doc[start:end]
            begin, finish = view.offset(span.start_char), view.offset(span.end_char)
            found.append(Typed(CONCEPT_TYPES[entry.kind], begin, finish, entity=entry.entity,
                               surface=span.text))  # fmt: skip
    return found


def _zh_concepts(text: str, at: int) -> list[Typed]:
    return [
        Typed(CONCEPT_TYPES[e.kind], at + s, at + t, entity=e.entity, surface=text[s:t])
        for e, s, t in chinese_concepts(text)
        if e.kind in CONCEPT_TYPES
    ]


def _charters(found: list[Typed]) -> list[Typed]:
    """A charter is also typed ``charter`` (what an organization is committed to)."""
    return [
        replace(t, type="charter")
        for t in found
        if t.type == "document" and t.entity is not None and t.entity.kind == Kind.CHARTER
    ]


def _aliases(entity: Entity) -> tuple[str, ...]:
    return next((e.aliases for e in gazetteer() if e.entity == entity), ())


def english(
    view: SentenceView,
    anchor_year: str | None,
    topic: Entity | None = None,
    published: str | None = None,
) -> list[Typed]:
    """Every typed mention of a parsed English sentence (``published``: the article's date)."""
    found = [
        Typed(KIND_TYPES[m.entity.kind], m.start, m.end, entity=m.entity, surface=m.text)
        for m in view.mentions
        if not m.demonym and m.entity.kind in KIND_TYPES
    ]
    found += [
        Typed("document", m.start, m.end, entity=m.entity, surface=m.text)
        for m in view.mentions
        if m.entity.kind in DOCUMENT_TYPES
    ]
    found += [
        Typed("state-adj", m.start, m.end, entity=m.entity, surface=m.text)
        for m in view.mentions
        if m.demonym and KIND_TYPES.get(m.entity.kind) == "state"
    ]  # "the Kazakh capital"
    found += _bare_bodies(view, topic, found)
    documents = _en_documents(view)
    meetings = _en_meetings(view, [t for t in found if t.type == "city"])
    dates = _dates(view.sentence.text, view.sentence.start, "en")
    dates += _yearless(view.sentence.text, view.sentence.start, dates, anchor_year)
    dates += _weekdays(view.sentence.text, view.sentence.start, dates, published)
    dates += relative_years(view.sentence.text, view.sentence.start, dates, published)
    dates += same_years(view.sentence.text, view.sentence.start, dates)
    titles = roles(view.sentence.text, view.sentence.start, "en")
    named = _unmasked(found, documents + meetings) + documents
    return (
        named
        + meetings
        + dates
        + _en_numbers(view)
        + _unmasked(titles, documents + meetings)
        + _unmasked(_en_concepts(view), named + meetings)
        + _charters(named)
        + addresses(view.sentence.text, view.sentence.start, "en")
        + sessions(view.sentence.text, view.sentence.start, "en")
        + aims(view.sentence.text, view.sentence.start, "en")
        + frequencies(view.sentence.text, view.sentence.start, "en")
    )


def _unmasked(found: list[Typed], spans: list[Typed]) -> list[Typed]:
    """Mentions not inside a document title or a meeting name (its city is the meeting's)."""
    return [
        t
        for t in found
        if not any(s.start <= t.start and t.end <= s.end and s is not t for s in spans)
    ]


# ---------------------------------------------------------------- Chinese patterns

_ZH_HEAD = re.compile(r"峰会|外长会议|外长会(?!议)|高官委员会会议|高官会议|特别工作组会议")
_ZH_ORDINAL_BEFORE = re.compile(
    rf"(?:第(?P<n>{_ZH_NUM})(?:次|届)|(?P<first>首次|首届))(?:亚信(?:会议)?)?$"
)
_ZH_PLURAL_BEFORE = re.compile(
    rf"(?:此后|此前|之后|之前|其后|历届|历次|其余|另外|其他|(?<!第)(?:{_ZH_NUM})(?:次|届))(?:的)?$"
)
_ZH_YEAR_BEFORE = re.compile(r"(?P<y>(?:19|20)\d\d)年(?:的)?(?:亚信(?:会议)?)?$")
_ZH_ANAPHORIC = re.compile(r"(?:本次|此次|这次|该次|本届|此届|该)(?P<head>峰会|外长会议|会议)")
_ZH_BARE_DAY = re.compile(
    r"(?<![年\d])(?P<zmon>\d{1,2}|[一二三四五六七八九十]{1,2})月(?P<zday>\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
    r"(?:[至到~—–-](?P<zuntil>\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
)
_ZH_DOCUMENT = re.compile(r"《(?P<title>[^》]{2,60})》")
_ZH_MEMBER_COUNT = re.compile(
    rf"(?P<n>{_ZH_NUM})个(?:成员国|成员|正式成员)|成员国(?:总数|数量|数)?(?:已)?(?:增至|增加到|增加至|达到|达|扩大到"
    rf"|扩大至|扩至|为|共|有)(?P<m>{_ZH_NUM})个?|^成员国[:：]\s*(?P<f>\d+)"
)
_ZH_OBSERVER_COUNT = re.compile(
    rf"(?P<n>{_ZH_NUM})个观察员(?:国)?|观察员(?:国)?(?:总数|数量)?(?:增至|达到|达|为|共|有)(?P<m>{_ZH_NUM})个?"
    rf"|^观察员(?:国)?[:：]\s*(?P<f>\d+)"
)
_ZH_SIGNATORIES = re.compile(rf"(?P<n>{_ZH_NUM})(?:个)?(?:国家|国)(?!家)")
_ZH_ORDINAL = re.compile(rf"第(?P<n>{_ZH_NUM})个(?P<what>成员国|观察员)")
_ZH_KINDS = {
    "峰会": Kind.SUMMIT,
    "外长会议": Kind.MINISTERIAL_MEETING,
    "外长会": Kind.MINISTERIAL_MEETING,
    "高官委员会会议": Kind.SENIOR_OFFICIALS_MEETING,
    "高官会议": Kind.SENIOR_OFFICIALS_MEETING,
    "特别工作组会议": Kind.WORKING_GROUP_MEETING,
}


@lru_cache(maxsize=1)
def _zh_forms() -> tuple[tuple[str, Entity], ...]:
    pairs = {(form, e.entity) for e in gazetteer() for form in e.zh_forms()}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1].key)))


@lru_cache(maxsize=1)
def _zh_index() -> dict[str, Entity]:
    return {form: entity for form, entity in reversed(_zh_forms())}


def _zh_entities(text: str, at: int) -> list[Typed]:
    taken: list[Typed] = []
    for form, entity in _zh_forms():
        begin = text.find(form)
        while begin >= 0:
            end = begin + len(form)
            if not any(t.start < at + end and at + begin < t.end for t in taken):
                kind = DOCUMENT_TYPES & {entity.kind}
                taken.append(
                    Typed(
                        "document" if kind else KIND_TYPES.get(entity.kind, "other"),
                        at + begin,
                        at + end,
                        entity=entity,
                        surface=form,
                    )
                )
            begin = text.find(form, end)
    return [t for t in taken if t.type != "other"]


def _zh_meetings(text: str, at: int) -> list[Typed]:
    """Each meeting head (峰会, 外长会议, ...) with the ordinal, year and city just before it."""
    found = []
    for match in _ZH_HEAD.finditer(text):
        head_start, before = match.start(), text[max(0, match.start() - 14) : match.start()]
        city, city_form = _zh_city_before(before)
        rest = before[: len(before) - len(city_form)] if city_form else before
        rest = re.sub(r"(?:亚信(?:会议)?)$", "", rest)
        ordinal = _ZH_ORDINAL_BEFORE.search(rest)
        year = _ZH_YEAR_BEFORE.search(rest) if ordinal is None else None
        number = None
        if ordinal is not None:
            number = 1 if ordinal["first"] else _zh_number(ordinal["n"])
        plural = number is None and year is None and _ZH_PLURAL_BEFORE.search(rest) is not None
        if number is None and city is None and year is None and not plural:
            continue
        used = [m for m in (ordinal, year) if m is not None]
        start = head_start - len(city_form) if city_form else head_start
        if used:
            start = min(start, head_start - len(before) + min(m.start() for m in used))
        ref = MeetingRef(
            _ZH_KINDS[match[0]], number, year["y"] if year else None, city, plural=plural
        )
        found.append(
            Typed(
                "meeting",
                at + start,
                at + match.end(),
                meeting=ref,
                surface=text[start : match.end()],
            )
        )
    for match in _ZH_ANAPHORIC.finditer(text):
        ref = MeetingRef(_ZH_KINDS.get(match["head"]), anaphoric=True)
        found.append(
            Typed("meeting", at + match.start(), at + match.end(), meeting=ref, surface=match[0])
        )
    return found


def _zh_city_before(before: str) -> tuple[Entity | None, str]:
    """The city whose Chinese name ends ``before`` (or ends it before 亚信), and that name."""
    trimmed = re.sub(r"(?:亚信(?:会议)?)$", "", before)
    trimmed = re.sub(r"[（(][^（）()]*[）)]$", "", trimmed)  # 上海（Shanghai）峰会: the gloss goes
    for i in range(len(trimmed)):
        entity = _zh_index().get(trimmed[i:])
        if entity is not None and entity.kind == Kind.CITY:
            return entity, before[i:]
    return None, ""


def _zh_documents(text: str, at: int) -> list[Typed]:
    found = []
    for match in _ZH_DOCUMENT.finditer(text):
        title = match["title"]
        known = _zh_index().get(title)
        if known is None:
            kind = next(
                (k for suffix, k in ZH_DOCUMENT_KINDS if title.endswith(suffix)), Kind.DOCUMENT
            )
            known = Entity(kind, title, "", title)
        found.append(
            Typed(
                "document",
                at + match.start("title"),
                at + match.end("title"),
                entity=known,
                surface=title,
            )
        )
    return found


def _zh_numbers(text: str, at: int) -> list[Typed]:
    found = []
    patterns = (
        ("member-count", _ZH_MEMBER_COUNT),
        ("observer-count", _ZH_OBSERVER_COUNT),
        ("signatory-count", _ZH_SIGNATORIES),
    )
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            raw = next(g for g in match.groups() if g)
            number = _zh_number(raw)
            if number is not None and 1 < number < 200:
                found.append(
                    Typed(
                        kind, at + match.start(), at + match.end(), number=number, surface=match[0]
                    )
                )
    for match in _ZH_ORDINAL.finditer(text):
        number = _zh_number(match["n"])
        what = "member-ordinal" if match["what"] == "成员国" else "observer-ordinal"
        found.append(
            Typed(what, at + match.start(), at + match.end(), number=number, surface=match[0])
        )
    return found


def chinese(
    sentence: Sentence,
    anchor_year: str | None,
    topic: Entity | None = None,
    published: str | None = None,
) -> list[Typed]:
    """Every typed mention of a Chinese sentence (matched in simplified script)."""
    text, at = simplified(sentence.text), sentence.start
    documents = _zh_documents(text, at)
    meetings = _zh_meetings(text, at)
    entities = _unmasked(_zh_entities(text, at), documents + meetings)
    entities += _zh_bare_bodies(text, at, topic, entities + documents + meetings)
    dates = _dates(text, at, "zh")
    dates += _yearless(text, at, dates, anchor_year)
    dates += relative_years(sentence.text, at, dates, published)
    dates += same_years(sentence.text, at, dates)
    titles = _unmasked(roles(text, at, "zh"), documents + meetings)
    named = entities + documents
    ideas = _unmasked(_zh_concepts(text, at), named + meetings)
    found = named + meetings + dates + _zh_numbers(text, at) + titles + ideas + _charters(named)
    found += addresses(sentence.text, at, "zh") + sessions(sentence.text, at, "zh")
    return found + aims(sentence.text, at, "zh") + frequencies(sentence.text, at, "zh")
