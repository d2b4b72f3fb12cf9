"""The reviewed-decisions file: a human accepts or rejects candidates without editing code.

CSV with a header ``entity,dataset,candidate,decision,note`` (lines starting with ``#`` are
comments). ``entity`` is an entity IRI or its English label, ``dataset`` one of wikidata,
dbpedia, geonames, ``candidate`` a QID, GeoNames ID or the target IRI, ``decision`` accept or
reject. Example::

    entity,dataset,candidate,decision,note
    Conference on Interaction and Confidence-Building Measures in Asia,wikidata,Q605501,accept,ok
    Eurasia,wikidata,Q5401,reject,not sure this is the supercontinent

The file is UTF-8, with or without the byte-order mark spreadsheets write. The outputs name
a decision by the file's name and line (``decisions.csv:3``), never by its path, so they are
the same however the path is spelled; error messages give the path as it was given.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

from cica_kg.errors import InputError
from cica_kg.link.model import DATASETS, Candidate, Decision, Evidence, Method, TextEntity
from cica_kg.link.model import target_iri as make_target
from cica_kg.link.reference import REFERENCE_DATE, normalise
from cica_kg.link.scoring import predicate_for

COLUMNS = ("entity", "dataset", "candidate", "decision", "note")
DEFAULT_DECISIONS = Path("linking") / "decisions.csv"
"""The conventional decisions file, relative to the working directory: ``cica-kg build`` and
``cica-kg link`` apply it when it exists and no ``--decisions`` is given (decision 0078)."""


def find_decisions(explicit: Path | None, *, use_default: bool = True) -> Path | None:
    """The decisions file to apply: ``explicit``, else :data:`DEFAULT_DECISIONS` if present.

    Raises:
        InputError: ``explicit`` does not exist.
    """
    if explicit is not None:
        if not explicit.is_file():
            raise InputError(f"{explicit}: no such decisions file; check the path")
        return explicit
    return DEFAULT_DECISIONS if use_default and DEFAULT_DECISIONS.is_file() else None


@dataclass(frozen=True)
class ReviewedDecision:
    """One line of the decisions file, resolved against the graph's entities."""

    where: str  # "name:line": the file's name, not its path (the outputs carry it)
    entity: TextEntity
    dataset: str
    target: str
    accept: bool
    note: str


def load_decisions(path: Path, entities: tuple[TextEntity, ...]) -> tuple[ReviewedDecision, ...]:
    """Read and check a decisions file against the graph's ``entities``.

    Raises:
        InputError: the file is unreadable, lacks a column, names an unknown entity or
            dataset, gives a malformed identifier or a decision other than accept/reject
            (the message names file and line of the first problem and counts the others).
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the decisions file ({exc})") from exc
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    reader = csv.reader([line for _, line in numbered])
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS[:4] if c not in header]
    if missing:
        raise InputError(
            f"{path}:1: missing column(s) {', '.join(missing)}; "
            f"the header must be {','.join(COLUMNS)}"
        )
    by_name = _entity_index(entities)
    decisions: list[ReviewedDecision] = []
    problems: list[str] = []
    for (number, _), cells in zip(numbered[1:], reader, strict=False):
        if not any(c.strip() for c in cells):
            continue
        record = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            decisions.append(_decision(f"{path.name}:{number}", record, by_name))
        except ValueError as exc:
            problems.append(f"{path}:{number}: {exc}")
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(f"{problems[0]}{more}; fix the decisions file and run again")
    return tuple(decisions)


def _entity_index(entities: tuple[TextEntity, ...]) -> dict[str, TextEntity]:
    index: dict[str, TextEntity] = {}
    for entity in entities:
        for name in entity.names("en"):
            index.setdefault(normalise(name), entity)
        index[entity.iri] = entity
    return index


def _decision(
    where: str, record: dict[str, str], by_name: dict[str, TextEntity]
) -> ReviewedDecision:
    name = record.get("entity", "")
    entity = by_name.get(name) or by_name.get(normalise(name))
    if entity is None:
        raise ValueError(
            f"unknown entity {name!r}; use an IRI or English label from `cica-kg link`"
        )
    dataset = record.get("dataset", "").lower()
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset {dataset!r}; use one of {', '.join(DATASETS)}")
    target = make_target(dataset, record.get("candidate", ""))  # ValueError names the problem
    verdict = record.get("decision", "").lower()
    if verdict not in ("accept", "reject"):
        raise ValueError(f"decision {verdict!r} must be accept or reject")
    return ReviewedDecision(
        where, entity, dataset, target, verdict == "accept", record.get("note", "")
    )


def apply_decisions(
    candidates: list[Candidate], decisions: tuple[ReviewedDecision, ...]
) -> list[Candidate]:
    """Apply reviewed decisions in file order; a human decision overrides every method.

    Accepting a target supersedes any other accepted target of the same entity and dataset
    (it becomes rejected, naming the decision); a decision on a target no method proposed
    adds it as a new candidate.
    """
    result = list(candidates)
    for decision in decisions:
        key = (decision.entity.iri, decision.dataset, decision.target)
        index = next(
            (i for i, c in enumerate(result) if (c.entity.iri, c.dataset, c.target) == key), None
        )
        if index is None:
            result.append(_new_candidate(decision))
            index = len(result) - 1
        result[index] = _reviewed(result[index], decision)
        if decision.accept:
            _supersede(result, index, decision)
    return sorted(result, key=lambda c: (c.entity.iri, c.dataset, c.target))


def _evidence(decision: ReviewedDecision) -> Evidence:
    return Evidence(
        method=Method.REVIEWED,
        score=1.0 if decision.accept else 0.0,
        type_agrees=True if decision.accept else None,
        type_note="checked by the reviewer" if decision.accept else "",
        note=f"{decision.where}: {decision.note}".rstrip(": "),
    )


def _new_candidate(decision: ReviewedDecision) -> Candidate:
    evidence = (_evidence(decision),)
    return Candidate(
        entity=decision.entity,
        dataset=decision.dataset,
        target=decision.target,
        predicate=predicate_for(decision.entity, evidence),
        evidence=(),
        date=REFERENCE_DATE,
    )


def _reviewed(candidate: Candidate, decision: ReviewedDecision) -> Candidate:
    evidence = (*candidate.evidence, _evidence(decision))
    verb = "accepted" if decision.accept else "rejected"
    return replace(
        candidate,
        evidence=evidence,
        predicate=predicate_for(candidate.entity, evidence),
        score=1.0 if decision.accept else candidate.score,
        decision=Decision.ACCEPTED if decision.accept else Decision.REJECTED,
        why=f"{verb} by reviewer ({decision.where})",
    )


def _supersede(result: list[Candidate], keep: int, decision: ReviewedDecision) -> None:
    for i, other in enumerate(result):
        same_slot = (other.entity.iri, other.dataset) == (decision.entity.iri, decision.dataset)
        if i != keep and same_slot and other.decision is Decision.ACCEPTED:
            result[i] = other.with_decision(
                Decision.REJECTED, f"superseded by reviewed decision ({decision.where})"
            )
