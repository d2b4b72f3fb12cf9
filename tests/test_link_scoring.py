"""Scores, thresholds and conflicts (decision 0071)."""

from __future__ import annotations

from cica_kg.link.model import Decision, Evidence, Method, TextEntity
from cica_kg.link.scoring import combine, score_candidates

CITY = TextEntity("https://w3id.org/cica-kg/id/city/x", "schema:City", (("X", "en"),))
WD = "http://www.wikidata.org/entity/"


def _ev(method: Method, score: float, *, typed: bool | None = True) -> Evidence:
    return Evidence(method=method, score=score, matched_label="X", matched_lang="en",
                    type_agrees=typed)  # fmt: skip


def test_independent_evidence_combines_by_noisy_or() -> None:
    assert combine([0.7, 0.85]) == 0.955
    assert combine([]) == 0.0


def test_thresholds_accept_review_reject() -> None:
    findings = [
        (CITY, "wikidata", WD + "Q1", _ev(Method.ONLINE, 0.95)),
        (CITY, "wikidata", WD + "Q2", _ev(Method.ONLINE, 0.7)),
        (CITY, "wikidata", WD + "Q3", _ev(Method.ONLINE, 0.4)),
        (CITY, "dbpedia", "http://dbpedia.org/resource/X", _ev(Method.CURATED, 1.0, typed=None)),
    ]
    decided = {c.target: c.decision for c in score_candidates(findings, {})}
    assert decided == {
        WD + "Q1": Decision.ACCEPTED,
        WD + "Q2": Decision.REVIEW,
        WD + "Q3": Decision.REJECTED,
        "http://dbpedia.org/resource/X": Decision.REVIEW,  # high score, type never checked
    }


def test_type_mismatch_and_negative_evidence_reject() -> None:
    findings = [
        (CITY, "wikidata", WD + "Q1", _ev(Method.ONLINE, 0.95, typed=False)),
        (CITY, "wikidata", WD + "Q2", _ev(Method.ONLINE, 0.95)),
    ]
    negatives = {(CITY.iri, "wikidata", WD + "Q2"): "table: Q2 is something else"}
    decided = {c.target: (c.decision, c.score) for c in score_candidates(findings, negatives)}
    assert decided == {WD + "Q1": (Decision.REJECTED, 0.3), WD + "Q2": (Decision.REJECTED, 0.0)}


def test_two_qualifying_targets_go_to_review_unless_one_is_confirmed() -> None:
    findings = [
        (CITY, "wikidata", WD + "Q1", _ev(Method.ONLINE, 0.95)),
        (CITY, "wikidata", WD + "Q2", _ev(Method.ONLINE, 0.95)),
    ]
    assert {c.decision for c in score_candidates(findings, {})} == {Decision.REVIEW}
    findings.append((CITY, "wikidata", WD + "Q2", _ev(Method.CURATED, 1.0)))
    decided = {c.target: c.decision for c in score_candidates(findings, {})}
    assert decided == {WD + "Q1": Decision.REVIEW, WD + "Q2": Decision.ACCEPTED}


def test_accept_above_is_a_parameter() -> None:
    findings = [(CITY, "wikidata", WD + "Q1", _ev(Method.ONLINE, 0.85))]
    assert score_candidates(findings, {})[0].decision is Decision.REVIEW
    assert score_candidates(findings, {}, accept_above=0.8)[0].decision is Decision.ACCEPTED
