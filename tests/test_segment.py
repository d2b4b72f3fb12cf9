"""Sentence splitting and language detection (cica_kg.ingest.segment), table-driven."""

from __future__ import annotations

import itertools
import time

import pytest

from cica_kg.ingest.segment import MAX_SENTENCE, cut_long, split_sentences
from cica_kg.text.lang import detect_lang


def _split(text: str, lang: str) -> list[str]:
    spans = split_sentences(text, lang=lang)
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("The U.S. delegation met Dr. Li. They agreed.",
         ["The U.S. delegation met Dr. Li.", "They agreed."]),
        ("It was held in the U.S. The next one was not.",
         ["It was held in the U.S.", "The next one was not."]),
        ("See Resolution No. 5 of the U.N. General Assembly. It passed.",
         ["See Resolution No. 5 of the U.N. General Assembly.", "It passed."]),
        ("Growth was 3.5 percent in 2002. In 2003 it fell.",
         ["Growth was 3.5 percent in 2002.", "In 2003 it fell."]),
        ("at the 47th Session of the UN General Assembly. This regional forum aims",
         ["at the 47th Session of the UN General Assembly.", "This regional forum aims"]),
        ('He said: "We agree." Then he left.', ['He said: "We agree."', "Then he left."]),
        ("“Why?” he asked. Nobody answered.", ["“Why?” he asked.", "Nobody answered."]),
        ("Prices rose, e.g. for oil. Trade fell.", ["Prices rose, e.g. for oil.", "Trade fell."]),
        ("Made by Acme Inc. The firm grew.", ["Made by Acme Inc.", "The firm grew."]),
        ("Acme Inc. Ltd. was founded by J. R. Smith in Jan. 2002. It grew.",
         ["Acme Inc. Ltd. was founded by J. R. Smith in Jan. 2002.", "It grew."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("Sessions met (in Almaty). Then Astana.", ["Sessions met (in Almaty).", "Then Astana."]),
        ("  Leading and trailing space.  ", ["Leading and trailing space."]),
    ],
)  # fmt: skip
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert _split(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("亚信会议成立。峰会举行！是吗？", ["亚信会议成立。", "峰会举行！", "是吗？"]),
        ("他说：“我们同意。”随后离开。", ["他说：“我们同意。”", "随后离开。"]),
        ("「好。」他说。", ["「好。」", "他说。"]),
        ("倡导“讨论亚洲问题”,促进对话。没有结尾", ["倡导“讨论亚洲问题”,促进对话。", "没有结尾"]),
        ("第一;第二;第三。", ["第一;第二;第三。"]),
        ("第一；第二。", ["第一；第二。"]),
    ],
)
def test_chinese_sentences(text: str, expected: list[str]) -> None:
    assert _split(text, "zh") == expected


def test_offsets_are_into_the_whole_text_with_a_window() -> None:
    text = "Header\n\nFirst one. Second one.\n\nFooter"
    start = text.index("First")
    end = text.index("\n\nFooter")
    spans = split_sentences(text, lang="en", start=start, end=end)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]


def test_a_window_may_start_inside_a_run_of_marks() -> None:
    text = "..  A"  # the window starts at the second mark: it ends the window's first sentence
    assert split_sentences(text, lang="en", start=1) == [(1, 2), (4, 5)]


def test_a_sentence_may_span_a_line_break() -> None:
    text = "The forum was\nproposed in 1992. It met."
    assert _split(text, "en") == ["The forum was\nproposed in 1992.", "It met."]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("亚信会议全称为亚洲相互协作与信任措施会议。", "zh"),
        ("截止到 2014年的上海亚信峰会,亚信会议已有26个成员国", "zh"),
        ("The CICA (亚信) was founded in 1992.", "en"),
        ("CICA 亚信", "en"),
        ("2014", "en"),
        ("", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


# --- long sentences: cut into pieces, offsets exact, linear time ---------------------------


def _pieces(text: str, limit: int) -> list[str]:
    spans = cut_long(text, 0, len(text), max_length=limit)
    assert all(e - s <= limit for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short enough", 20, ["short enough"]),
        ("alpha beta, gamma delta epsilon", 16, ["alpha beta,", "gamma delta", "epsilon"]),
        ("one two three four five", 9, ["one two", "three", "four five"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # one long word: cut at the limit exactly
        ("第一部分，第二部分；第三部分", 6, ["第一部分，", "第二部分；", "第三部分"]),
        ("a,b  \r\n  c d", 4, ["a,b", "c d"]),  # whitespace between pieces is left out
    ],
)
def test_cut_long(text: str, limit: int, expected: list[str]) -> None:
    assert _pieces(text, limit) == expected


def test_cut_long_keeps_offsets_into_the_whole_text() -> None:
    text = "Head. " + "word " * 50 + "tail"
    start = text.index("word")
    spans = cut_long(text, start, len(text), max_length=32)
    assert spans[0][0] == start and spans[-1][1] == len(text)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text[start:].replace(" ", "")


def test_a_long_sentence_comes_back_in_pieces_of_at_most_max_sentence() -> None:
    text = "First. Then " + "no full stop here " * 1000 + "end. Last one."
    spans = split_sentences(text, lang="en")
    assert text[slice(*spans[0])] == "First."
    assert text[slice(*spans[-1])] == "Last one."
    assert len(spans) > 3 and all(e - s <= MAX_SENTENCE for s, e in spans)
    assert sum(text[s:e].count("here") for s, e in spans) == 1000  # nothing lost
    assert MAX_SENTENCE == 2000  # above the corpora's longest sentence (about 1,000)


def test_max_length_is_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        cut_long("abc", 0, 3, max_length=0)


@pytest.mark.parametrize(
    "unit", ["Dr. Li ", "A. ", "(i). ", "a" * 50 + " ", ".", "x.", "…", "“", "。"]
)
def test_splitting_is_linear_in_the_length_of_the_text(unit: str) -> None:
    # 400 kB of abbreviations, initials or dots without a sentence end took minutes (the
    # sentence so far was searched again at each mark); now well under a second.
    text = unit * (400_000 // len(unit))
    started = time.perf_counter()
    for lang in ("en", "zh"):
        spans = split_sentences(text, lang=lang)
        assert all(e - s <= MAX_SENTENCE and text[s:e].strip() == text[s:e] for s, e in spans)
    assert time.perf_counter() - started < 5.0
