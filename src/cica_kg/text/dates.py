"""Find and normalise calendar dates in English and Chinese text.

A date is reported at the precision the text states: a year (``xsd:gYear``), a month
(``xsd:gYearMonth``) or a day (``xsd:date``). Vague expressions (decades, seasons,
"mid-1990s") are not dates: :func:`normalise_date` returns ``None`` for them.

>>> normalise_date("October 1992").iso
'1992-10'
>>> [m.value.iso for m in find_dates("2002年6月4日在阿拉木图", lang="zh")]
['2002-06-04']
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Literal

from cica_kg.text.numbers import zh_int

Precision = Literal["year", "month", "day"]

_DATATYPES: dict[Precision, str] = {
    "year": "xsd:gYear",
    "month": "xsd:gYearMonth",
    "day": "xsd:date",
}
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Full-width digits map one-to-one onto ASCII digits, so offsets are preserved.
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
# Words after a four-digit number that make it a count, not a year ("1500 people").
_COUNT_NOUNS = (
    r"people|persons|members|delegates|participants|troops|soldiers|officers|staff|"
    r"km|kilometres|kilometers|miles|metres|meters|tons|tonnes|dollars|yuan|euros|"
    r"words|pages|times|years|days|hours|units|cases|votes|copies"
)

_UNTIL_DAY = r"(?P<until_day>\d{1,2})(?:st|nd|rd|th)?"
_EN_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_DAY}\s*(?:-|–|—|to)\s*{_UNTIL_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}", re.I),
    re.compile(rf"\b{_MON}\s+{_DAY}\s*(?:-|–|—|to)\s*{_UNTIL_DAY},?\s+{_YEAR}", re.I),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}", re.IGNORECASE),
    re.compile(
        rf"(?<![\d,.$#£€¥/])(?P<year>1[89]\d\d|20\d\d)"
        rf"(?!\d|s\b|['’]s\b|st\b|nd\b|rd\b|th\b|%|[.,]\d|\s+(?:{_COUNT_NOUNS})\b)"
    ),
)
_ISO_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<![\d./-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])"),
    re.compile(r"(?<![\d./-])(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])"),
)
_ZH_NUM = "〇零一二三四五六七八九"
_ZH_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?<![\d{_ZH_NUM}])(?P<year>1\d{{3}}|20\d{{2}}|[{_ZH_NUM}]{{4}})\s*年(?!代)"
        rf"(?:\s*(?P<month>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*月"
        rf"(?:\s*(?P<day>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[日号]"
        rf"(?:\s*[至到~～—–-]\s*(?P<until_day>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*[日号])?)?)?"
    ),
)
# The year of a bare-year mention must follow no reference word ("No. 2014", "Resolution 2014").
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:\bNo\.|\bNos\.|\bnumber|\bResolution|\bArticle|\bArt\.|\bpage|\bpp?\.|#)\s*$",
    re.IGNORECASE,
)
_FILLER_BEFORE = re.compile(
    r"\s*(?:(?:in|on|of|since|from|by|during|until|till|as\s+of|dated?|the|year)\s+"
    r"|[于在自从至到]\s*)*",
    re.IGNORECASE,
)
_FILLER_AFTER = re.compile(r"[\s.,;:，。；：]*")


@dataclass(frozen=True)
class DateValue:
    """A calendar date at year, month or day precision."""

    iso: str  # "2014", "1992-10", "2002-06-04"
    datatype: str  # "xsd:gYear", "xsd:gYearMonth", "xsd:date"
    precision: Precision

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> DateValue:
        """Build a value from its parts; raises ValueError for an impossible date."""
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} out of range")
        if month is None:
            return cls(f"{year:04d}", _DATATYPES["year"], "year")
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} out of range")
        if day is None:
            return cls(f"{year:04d}-{month:02d}", _DATATYPES["month"], "month")
        return cls(datetime.date(year, month, day).isoformat(), _DATATYPES["day"], "day")

    @classmethod
    def from_iso(cls, iso: str) -> DateValue:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raises ValueError otherwise."""
        match = _ISO.fullmatch(iso.strip())
        if match is None:
            raise ValueError(f"{iso!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls.of(year, month, day)


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: its span (offsets into the text searched) and value.

    For a day range ("20-21 May 2014", "2014年5月20日至21日") ``value`` is the first day
    and ``until`` the last; otherwise ``until`` is None.
    """

    start: int
    end: int
    surface: str
    value: DateValue
    until: DateValue | None = None


_Candidate = tuple[int, int, DateValue | None, DateValue | None]


def _value(match: re.Match[str]) -> tuple[DateValue | None, DateValue | None]:
    """The date a pattern match denotes and the last day of a range; None when impossible."""
    groups = match.groupdict()
    try:
        year = zh_int(groups["year"])
        month: int | None = None
        if groups.get("mon"):
            month = _MONTHS[groups["mon"].lower().rstrip(".")]
        elif groups.get("month"):
            month = zh_int(groups["month"])
        day = zh_int(groups["day"]) if groups.get("day") else None
        value = DateValue.of(year, month, day)
    except (ValueError, KeyError):
        return None, None
    if not groups.get("until_day"):
        return value, None
    try:
        until = DateValue.of(year, month, zh_int(groups["until_day"]))
    except ValueError:
        return value, None
    return value, until if until.iso > value.iso else None


def _candidates(text: str, lang: str) -> list[_Candidate]:
    """Non-overlapping date spans, leftmost first, longest on a tie; impossible dates as None."""
    patterns = _ISO_PATTERNS + _ZH_PATTERNS + (_EN_PATTERNS if lang == "en" else ())
    searchable = text.translate(_FULLWIDTH)
    found: list[_Candidate] = []
    for pattern in patterns:
        for match in pattern.finditer(searchable):
            if pattern is _EN_PATTERNS[-1] and _NOT_A_YEAR_BEFORE.search(
                searchable, 0, match.start()
            ):
                continue
            found.append((match.start(), match.end(), *_value(match)))
    found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[_Candidate] = []
    for cand in found:
        if not chosen or cand[0] >= chosen[-1][1]:
            chosen.append(cand)
    return chosen


def find_dates(text: str, *, lang: str) -> list[DateMention]:
    """Every calendar date stated in ``text``, in text order.

    English (``lang="en"``): "June 4, 2002", "4 June 2002", "Oct. 1992", "2002-06-04" and bare
    years 1800-2099 ("the 2014 Shanghai Summit"); not "47th", "26", "10 years", "1990s".
    Chinese and ISO forms ("2002年6月4日", "二〇一四年", "２０１４年") are read in either
    language; in Chinese a year needs 年 (and, in digits, lies in 1000-2099: "5000年历史" is a
    span of time). Impossible dates (Feb 30) are skipped.

    >>> [(m.surface, m.value.iso) for m in find_dates("in October 1992 at the 47th", lang="en")]
    [('October 1992', '1992-10')]
    """
    return [
        DateMention(start, end, text[start:end], value, until)
        for start, end, value, until in _candidates(text, lang)
        if value is not None
    ]


def normalise_date(text: str, *, lang: str = "en") -> DateValue | None:
    """The date ``text`` denotes as a whole, or None if it is vague, impossible or not a date.

    Leading prepositions ("in 1992", "于2014年") and trailing punctuation are allowed;
    anything else ("spring 2014", "mid-1990s", "the 1990s") gives None.

    >>> normalise_date("June 4, 2002")
    DateValue(iso='2002-06-04', datatype='xsd:date', precision='day')
    >>> normalise_date("February 30, 2002") is None
    True
    """
    stripped = text.strip().translate(_FULLWIDTH)
    if _ISO.fullmatch(stripped):
        try:
            return DateValue.from_iso(stripped)
        except ValueError:
            return None
    candidates = _candidates(stripped, lang)
    if len(candidates) != 1:
        return None
    start, end, value, until = candidates[0]
    if until is not None:
        return None  # a range is not one date
    before = _FILLER_BEFORE.match(stripped, 0, start)
    if before is None or before.end() != start:
        return None
    if _FILLER_AFTER.fullmatch(stripped, end) is None:
        return None
    return value


def compare_dates(a: str, b: str) -> int:
    """Compare two ISO dates at their common precision: -1, 0 or 1.

    ``compare_dates("2014", "2014-05") == 0``; raises ValueError for a non-ISO value.

    >>> compare_dates("1992-10", "2002-06-04")
    -1
    """
    parts_a = DateValue.from_iso(a).iso.split("-")
    parts_b = DateValue.from_iso(b).iso.split("-")
    common = min(len(parts_a), len(parts_b))
    key_a = tuple(int(p) for p in parts_a[:common])
    key_b = tuple(int(p) for p in parts_b[:common])
    return (key_a > key_b) - (key_a < key_b)
