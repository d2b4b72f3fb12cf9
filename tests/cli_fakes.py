"""Small stand-ins for the stages the build/CLI tests do not exercise (test-only)."""

from __future__ import annotations

from collections.abc import Sequence

from cica_kg import prefixes
from cica_kg.model import Document, Entity, Evidence, Passage, Sentence, Statement, Value

PREFIXES = prefixes.PREFIXES


TEXT = "CICA was proposed by Nazarbayev in 1992.\n1992年,纳扎尔巴耶夫倡议建立亚信。\n"
_EN_END = TEXT.index("\n")
_ZH_END = len(TEXT) - 1
EN = Sentence("en", 0, _EN_END, TEXT[:_EN_END])
ZH = Sentence("zh", _EN_END + 1, _ZH_END, TEXT[_EN_END + 1 : _ZH_END])

DOCUMENT = Document(
    doc_id="tiny",
    path="/some/where/tiny.txt",
    text=TEXT,
    title="Tiny article",
    publisher="China.org.cn",
    date="2019-04-17",
    passages=(Passage("en", EN.start, EN.end, (EN,)), Passage("zh", ZH.start, ZH.end, (ZH,))),
)

PROPOSAL = Entity("cica:Proposal", "CICA proposal 1992", "CICA proposal 1992", "亚信倡议")
PERSON = Entity("foaf:Person", "Nursultan Nazarbayev", "Nursultan Nazarbayev", "纳扎尔巴耶夫")


def evidence(lang: str, extractor: str = "en:proposal") -> Evidence:
    """Evidence pointing at the English or the Chinese sentence of :data:`DOCUMENT`."""
    sentence = EN if lang == "en" else ZH
    return Evidence("tiny", lang, sentence.start, sentence.end, sentence.text, extractor, 0.9)


def statements() -> list[Statement]:
    """Two facts: who proposed (en + zh evidence) and when (en evidence)."""
    return [
        Statement(
            PROPOSAL, "cica:proposer", PERSON, (evidence("en"), evidence("zh", "zh:proposal"))
        ),
        Statement(
            PROPOSAL,
            "schema:startDate",
            Value("1992", datatype="xsd:gYear"),
            (evidence("en", "en:date"),),
        ),
    ]


def conforming_validate(data: object, **_options: object) -> object:
    """Stand-in validator that accepts anything (for tests of plumbing, not of shapes)."""
    from cica_kg.validate.shacl import ValidationResult

    return ValidationResult(conforms=True, findings=())


def conforming_validate_file(path: object, **_options: object) -> object:
    """Stand-in for ``cica-kg validate FILE``'s checks (:func:`cica_kg.validate.validate_file`)
    that accepts any graph."""
    from cica_kg.validate import FileValidation

    return FileValidation(facts_only=False, text=conforming_validate(path), linkset=None,
                          external=None)  # fmt: skip


def fake_extract(documents: Sequence[Document]) -> list[Statement]:
    """Stand-in extractor: the two facts for every document whose id is ``tiny``."""
    return statements() if any(d.doc_id == "tiny" for d in documents) else []
