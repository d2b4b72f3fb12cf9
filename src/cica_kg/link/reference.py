"""The curated-table matcher: identifiers from the bundled ``external-ids.csv``.

A row whose ``confidence`` starts with "confirmed" is evidence strong enough to accept
(score 1.0); any other row is proposed for review (score 0.7). ``where_seen`` is kept as the
link's evidence, and "do not confuse with Q…" notes, as well as every QID the table gives
another entity, are negative evidence against a candidate (decision 0070).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cica_kg.errors import InputError
from cica_kg.link.model import (
    DATASETS,
    DBPEDIA,
    GEONAMES,
    WIKIDATA,
    Evidence,
    Method,
    TextEntity,
    target_iri,
)
from cica_kg.text.geonames import normalise as normalise  # the GeoNames index key: they agree

REFERENCE_DATE = "2026-11-26"
"""The date the bundled reference table was compiled: the date of every offline link."""

CONFIRMED_SCORE = 1.0
UNCONFIRMED_SCORE = 0.7

_COLUMNS = ("entity", "wikidata", "dbpedia", "geonames", "confidence", "where_seen")
_DO_NOT_CONFUSE = re.compile(r"do not confuse with ([^;]*)", re.IGNORECASE)
_QID_IN_TEXT = re.compile(r"\bQ[1-9][0-9]*\b")


@dataclass(frozen=True)
class ReferenceRow:
    """One row of the table: its identifiers by dataset (valid ones only) and its notes."""

    line: int
    entity: str
    targets: dict[str, str]  # dataset -> target IRI
    confidence: str
    where_seen: str
    do_not_confuse: frozenset[str]  # QIDs

    @property
    def confirmed(self) -> bool:
        """Rows marked confirmed may be accepted without review."""
        return self.confidence.strip().lower().startswith("confirmed")


def reference_file(name: str = "external-ids.csv") -> Path:
    """The path of a bundled reference file (package data ``cica_kg/data/reference``)."""
    return Path(str(resources.files("cica_kg") / "data" / "reference" / name))


def load_reference(path: Path | None = None) -> tuple[tuple[ReferenceRow, ...], tuple[str, ...]]:
    """Read the identifier table; return its rows and one warning per bad identifier.

    A bad identifier (malformed QID, GeoNames ID or DBpedia IRI) is dropped with a warning
    naming the file and line; the row's other identifiers are still used.

    Raises:
        InputError: the file is missing or lacks the expected columns.
    """
    path = path or reference_file()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the reference table ({exc.strerror})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; expected {_COLUMNS}")
    rows: list[ReferenceRow] = []
    warnings: list[str] = []
    for line, record in enumerate(reader, start=2):
        targets: dict[str, str] = {}
        for dataset in DATASETS:
            value = (record.get(dataset) or "").strip()
            if not value:
                continue
            try:
                targets[dataset] = target_iri(dataset, value)
            except ValueError as exc:
                warnings.append(f"{path.name}:{line}: {dataset} identifier dropped: {exc}")
        where_seen = (record.get("where_seen") or "").strip()
        rows.append(
            ReferenceRow(
                line=line,
                entity=(record.get("entity") or "").strip(),
                targets=targets,
                confidence=(record.get("confidence") or "").strip(),
                where_seen=where_seen,
                do_not_confuse=_negative_qids(where_seen),
            )
        )
    return tuple(rows), tuple(warnings)


def row_for(entity: TextEntity, rows: tuple[ReferenceRow, ...]) -> ReferenceRow | None:
    """The row naming ``entity`` by its English label or an English alternative label."""
    names = {normalise(n) for n in entity.names("en")}
    return next((r for r in rows if normalise(r.entity) in names), None)


def curated_evidence(
    entity: TextEntity, rows: tuple[ReferenceRow, ...]
) -> Iterator[tuple[str, str, Evidence]]:
    """Yield (dataset, target, evidence) for each identifier the table gives ``entity``."""
    row = row_for(entity, rows)
    if row is None:
        return
    score = CONFIRMED_SCORE if row.confirmed else UNCONFIRMED_SCORE
    for dataset in DATASETS:
        target = row.targets.get(dataset)
        if target is None:
            continue
        yield (
            dataset,
            target,
            Evidence(
                method=Method.CURATED,
                score=score,
                matched_label=row.entity,
                matched_lang="en",
                type_agrees=True if row.confirmed else None,
                type_note="vouched for by the curated table" if row.confirmed else "",
                where_seen=row.where_seen or None,
                note=f"external-ids.csv line {row.line}: confidence {row.confidence!r}",
            ),
        )


def negative_evidence(
    entity: TextEntity, dataset: str, target: str, rows: tuple[ReferenceRow, ...]
) -> str:
    """Why the table says ``target`` is *not* ``entity`` ("" when it does not say so)."""
    own = row_for(entity, rows)
    qid = target.rsplit("/", 1)[-1] if dataset == WIKIDATA else None
    if own is not None and qid in own.do_not_confuse:
        return f"external-ids.csv line {own.line}: do not confuse {own.entity} with {qid}"
    for row in rows:
        if row is own or dataset not in (WIKIDATA, DBPEDIA, GEONAMES):
            continue
        if row.targets.get(dataset) == target:
            return f"external-ids.csv line {row.line}: {target} is {row.entity}, another entity"
    return ""


def _negative_qids(where_seen: str) -> frozenset[str]:
    qids: set[str] = set()
    for clause in _DO_NOT_CONFUSE.findall(where_seen):
        qids.update(_QID_IN_TEXT.findall(clause))
    return frozenset(qids)
