"""Split text into sentences, English and Chinese (:mod:`cica_kg.text.lang` tells them apart).

Every function returns character offsets into the string it is given, so a caller
slices the original text: nothing is normalised or copied.

>>> text = "Dr. Li met U.S. officials in 2002. They agreed."
>>> [text[s:e] for s, e in split_sentences(text, lang="en")]
['Dr. Li met U.S. officials in 2002.', 'They agreed.']
"""

from __future__ import annotations

import re

from cica_kg.model import Lang


def _words(text: str) -> frozenset[str]:
    """The set of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


# Abbreviations that are never the last word of a sentence ("Dr. Li", "No. 5").
_NEVER_FINAL = _words(
    "Dr Mr Mrs Ms Mme Prof St Mt Ft Gen Col Lt Maj Capt Sgt Adm Cmdr Rev Hon Gov Sen Rep "
    "Amb Pres Sec Dep Messrs No Nos Art Arts Vol Vols Fig Figs Ch Sec pp p para vs cf approx "
    "ca est Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
# Abbreviations that may end a sentence ("... Ltd."): split only before a common opener.
_MAYBE_FINAL = _words("etc Inc Ltd Co Corp Jr Sr Bros al")
# Words that commonly open an English sentence, used to resolve "U.S. The ..." style cases.
_OPENERS = _words(
    "The This That These Those It Its He She They We I You In On At As A An But And Or So "
    "However Since After Before When While There Here His Her Their Our According Also "
    "Meanwhile Moreover Furthermore Thus Therefore For If Both Such Some Many Most All Each "
    "One Other Another Today Yesterday Now Then Later Earlier"
)
_EN_END = re.compile(r"""(?:\.{3}|…|[.!?]+)["'”’)\]]*(?=\s|$)""")
_ZH_END = re.compile(r"[。！？!?]+[」』”’\"'）)》]*")
_WORD_BEFORE = re.compile(r"""[("'“‘\[]*([^\s("'“‘\[]+)$""")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)?")
_NEXT_WORD = re.compile(r"""["'“‘(\[]*([^\s.,;:!?"'”’)\]]+)""")


def split_sentences(
    text: str, *, lang: Lang, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as (start, end) offsets into ``text``.

    Sentences are stripped of surrounding whitespace; empty ones are dropped.
    Chinese splits after 。！？ (not ；) keeping closing quotes; English uses
    :func:`_en_boundaries` (abbreviations, initials, decimals, quotes).
    """
    stop = len(text) if end is None else end
    cuts = _zh_boundaries(text, start, stop) if lang == "zh" else _en_boundaries(text, start, stop)
    spans: list[tuple[int, int]] = []
    begin = start
    for cut in [*cuts, stop]:
        span = _strip_span(text, begin, cut)
        if span is not None:
            spans.append(span)
        begin = cut
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) narrowed past surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _zh_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each Chinese sentence-final mark (with its closing quotes)."""
    return [m.end() for m in _ZH_END.finditer(text, start, end) if m.end() < end]


def _en_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each English sentence end."""
    cuts: list[int] = []
    sentence_start = start
    for match in _EN_END.finditer(text, start, end):
        nxt = match.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            break
        if _ends_sentence(text, sentence_start, match, nxt):
            cuts.append(match.end())
            sentence_start = match.end()
    return cuts


def _ends_sentence(text: str, sentence_start: int, mark: re.Match[str], nxt: int) -> bool:
    """Whether the punctuation ``mark`` ends a sentence, given the text from ``nxt`` on."""
    following = text[nxt]
    if not (
        following.isupper()
        or following.isdigit()
        or following in "\"'“‘(["
        or (following.isalpha() and not following.islower())
    ):
        return False
    if not mark.group().startswith(".") or mark.group().startswith("..."):
        return True
    before = text[sentence_start : mark.start()]
    word_match = _WORD_BEFORE.search(before)
    word = word_match.group(1) if word_match else ""
    next_match = _NEXT_WORD.match(text, nxt)
    next_word = next_match.group(1) if next_match else ""
    if word in _NEVER_FINAL or (len(word) == 1 and word.isupper()):
        return False
    if _ENUMERATOR.fullmatch(before.strip()):
        return False  # a list marker such as "1." or "(a)."
    if word in _MAYBE_FINAL or _INITIALISM.fullmatch(word):
        return next_word in _OPENERS
    return True
