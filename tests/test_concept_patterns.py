"""Concepts found by patterns of meaning (data/concept_patterns.toml, decision 0101)."""

from __future__ import annotations

import pytest

from cica_kg.errors import ResourceError
from cica_kg.extract.concept_patterns import chinese_concepts, english_concepts, parse_patterns
from cica_kg.extract.nlp import english


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Members respect one another's sovereignty.", "respect for sovereignty"),
        ("States shall respect the sovereignty of their neighbours.", "respect for sovereignty"),
        ("They treat each other as equals.", "sovereign equality"),
        ("No member may meddle in the internal affairs of another.", "non-interference in"),
        ("None may threaten force against another.", "refraining from the threat or use of force"),
        ("Disputes are resolved by peaceful means.", "peaceful settlement of disputes"),
        ("They guarantee the territorial integrity of all.", "territorial integrity"),
    ],
)
def test_english_wordings_of_principles(text: str, concept: str) -> None:
    found = {entry.name for entry, _, _ in english_concepts(english()(text))}
    assert any(name.startswith(concept) for name in found)


def test_a_word_far_from_its_partner_is_no_match() -> None:
    text = "Force was not mentioned, but the ministers spent the whole long day talking of threats."
    found = {entry.name for entry, _, _ in english_concepts(english()(text))}
    assert "refraining from the threat or use of force" not in found


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("各国互不干涉内政", "non-interference in internal affairs"),
        ("相互尊重各国主权", "respect for sovereignty"),
        ("以和平方式解决国际争端", "peaceful settlement of disputes"),
        ("互不幹涉內政", "non-interference in internal affairs"),  # traditional script
        ("新威胁新挑战领域", "new challenges and threats"),
    ],
)
def test_chinese_wordings(text: str, concept: str) -> None:
    assert concept in {entry.name for entry, _, _ in chinese_concepts(text)}


def test_chinese_span_is_in_the_original_text() -> None:
    text = "亞信恪守互不幹涉內政原則"
    (span,) = [s for s in chinese_concepts(text) if s[0].name.startswith("non-interference")]
    assert text[span[1] : span[2]] == "幹涉內政"


def test_a_pattern_for_an_unknown_concept_is_an_error_naming_it() -> None:
    with pytest.raises(ResourceError, match="principle/no-such-thing"):
        parse_patterns('[[pattern]]\nconcept = "principle/no-such-thing"\nen = ["a + b"]\n')
