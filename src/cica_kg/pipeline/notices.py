"""What a build tells its user besides its files: the stage timer, progress words, warnings."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cica_kg.kinds import Kind
from cica_kg.model import Document, Statement

if TYPE_CHECKING:
    from cica_kg.extract.incremental import Extraction
    from cica_kg.link import LinkResult
    from cica_kg.pipeline.records import Count, Meter


class Timer:
    """Collects wall-clock seconds per stage."""

    def __init__(self) -> None:
        self._timings: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self._timings.append((stage, time.perf_counter() - start))

    def timings(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._timings)


def stage_meter(meter: Meter, stage: str) -> Count:
    """``meter`` for one stage: receives the facts done and the total."""
    return lambda done, total: meter(stage, done, total)


def plural(number: int, noun: str) -> str:
    """``number`` and ``noun``, with an ``s`` unless the number is one."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def reuse_note(extraction: Extraction) -> str:
    """`` (N of M articles cached)`` after the extract line, or nothing."""
    if not extraction.reused:
        return ""
    return f" ({extraction.reused} of {extraction.reused + extraction.extracted} articles cached)"


def build_warnings(
    extraction: Extraction, documents: Sequence[Document], statements: Sequence[Statement],
    links: LinkResult,
) -> tuple[str, ...]:  # fmt: skip
    """A build's warnings: damaged cache entries, articles without facts, the link stage's."""
    return (*_damaged(extraction), *no_fact_warnings(documents, statements), *links.warnings)


def _damaged(extraction: Extraction) -> tuple[str, ...]:
    return tuple(f"{path}: damaged cache entry; its article was extracted again"
                 for path in extraction.damaged)  # fmt: skip


def no_fact_warnings(
    documents: Sequence[Document], statements: Sequence[Statement]
) -> tuple[str, ...]:
    """One warning per document from which no fact (beyond its own title, date...) came."""
    cited = {
        ev.doc_id
        for statement in statements
        if statement.subject.kind != Kind.SOURCE_ARTICLE
        for ev in statement.evidence
    }
    return tuple(
        f"{doc.path}: no facts found; its graph is empty"
        for doc in documents
        if doc.doc_id not in cited
    )
