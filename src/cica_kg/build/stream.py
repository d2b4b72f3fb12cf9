"""A streamed build (decision 0139): the facts in rdflib, the evidence written as it is made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from cica_kg.model import Document, Statement

if TYPE_CHECKING:
    from cica_kg.validate import ValidationResult

Tick = Callable[[int, int], None]


def streams(statements: Sequence[Statement], *, choice: bool | None) -> bool:
    """Whether to stream: ``choice`` if given, else when the evidence would be large."""
    return bool(choice)


class StreamedGraph:
    """The facts dataset (facts and source articles) and the evidence made on demand."""

    dataset: Dataset
    facts: int
    facts_en: int
    facts_zh: int

    def write_trig(self, path: Path, *, tick: Tick) -> None:
        raise NotImplementedError

    def validate(self, store_dir: Path, *, tick: Tick) -> ValidationResult:
        raise NotImplementedError


def stream_graph(statements: Sequence[Statement], documents: Sequence[Document]) -> StreamedGraph:
    raise NotImplementedError
