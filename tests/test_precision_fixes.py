"""The wrong-fact classes of the precision review at 74a1424, one invented text each
(docs/review/precision-74a1424.md; decision 0130)."""

from __future__ import annotations

from pathlib import Path

from short_articles import CICA, CICA_ZH, Fact, by_label, extract_facts


def _facts(tmp_path: Path, body: str, title: str = CICA) -> set[Fact]:
    return extract_facts(tmp_path, body, title, name=by_label)


def _about(facts: set[Fact], subject: str, predicate: str) -> set[str]:
    return {o for s, p, o in facts if s.startswith(subject) and p == predicate}


def test_a_count_after_a_later_admission_is_not_at_the_earlier_summit(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path,
        "Two more states were admitted in 2019: Thailand, an observer since 2012, was accepted "
        "on 3 May at the Dushanbe summit, and Qatar, which had also been an observer, was "
        "admitted the same year, so that the forum counted 30 members.",
    )
    assert _about(facts, "Thailand as member", "cica:admittedAt") == {"CICA summit (Dushanbe)"}
    assert _about(facts, "Qatar as member", "cica:admittedAt") == set()  # "the same year"
    assert _about(facts, "Qatar as member", "schema:startDate") == {"2019"}
    assert _about(facts, "CICA member states: 30", "cica:asOfEvent") == set()


def test_a_chinese_count_keeps_to_its_clause_and_the_one_before(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path,
        "2002年6月亚信首次峰会在阿拉木图举行。"
        "2019年6月，泰国在杜尚别峰会上加入亚信，成员国增至30个。"
        "2021年3月5日，卡塔尔在阿斯塔纳峰会上被吸收为亚信成员国；"
        "同年科威特也由观察员转为成员国，成员国增至32个。",
        CICA_ZH,
    )
    counts = {s: o for s, p, o in facts if p == "cica:asOfEvent" and "member states" in s}
    assert set(counts) == {"CICA member states: 30"}  # no '(2002)' from the first summit
    assert "Dushanbe" in counts["CICA member states: 30"]
    assert _about(facts, "Kuwait as member", "cica:admittedAt") == set()  # 同年: a year
    assert _about(facts, "Kuwait as member", "schema:startDate") == {"2021"}
    assert _about(facts, "Kuwait as observer", "schema:startDate") == set()  # 由观察员: left


def test_a_date_in_a_relative_clause_is_not_the_main_clause_s(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path,
        "At the summit Tajikistan assumed the CICA chairmanship from Kazakhstan, which had held "
        "it since 2002. The CICA Secretariat, which has worked in Almaty since 2006, is due to "
        "relocate to Astana under a protocol agreed in 2012.",
    )
    terms = {s for s, p, o in facts if p == "cica:presidingState" and o == "Tajikistan"}
    assert terms == {"Tajikistan presidency of CICA"}  # one node, no "(2002)"
    assert _about(facts, "Kazakhstan presidency", "schema:endDate") == set()
    assert _about(facts, "relocation of the CICA Secretariat", "schema:startDate") == set()


def test_a_chinese_hand_over_to_the_next_chair(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "2021年3月5日　泰国将主席国职务移交越南。", CICA_ZH)
    assert _about(facts, "Vietnam presidency", "schema:startDate") == {"2021-03-05"}
    assert _about(facts, "Thailand presidency", "schema:startDate") == set()
    assert _about(facts, "Thailand presidency", "schema:endDate") == {"2021-03-05"}


def test_a_traditional_script_concept_is_no_proposal_of_the_forum(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "在2018年的會議上，某國總統習近平提出了亞洲安全觀。")
    assert ("Asian security concept", "cica:introducedBy", "Xi Jinping") in facts
    assert not [f for f in facts if f[1] == "cica:proposer"]


def test_the_first_summit_hosted_by_a_state_is_not_the_first_summit(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "The meeting in Baku was the first CICA summit hosted by Azerbaijan.")
    assert not [f for f in facts if f[1] == "cica:ordinal"]
    facts = _facts(tmp_path, "The first CICA summit was held in Almaty in 2002.")
    assert ("CICA summit (Almaty, 2002)", "cica:ordinal", "1") in facts


def test_a_field_line_post_is_one_post(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "Executive Director: Kairat Sarybay")
    held = _about(facts, "Kairat Sarybay", "org:holds")
    assert held == {"Executive Director of CICA Secretariat"}


def test_a_date_of_another_clause_with_its_own_subject_is_not_taken(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path, "2019 – Thailand becomes a member on 3 May, and Kazakhstan takes over the chair."
    )
    assert _about(facts, "Kazakhstan presidency", "schema:startDate") == {"2019"}


def test_a_participial_clause_on_the_trigger_noun_dates_the_trigger(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path,
        "The forum goes back to a proposal made by Kazakhstan's President Nursultan Nazarbayev "
        "at the United Nations General Assembly in 1992. China took over the chair from "
        "Turkey, which had held it since 2010.",
    )
    assert _about(facts, "Proposal of the CICA", "schema:startDate") == {"1992"}
    assert _about(facts, "China presidency", "schema:startDate") != {"2010"}  # Turkey's clause


def test_a_relative_that_before_have_is_no_definite_body(tmp_path: Path) -> None:
    facts = _facts(
        tmp_path,
        "Status: observer in the UN General Assembly since 2010\n\n"
        "The forum is open to states that have a coast on the Indian Ocean.",
    )
    assert "United Nations General Assembly" not in _about(facts, CICA, "org:hasUnit")


def test_a_date_line_in_words_is_the_article_date_with_its_quote(tmp_path: Path) -> None:
    facts = _facts(tmp_path, "Monday, 3 March 2025\n\nThe forum's ministers met in Baku.")
    assert ("2025-03-03" in {o for _s, p, o in facts if p == "dcterms:modified"})
