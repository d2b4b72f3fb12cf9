"""Sort lines of text larger than memory: sorted runs in temporary files, then one merge.

``cica-kg export --format nt|nquads`` of a large build (decision 0147) writes the sorted,
distinct lines rdflib's path writes (:func:`cica_kg.build.formats.export`), but never holds
more than :data:`RUN_LINES` of them: each run is sorted and written to a temporary file
(under ``$TMPDIR``), the runs are merged :data:`MERGE_WIDTH` at a time.
"""

from __future__ import annotations

import heapq
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from cica_kg.errors import OutputError

RUN_LINES = 200_000
"""Lines sorted in memory at a time: about 160 MB at the peak of an N-Quads export, whatever
its size (500,000 lines: 200 MB at 100 articles, 300 MB at 200; decision 0147)."""
MERGE_WIDTH = 128
"""Runs merged at once (open files)."""


def write_sorted(lines: Iterable[str], out: BinaryIO, *, run_lines: int | None = None) -> int:
    """Write the distinct ``lines`` (each ending with a newline) sorted to ``out``, UTF-8;
    the number written. The order is Python's string order, as ``sorted`` gives (no line is
    the beginning of another, so the newlines do not change it); ``run_lines`` defaults to
    :data:`RUN_LINES`.

    Raises:
        OutputError: the temporary files cannot be written (e.g. the disk is full).
    """
    try:
        with tempfile.TemporaryDirectory(prefix="cica-kg-sort-") as tmp:
            runs = _runs(lines, Path(tmp), run_lines or RUN_LINES)
            passes = 0
            while len(runs) > MERGE_WIDTH:
                passes += 1
                runs = [_merge_to(Path(tmp) / f"merged-{passes}-{index}", group)
                        for index, group in enumerate(_groups(runs))]  # fmt: skip
            with ExitStack() as stack:
                files = [stack.enter_context(run.open(encoding="utf-8", newline="\n"))
                         for run in runs]  # fmt: skip
                return _write_distinct(heapq.merge(*files), out)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        where = tempfile.gettempdir()
        raise OutputError(f"cannot sort the lines in {where}: {exc.strerror or exc}; "
                          "free disk space there or set TMPDIR") from exc  # fmt: skip


def _runs(lines: Iterable[str], directory: Path, run_lines: int) -> list[Path]:
    runs: list[Path] = []
    iterator = iter(lines)
    while chunk := list(itertools.islice(iterator, run_lines)):
        path = directory / f"run-{len(runs)}"
        with path.open("w", encoding="utf-8", newline="\n") as run:
            run.writelines(sorted(set(chunk)))
        runs.append(path)
    return runs


def _groups(runs: list[Path]) -> Iterator[list[Path]]:
    for start in range(0, len(runs), MERGE_WIDTH):
        yield runs[start : start + MERGE_WIDTH]


def _merge_to(target: Path, group: list[Path]) -> Path:
    with ExitStack() as stack, target.open("wb") as out:
        files = [stack.enter_context(run.open(encoding="utf-8", newline="\n")) for run in group]
        _write_distinct(heapq.merge(*files), out)
    for run in group:
        run.unlink()
    return target


def _write_distinct(lines: Iterable[str], out: BinaryIO) -> int:
    previous = None
    written = 0
    for line in lines:
        if line != previous:
            out.write(line.encode("utf-8"))
            previous = line
            written += 1
    return written
