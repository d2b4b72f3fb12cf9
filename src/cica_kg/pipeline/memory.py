"""The stages after identity with the whole dataset in rdflib: build → validate → link → write
→ store, the validations in workers beside linking and writing (decision 0134)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset

from cica_kg.build import build_dataset, compute_stats, facts_graph
from cica_kg.model import Document, Statement
from cica_kg.pipeline.linking import beside, conforms, link_beside, tally
from cica_kg.pipeline.notices import Timer, plural
from cica_kg.pipeline.records import Finished, LinkOptions, Meter, Progress
from cica_kg.pipeline.writing import output_files, write_outputs

if TYPE_CHECKING:
    from cica_kg.background import Pending, Ready
    from cica_kg.link import LinkResult
    from cica_kg.pipeline.linking import Reports


def finish_in_memory(
    statements: Sequence[Statement], documents: Sequence[Document], *, out_dir: Path,
    options: LinkOptions, timer: Timer, notify: Progress, meter: Meter,
) -> Finished:  # fmt: skip
    """build → validate → link → write → store with the whole dataset in rdflib."""

    with timer("build"):
        dataset = build_dataset(statements, documents)
    notify(f"build: {plural(len(facts_graph(dataset)), 'fact triple')}")
    links, line, reports, outputs = _check_link_write(dataset, options, out_dir=out_dir,
                                                      timer=timer, notify=notify)  # fmt: skip
    stats = compute_stats(dataset)
    return Finished(stats.facts, stats.facts_en, stats.facts_zh, conforms(*reports), outputs,
                    links, line)  # fmt: skip


def _check_link_write(
    dataset: Dataset, options: LinkOptions, *, out_dir: Path, timer: Timer, notify: Progress
) -> tuple[LinkResult, str, Reports, tuple[Path, ...]]:
    """Validate, link and write, the validations in workers beside linking and writing
    (decision 0134): their answers are taken as ``validation.txt`` is written, the last file,
    and the validate and link lines said then. The links, the link line, the reports and
    the paths written."""
    from cica_kg.validate import validate

    with timer("validate"):  # starting its worker
        text = beside(dataset, lambda: validate(dataset), what="validate")
    workers: list[Pending[Any] | Ready[Any]] = [text]
    try:
        with timer("link"):
            links, checks = link_beside(dataset, options)
        workers.append(checks)
        line = tally(links, options)

        @cache
        def reports() -> Reports:
            validation = text.result()
            notify(f"validate: {'conforms' if validation.conforms else 'does not conform'}")
            notify(f"link: {line}")
            return (validation, *checks.result())

        files = output_files(dataset, links, reports)
        outputs = write_outputs(out_dir, files, store=True, timer=timer, notify=notify)
        return links, line, reports(), outputs
    finally:
        for worker in workers:
            worker.cancel()  # after a failure; nothing once the answer was taken
