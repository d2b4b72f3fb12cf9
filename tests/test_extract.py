"""The extractor on small articles: each relation family, coreference, Chinese evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_kg.extract import extract
from cica_kg.ingest.files import ingest
from cica_kg.model import Entity, Statement, Value

CICA = "Conference on Interaction and Confidence-Building Measures in Asia"


def _article(tmp_path: Path, body: str, name: str = "article") -> list[Statement]:
    path = tmp_path / f"{name}.txt"
    path.write_text(f"{CICA}\n\n{body}\n", encoding="utf-8")
    return extract([ingest(path)])


def _facts(statements: list[Statement]) -> set[tuple[str, str, str]]:
    def name(term: Entity | Value) -> str:
        return term.key if isinstance(term, Entity) else term.lexical

    return {(name(s.subject), s.predicate, name(s.obj)) for s in statements}


def _one(statements: list[Statement], predicate: str) -> Statement:
    found = [s for s in statements if s.predicate == predicate]
    assert len(found) == 1, found
    return found[0]


def test_active_voice_proposal_with_date_and_session(tmp_path: Path) -> None:
    statements = _article(
        tmp_path,
        "In October 1992, Nursultan Nazarbayev proposed the forum at the 47th session of "
        "the United Nations General Assembly.",
    )
    proposer = _one(statements, "cica:proposer")
    assert proposer.obj == Entity("foaf:Person", "Nursultan Nazarbayev", "Nursultan Nazarbayev",
                                  "努尔苏丹·纳扎尔巴耶夫")  # fmt: skip
    facts = _facts(statements)
    assert (proposer.subject.key, "schema:startDate", "1992-10") in facts
    assert (proposer.subject.key, "cica:proposed", CICA) in facts
    assert ("United Nations General Assembly session 47", "cica:ordinal", "47") in facts


def test_post_from_apposition(tmp_path: Path) -> None:
    statements = _article(tmp_path, "Emomali Rahmon, President of Tajikistan, opened the meeting.")
    assert ("Emomali Rahmon", "org:holds", "President of Tajikistan") in _facts(statements)
    assert ("President of Tajikistan", "org:postIn", "Tajikistan") in _facts(statements)


def test_summit_held_in_city_and_country(tmp_path: Path) -> None:
    statements = _article(
        tmp_path, "The second CICA summit was held in Almaty (Kazakhstan) on 17 June 2006."
    )
    facts = _facts(statements)
    summit = _one(statements, "cica:ordinal").subject.key
    assert (summit, "schema:location", "Almaty") in facts
    assert (summit, "schema:startDate", "2006-06-17") in facts
    assert ("Almaty", "schema:containedInPlace", "Kazakhstan") in facts


def test_pronoun_and_renewal_take_the_previous_subject(tmp_path: Path) -> None:
    statements = _article(
        tmp_path,
        "Turkey took over the CICA chairmanship in 2010. It extended its term in 2012.",
    )
    renewal = _one(statements, "cica:renews")
    assert renewal.subject.key.endswith("Turkey 2012")
    assert renewal.obj.key.endswith("Turkey 2010")  # type: ignore[union-attr]
    states = {s.obj.key for s in statements if s.predicate == "cica:presidingState"}  # type: ignore[union-attr]
    assert states == {"Turkey"}


def test_that_summit_refers_back(tmp_path: Path) -> None:
    statements = _article(
        tmp_path,
        "The 2014 Shanghai Summit was a milestone. At that summit, President Xi Jinping "
        "introduced an Asian security concept that stresses common and sustainable security.",
    )
    introduced = _one(statements, "cica:introducedAt")
    assert "2014" in introduced.obj.key  # type: ignore[union-attr]
    components = {s.obj.key for s in statements if s.predicate == "cica:hasComponent"}  # type: ignore[union-attr]
    assert components == {"common", "sustainable"}


BILINGUAL = (
    f"{CICA}\n\nThe first CICA summit was held in Almaty in June 2002.\n\n"
    "2002年6月,亚信会议第一次峰会在阿拉木图举行。\n"
)


def test_every_quote_is_the_text_at_its_offsets(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BILINGUAL, encoding="utf-8")
    statements = extract([ingest(path)])
    assert statements
    for statement in statements:
        for evidence in statement.evidence:
            assert BILINGUAL[evidence.start : evidence.end] == evidence.quote


def test_chinese_sentence_gives_chinese_evidence_and_label(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BILINGUAL, encoding="utf-8")
    statements = extract([ingest(path)])
    location = _one(statements, "schema:location")
    assert location.languages() == {"en", "zh"}
    extractors = {e.extractor for e in location.evidence}
    assert {"en:event", "zh:event"} <= extractors  # the sentence rules; the frames may add theirs
    assert {e.lang for e in location.evidence if e.extractor.startswith("zh:")} == {"zh"}
    labels = {s.obj.lexical for s in statements  # type: ignore[union-attr]
              if s.predicate == "rdfs:label" and s.subject.key == "Almaty"}  # fmt: skip
    assert labels == {"Almaty", "阿拉木图"}


def test_chinese_only_article_states_its_facts(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_text(
        "亚信峰会\n\n2014年5月20日至21日,亚信第四次峰会在上海举行。"
        "中国自2014年5月担任亚信主席国。\n",
        encoding="utf-8",
    )
    facts = _facts(extract([ingest(path)]))
    summit = next(s for s, p, o in facts if p == "cica:ordinal" and o == "4")
    assert {(summit, "schema:startDate", "2014-05-20"), (summit, "schema:endDate", "2014-05-21"),
            (summit, "schema:location", "Shanghai")} <= facts  # fmt: skip
    assert any(p == "cica:presidingState" and o == "China" for _s, p, o in facts)


@pytest.mark.parametrize("text", ["", "The weather in the mountains was mild and sunny."])
def test_article_without_facts_gives_only_document_facts(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Weather\n\n{text}\n", encoding="utf-8")
    statements = extract([ingest(path)])
    assert {s.predicate for s in statements} <= {"dcterms:title"}
