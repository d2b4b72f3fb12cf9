"""The files of a build directory, and writing them (with the store) all or nothing.

A build that fails or is interrupted leaves the previous outputs of ``out_dir`` untouched
(decisions 0031, 0081): everything is staged and switched into place as one unit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from cica_kg.build import export
from cica_kg.files import write_atomic
from cica_kg.outputs import commit, staged
from cica_kg.pipeline.records import (
    DATASET_FILE,
    FACTS_FILE,
    LINKSET_FILE,
    REPORT_FILE,
    STORE_DIR,
    VOID_FILE,
    Progress,
)

if TYPE_CHECKING:
    from cica_kg.link import LinkResult
    from cica_kg.pipeline.linking import Reports
    from cica_kg.pipeline.notices import Timer

Serialize = Callable[[], bytes]
"""Produces one output file's bytes."""


def output_files(
    dataset: Dataset,
    links: LinkResult,
    reports: Callable[[], Reports],
) -> dict[str, Serialize]:
    """Every file of a build directory, each as the function that serialises it (``reports``
    gives the validation results when the report is written)."""
    from cica_kg.link import serialize_linkset, serialize_void
    from cica_kg.validate import format_reports

    return {
        FACTS_FILE: lambda: export(dataset, fmt="turtle"),
        DATASET_FILE: lambda: export(dataset, fmt="trig", graph="all"),
        LINKSET_FILE: lambda: serialize_linkset(links),
        VOID_FILE: lambda: serialize_void(dataset),
        REPORT_FILE: lambda: format_reports(*reports()).encode("utf-8"),
    }


def write_outputs(
    out_dir: Path, files: dict[str, Serialize], *, store: bool, timer: Timer, notify: Progress
) -> tuple[Path, ...]:
    """Stage ``files`` (and the store loaded from them) and switch them into ``out_dir`` as
    one unit (decision 0081); the paths of what was written, in ``out_dir``. Each file is
    serialised and written before the next, so one file's bytes are in memory at a time
    (a failure leaves only the staging directory, which is removed; decision 0111)."""
    from cica_kg.store import after_build

    with staged(out_dir) as staging:
        with timer("write"):
            for name, serialize in files.items():
                write_atomic(staging.path / name, serialize())
        notify(f"write: {len(files)} files in {out_dir}")
        written = list(files)
        if store:
            with timer("store"):
                after_build(staging.path / DATASET_FILE, staging.path)
            written.append(STORE_DIR)
            notify(f"store: {out_dir / STORE_DIR}")
        commit(staging, written)
    return tuple(out_dir / name for name in written)
