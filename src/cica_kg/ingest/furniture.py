"""Recognise page furniture: the lines of a saved web page that are not the article.

Each test looks at one stripped line. Ingest leaves furniture out of the passages
(the text itself is never changed); a byline also yields the date and publisher.
See docs/decisions/0020-ingest-offsets.md for the rules.

>>> read_byline("Updated:2019-04-17 | By:China.org.cn")
Byline(date='2019-04-17', publisher='China.org.cn')
>>> is_footer("Share this article | Contact Us | Privacy"), is_heading("CICA at a glance")
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cica_kg.text.dates import find_dates
from cica_kg.text.lang import detect_lang


def _words(text: str) -> frozenset[str]:
    """The set of the ``|``-separated entries of ``text``."""
    return frozenset(text.split("|"))


_LANGUAGE_NAMES = _words(
    "中文|简体|繁體|english|français|русский|русский язык|日本語|español|عربي|العربية|"
    "deutsch|한국어|português|türkçe|bahasa indonesia|қазақ тілі|tiếng việt|"
    "lingua italiana|italiano"
)
_BREADCRUMB = re.compile(r"(?:Home|Homepage|首页|主页)\s*(?:>|»|›|＞)", re.IGNORECASE)
_FIELD = re.compile(r"\s*([^:：|]{1,24}?)\s*[:：]\s*(.*?)\s*")
_DATE_LABELS = _words("updated|published|date|posted|time|发布时间|更新时间|时间|日期|发布日期")
_PUBLISHER_LABELS = ("source", "来源", "by", "publisher")
_OTHER_LABELS = _words("editor|author|writer|web editor|作者|编辑|责任编辑")
_PROSE_BYLINE = re.compile(r"By\s+[^,|]{1,60}?\s*[,|]\s*(.+)")
_FOOTER_WORDS = _words(
    "contact us|about us|share|share this article|print|email|e-mail|mail|comment|comments|"
    "feedback|go to forum|back to top|top|related|privacy|privacy policy|terms|terms of use|"
    "cookies|follow us|subscribe|newsletter|advertise|rss|site map|sitemap|"
    "联系我们|关于我们|分享|打印|返回顶部|评论|相关新闻|隐私政策"
)
_FOOTER_SEPARATORS = re.compile(r"\s*[|·•]\s*|\s{2,}")
_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\)|all rights reserved|版权所有|京icp)", re.I)
SENTENCE_END = tuple(".!?。！？…")
MAX_BYLINE = 200  # characters; the corpora's longest byline has 52, and a longer line is prose


_DATE_LINE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}"
    r"|\d{4}年\d{1,2}月\d{1,2}日(?:\s*(?:星期|周)[一二三四五六日天])?)"
)


@dataclass(frozen=True)
class Byline:
    """What a byline says: the article date (ISO) and publisher, either may be missing."""

    date: str | None
    publisher: str | None


def is_language_menu(line: str) -> bool:
    """A line of three or more short ``|``-separated fields, most of them language names."""
    fields = [f.strip() for f in line.split("|")]
    if len(fields) < 3 or any(not f or len(f) > 25 or f.endswith(SENTENCE_END) for f in fields):
        return False
    known = sum(1 for f in fields if f.casefold() in _LANGUAGE_NAMES)
    return known * 2 >= len(fields)


def is_breadcrumb(line: str) -> bool:
    """A navigation trail starting at the home page ("Home > World > Asia", "首页 > 国际")."""
    return _BREADCRUMB.match(line) is not None


def is_footer(line: str) -> bool:
    """A copyright line, or a line made only of words like "Contact Us", "Share", "Print"."""
    if _COPYRIGHT.match(line):
        return True
    parts = [p.casefold() for p in _FOOTER_SEPARATORS.split(line.strip()) if p]
    return bool(parts) and all(p in _FOOTER_WORDS for p in parts)


def is_heading(line: str) -> bool:
    """A short line without final sentence punctuation (a title or section heading)."""
    limit = 40 if detect_lang(line) == "zh" else 120
    return len(line) <= limit and len(line.split()) <= 16 and not line.endswith(SENTENCE_END)


def is_title(line: str) -> bool:
    """The first line of an article as its title: a heading, or a headline up to twice a
    heading's length that may end in a question mark ("Who may join the forum?", a bilingual
    "English title / 中文标题")."""
    if is_heading(line):
        return True
    limit = 80 if detect_lang(line) == "zh" else 240
    return (
        len(line) <= limit
        and len(line.split()) <= 32
        and not line.rstrip("?？").endswith(SENTENCE_END)
    )


def same_title(line: str, titles: Sequence[str | None]) -> bool:
    """Whether ``line`` repeats one of ``titles`` (case and spacing ignored)."""
    key = " ".join(line.split()).casefold()
    return any(t is not None and key == " ".join(t.split()).casefold() for t in titles)


def read_byline(line: str) -> Byline | None:
    """The date and publisher of a byline line, or None if ``line`` is not one.

    Two forms: labelled fields ("Updated:2019-04-17 | By:China.org.cn", "更新时间:… | 来源:…")
    and prose ("By Asia Affairs Digest staff, 5 October 2022": a date, no publisher,
    since "By" there names authors). A line longer than :data:`MAX_BYLINE` is none.
    """
    if len(line) > MAX_BYLINE:
        return None
    fields = _labelled_fields(line)
    if fields is not None:
        date = next((d for k, v in fields.items() if k in _DATE_LABELS for d in _dates(v)), None)
        publisher = next((fields[k] for k in _PUBLISHER_LABELS if fields.get(k)), None)
        if date is not None or publisher is not None:
            return Byline(date, publisher)
        return None
    prose = _PROSE_BYLINE.fullmatch(line)
    if prose is not None and len(line.split()) <= 16:
        dates = _dates(prose.group(1))
        if dates:
            return Byline(dates[0], None)
    if _DATE_LINE.fullmatch(line.strip()):  # "Thursday, 13 October 2022": the date alone
        dates = _dates(line)
        if len(dates) == 1 and len(dates[0]) == 10:
            return Byline(dates[0], None)
    return None


def _labelled_fields(line: str) -> dict[str, str] | None:
    """The ``label: value`` fields of ``line`` if every ``|``-separated part is one."""
    fields: dict[str, str] = {}
    for part in line.split("|"):
        match = _FIELD.fullmatch(part)
        label = match.group(1).casefold() if match else ""
        if match is None or not (
            label in _DATE_LABELS or label in _PUBLISHER_LABELS or label in _OTHER_LABELS
        ):
            return None
        fields.setdefault(label, match.group(2))
    return fields


def _dates(value: str) -> list[str]:
    """ISO forms of the day- or month-precision dates in a byline value."""
    return [m.value.iso for m in find_dates(value, lang="en") if m.value.precision != "year"]
