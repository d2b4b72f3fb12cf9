"""Combine the evidence for each candidate into a score and a decision (decision 0071).

- Evidence from independent methods for the same target combines by noisy-OR:
  ``1 - Π(1 - score)``; so an unconfirmed table row (0.7) corroborated by the gazetteer
  (0.85) reaches 0.955, while either alone stays in review.
- Negative evidence (the reference table says the target is something else) rejects,
  score 0; a type check that failed caps the score at 0.3.
- ``accepted``: score ≥ ``accept_above`` (default 0.9) *and* the type agrees;
  ``review``: score ≥ 0.6; ``rejected``: below.
- At most one accepted target per (entity, dataset): if several qualify, the one backed by a
  confirmed table row wins; otherwise all go to review as a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from cica_kg.link.entities import CONCEPT_KINDS
from cica_kg.link.model import Candidate, Decision, Evidence, Method, TextEntity
from cica_kg.link.reference import CONFIRMED_SCORE, REFERENCE_DATE

ACCEPT_ABOVE = 0.9
REVIEW_ABOVE = 0.6
TYPE_MISMATCH_CAP = 0.3

Finding = tuple[TextEntity, str, str, Evidence]  # entity, dataset, target, evidence


def combine(scores: Iterable[float]) -> float:
    """Noisy-OR of independent scores, rounded to 4 places."""
    remaining = 1.0
    for score in scores:
        remaining *= 1.0 - score
    return round(1.0 - remaining, 4)


def predicate_for(entity: TextEntity, evidence: tuple[Evidence, ...]) -> str:
    """``owl:sameAs`` for individuals; ``skos:exactMatch``/``closeMatch`` for concepts."""
    if entity.kind not in CONCEPT_KINDS:
        return "owl:sameAs"
    curated = any(e.method in (Method.CURATED, Method.REVIEWED) for e in evidence)
    return "skos:exactMatch" if curated else "skos:closeMatch"


def score_candidates(
    findings: Iterable[Finding],
    negatives: dict[tuple[str, str, str], str],
    *,
    accept_above: float = ACCEPT_ABOVE,
) -> list[Candidate]:
    """Group findings by (entity, dataset, target), score, decide and resolve conflicts."""
    grouped: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    entities: dict[str, TextEntity] = {}
    for entity, dataset, target, evidence in findings:
        grouped[(entity.iri, dataset, target)].append(evidence)
        entities[entity.iri] = entity
    candidates = [
        _decide(entities[key[0]], key[1], key[2], tuple(ev), negatives.get(key, ""), accept_above)
        for key, ev in sorted(grouped.items())
    ]
    return resolve_conflicts(candidates)


def _decide(
    entity: TextEntity,
    dataset: str,
    target: str,
    evidence: tuple[Evidence, ...],
    negative: str,
    accept_above: float,
) -> Candidate:
    best: dict[Method, float] = {}
    for ev in evidence:
        best[ev.method] = max(best.get(ev.method, 0.0), ev.score)
    score = combine(best.values())
    candidate = Candidate(
        entity=entity,
        dataset=dataset,
        target=target,
        predicate=predicate_for(entity, evidence),
        evidence=evidence,
        score=score,
        date=max((e.date or REFERENCE_DATE) for e in evidence),
        negative=negative,
    )
    methods = "+".join(m.value for m in candidate.methods)
    if negative:
        return replace(candidate, score=0.0, decision=Decision.REJECTED, why=negative)
    if any(e.type_agrees is False for e in evidence):
        notes = "; ".join(e.type_note for e in evidence if e.type_agrees is False)
        score = min(score, TYPE_MISMATCH_CAP)
        return replace(candidate, score=score, decision=Decision.REJECTED, why=notes)
    if score >= accept_above and candidate.type_agrees:
        return candidate.with_decision(Decision.ACCEPTED, f"{methods} {score:.2f} ≥ {accept_above}")
    if score >= accept_above:
        return candidate.with_decision(Decision.REVIEW, f"{methods} {score:.2f}, type not checked")
    if score >= REVIEW_ABOVE:
        return candidate.with_decision(Decision.REVIEW, f"{methods} {score:.2f} < {accept_above}")
    return candidate.with_decision(Decision.REJECTED, f"{methods} {score:.2f} < {REVIEW_ABOVE}")


def resolve_conflicts(candidates: list[Candidate]) -> list[Candidate]:
    """Keep at most one accepted target per (entity, dataset)."""
    accepted: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, candidate in enumerate(candidates):
        if candidate.decision is Decision.ACCEPTED:
            accepted[(candidate.entity.iri, candidate.dataset)].append(index)
    result = list(candidates)
    for indexes in accepted.values():
        if len(indexes) < 2:
            continue
        confirmed = [i for i in indexes if _confirmed(candidates[i])]
        winner = confirmed[0] if len(confirmed) == 1 else None
        others = ", ".join(candidates[i].target for i in indexes)
        for i in indexes:
            if i != winner:
                result[i] = candidates[i].with_decision(
                    Decision.REVIEW, f"conflict: several targets qualify ({others})"
                )
    return result


def _confirmed(candidate: Candidate) -> bool:
    return any(
        e.method is Method.CURATED and e.score >= CONFIRMED_SCORE for e in candidate.evidence
    )
