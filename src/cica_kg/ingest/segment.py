"""Split text into sentences, English and Chinese (:mod:`cica_kg.text.lang` tells them apart).

Every function returns character offsets into the string it is given, so a caller
slices the original text: nothing is normalised or copied. A "sentence" longer than
:data:`MAX_SENTENCE` characters (a page with no full stops, a list on one line) is cut into
pieces at a clause mark or a space, so no later stage (spaCy's parser above all) sees a text
longer than that; the work is linear in the length of the text.

>>> text = "Dr. Li met U.S. officials in 2002. They agreed."
>>> [text[s:e] for s, e in split_sentences(text, lang="en")]
['Dr. Li met U.S. officials in 2002.', 'They agreed.']
>>> text = "one two, three four"
>>> [text[s:e] for s, e in split_sentences(text, lang="en", max_length=10)]
['one two,', 'three four']
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

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
# A run of marks starts a match only at its first mark, and no quantifier gives back what it
# took: each character is looked at a bounded number of times ("a" + "." * 10**6 is linear).
_EN_END = re.compile(r"""(?:…|(?<![.!?])[.!?]++)["'”’)\]]*+(?=\s|$)""")
_EN_END_HERE = re.compile(r"""[.!?]++["'”’)\]]*+(?=\s|$)""")  # at a window's first character
_ZH_END = re.compile(r"[。！？!?]+[」』”’\"'）)》]*")
_OPENING = frozenset("(\"'“‘[")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)?")
_NEXT_WORD = re.compile(r"""["'“‘(\[]*([^\s.,;:!?"'”’)\]]+)""")
_ENUMERATOR_CHARS = 6  # the longest list marker _ENUMERATOR matches: "(viii)"

MAX_SENTENCE = 2000
"""The longest span :func:`split_sentences` returns, in characters. The longest sentence of
the bundled and development corpora has about 1,000; extracting from a 2,000-character
sentence takes as long per character as from a short one, from a 20,000-character one
four times as long (and spaCy refuses a text above 1,000,000)."""
_CLAUSE_MARK = re.compile(r"[,;:，；：、]")
_SPACE = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\n")
_FIELD_LINE = re.compile(r"[ \t]*[^\n:：。.!?！？,，]{1,24}[:：]")


def split_sentences(
    text: str, *, lang: Lang, start: int = 0, end: int | None = None, max_length: int = MAX_SENTENCE
) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as (start, end) offsets into ``text``.

    Sentences are stripped of surrounding whitespace; empty ones are dropped.
    Chinese splits after 。！？ (not ；) keeping closing quotes; English uses
    :func:`_en_boundaries` (abbreviations, initials, decimals, quotes). A sentence longer
    than ``max_length`` characters comes back in pieces (:func:`cut_long`).
    """
    stop = len(text) if end is None else end
    cuts = _zh_boundaries(text, start, stop) if lang == "zh" else _en_boundaries(text, start, stop)
    cuts = sorted(set(cuts) | set(_field_lines(text, start, stop)))
    spans: list[tuple[int, int]] = []
    begin = start
    for cut in [*cuts, stop]:
        span = _strip_span(text, begin, cut)
        if span is not None:
            spans.extend(cut_long(text, *span, max_length=max_length))
        begin = cut
    return spans


def cut_long(
    text: str, start: int, end: int, *, max_length: int = MAX_SENTENCE
) -> list[tuple[int, int]]:
    """``text[start:end]`` as stripped pieces of at most ``max_length`` characters.

    Each piece ends after the last clause mark (, ; : ， ； ： 、) of its second half, else
    before the last run of spaces, else (one very long word) at ``max_length`` exactly.

    >>> text = "alpha beta, gamma delta epsilon"
    >>> [text[s:e] for s, e in cut_long(text, 0, len(text), max_length=16)]
    ['alpha beta,', 'gamma delta', 'epsilon']
    """
    if max_length < 1:
        raise ValueError(f"max_length must be positive, not {max_length}")
    pieces: list[tuple[int, int]] = []
    while end - start > max_length:
        cut = _cut_point(text, start, start + max_length)
        piece = _strip_span(text, start, cut)
        if piece is not None:
            pieces.append(piece)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    last = _strip_span(text, start, end)
    return [*pieces, last] if last is not None else pieces


def _cut_point(text: str, start: int, stop: int) -> int:
    """Where a piece of ``text[start:stop]`` ends: after a clause mark, at a space, or ``stop``."""
    mark = _last(_CLAUSE_MARK.finditer(text, start + (stop - start) // 2, stop))
    if mark is not None:
        return mark.end()
    space = _last(_SPACE.finditer(text, start + 1, stop))
    return space.start() if space is not None else stop


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    """The last of ``matches``, or None."""
    last = deque(matches, maxlen=1)
    return last[0] if last else None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) narrowed past surrounding whitespace, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _field_lines(text: str, start: int, end: int) -> list[int]:
    """Line breaks around a field line ("Headquarters: Astana", "时间：2002年6月4日"): a field
    line is a sentence of its own, whatever punctuation it ends with."""
    cuts = []
    for match in _LINE_BREAK.finditer(text, start, end):
        before = text[text.rfind("\n", start, match.start()) + 1 : match.start()]
        after = text[match.end() : end]
        if _FIELD_LINE.match(before) or _FIELD_LINE.match(after):
            cuts.append(match.start())
    return cuts


def _zh_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each Chinese sentence-final mark (with its closing quotes)."""
    return [m.end() for m in _ZH_END.finditer(text, start, end) if m.end() < end]


def _en_boundaries(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each English sentence end."""
    cuts: list[int] = []
    sentence_start = first = _skip_space(text, start, end)
    for match in _en_marks(text, start, end):
        nxt = _skip_space(text, match.end(), end)
        if nxt >= end:
            break
        if _ends_sentence(text, (sentence_start, first), match, nxt):
            cuts.append(match.end())
            sentence_start, first = match.end(), nxt
    return cuts


def _en_marks(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The candidate sentence ends in ``text[start:end]``, the window's start counting as the
    start of a run of marks even if marks precede it (:data:`_EN_END` looks behind)."""
    after_mark = start > 0 and text[start - 1 : start] in (".", "!", "?")
    here = _EN_END_HERE.match(text, start, end) if after_mark else None
    if here is not None:
        yield here
        start = here.end()
    yield from _EN_END.finditer(text, start, end)


def _skip_space(text: str, start: int, end: int) -> int:
    """The first offset from ``start`` (at most ``end``) that is not whitespace."""
    while start < end and text[start].isspace():
        start += 1
    return start


def _ends_sentence(text: str, sentence: tuple[int, int], mark: re.Match[str], nxt: int) -> bool:
    """Whether the punctuation ``mark`` ends a sentence, given the text from ``nxt`` on.

    ``sentence`` is (where the sentence so far starts, its first non-space character).
    """
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
    word = _word_before(text, sentence[0], mark.start())
    next_match = _NEXT_WORD.match(text, nxt)
    next_word = next_match.group(1) if next_match else ""
    if word in _NEVER_FINAL or (len(word) == 1 and word.isupper()):
        return False
    if _is_enumerator(text, sentence[1], mark.start()):
        return False  # a list marker such as "1." or "(a)."
    if word in _MAYBE_FINAL or _INITIALISM.fullmatch(word):
        return next_word in _OPENERS
    return True


def _word_before(text: str, start: int, end: int) -> str:
    """The word that ends ``text[start:end]`` (opening quotes and brackets left out).

    Reads back from ``end`` only as far as the word goes, so the sentence's length does
    not matter; like a regex ``$``, a single final newline is passed over.
    """
    if end > start and text[end - 1] == "\n":
        end -= 1
    begin = end
    while begin > start and not (text[begin - 1].isspace() or text[begin - 1] in _OPENING):
        begin -= 1
    return text[begin:end]


def _is_enumerator(text: str, first: int, end: int) -> bool:
    """Whether ``text[first:end]``, stripped, is a list marker ("1", "(a)", "iv")."""
    while end > first and text[end - 1].isspace():
        end -= 1
    return 0 < end - first <= _ENUMERATOR_CHARS and bool(_ENUMERATOR.fullmatch(text, first, end))
