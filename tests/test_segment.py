"""Sentence splitting and language detection (cica_kg.ingest.segment), table-driven."""

from __future__ import annotations

import pytest

from cica_kg.ingest.segment import split_sentences
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
