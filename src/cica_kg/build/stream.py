"""A streamed build (decision 0139): the facts in rdflib, each fact's evidence written as made.

The evidence graph is about 95 % of a build (an ``rdf:Statement`` of 4 triples and its
sources per fact, 17 triples per quote). :func:`stream_graph` keeps in rdflib only the
facts graph and the small part of the evidence graph that describes the source articles
and extractors; the rest is made from the facts' evidence one fact at a time, in sorted
order, as N-Triples lines: written once into ``cica.trig`` (a second ``GRAPH`` block of the
evidence graph) and made again, a batch of facts at a time, to validate it
(``cica_kg.validate.stream``). The pipeline writes the other files and validates (this
layer knows neither linking nor validation). A fact's evidence nodes belong to that fact
alone, so a batch of facts is a closed part of the evidence graph; the same input gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from cica_kg import iris
from cica_kg.build.dataset import Triple, add_sources, facts_dataset
from cica_kg.build.formats import export
from cica_kg.build.lines import reification_lines
from cica_kg.model import Evidence, Statement

if TYPE_CHECKING:
    from cica_kg.model import Document

Tick = Callable[[int, int], None]
"""Receives the facts done so far and how many in all."""

STREAM_ABOVE = 100_000
"""Quotes (pieces of evidence) above which a build streams its evidence by default: about
1.6·10⁶ evidence triples, some 2 GB in rdflib (6 GB at the peak of an in-memory build)."""
EVIDENCE_MARK = "# cica-kg: the reified facts, one N-Triples line each (decision 0139)\n"
"""The line before the last block of a streamed ``cica.trig``: the store loads what follows
in parts (:mod:`cica_kg.store.parts`)."""
BATCH_LINES = 250_000
"""Evidence triples per validated batch (about 40 MB of N-Triples)."""


def streams(statements: Sequence[Statement], *, choice: bool | None) -> bool:
    """Whether to stream the evidence: ``choice`` if given, else when the statements carry
    more than :data:`STREAM_ABOVE` pieces of evidence."""
    if choice is not None:
        return choice
    return sum(len(statement.evidence) for statement in statements) > STREAM_ABOVE


class StreamedGraph:
    """The facts dataset (facts; source articles and extractors in the evidence graph) and
    each fact's evidence, made on demand."""

    def __init__(self, dataset: Dataset, facts: dict[Triple, set[Evidence]]) -> None:
        self.dataset = dataset
        self.evidence: Mapping[Triple, set[Evidence]] = facts  # each fact's evidence records
        self._facts = facts
        self._order = sorted(facts)
        self.facts = len(facts)
        languages = [{ev.lang for ev in evidence} for evidence in facts.values()]
        self.facts_en = sum("en" in langs for langs in languages)
        self.facts_zh = sum("zh" in langs for langs in languages)

    def evidence_lines(self, tick: Tick | None = None) -> Iterator[list[str]]:
        """The reified facts as N-Triples lines (with newline), one list per fact, sorted."""
        total = len(self._order)
        for done, triple in enumerate(self._order, start=1):
            yield reification_lines(triple, self._facts[triple])
            if tick is not None and (done % 5000 == 0 or done == total):
                tick(done, total)

    def evidence_batches(self, tick: Tick | None = None) -> Iterator[str]:
        """The reified facts as N-Triples text, about :data:`BATCH_LINES` lines a batch."""
        batch: list[str] = []
        for lines in self.evidence_lines(tick):
            batch += lines
            if len(batch) >= BATCH_LINES:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    def write_trig(self, path: Path, *, tick: Tick | None = None) -> None:
        """Write ``cica.trig``: the dataset's graphs as rdflib writes them, then the reified
        facts as one more block of the evidence graph (TriG merges blocks of one name), after
        the line :data:`EVIDENCE_MARK`."""
        head = export(self.dataset, fmt="trig", graph="all")
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(head.decode("utf-8"))
            out.write(f"\n{EVIDENCE_MARK}<{iris.EVIDENCE_GRAPH}> {{\n")
            for lines in self.evidence_lines(tick):
                out.writelines(lines)
            out.write("}\n")

    def evidence_triples(self) -> int:
        """The triples of the whole evidence graph (sources and reified facts)."""
        reified = sum(4 + len({ev.doc_id for ev in evidence}) + 17 * len(evidence)
                      for evidence in self._facts.values())  # fmt: skip
        return len(self.dataset.graph(iris.EVIDENCE_GRAPH)) + reified


def stream_graph(statements: Sequence[Statement], documents: Sequence[Document]) -> StreamedGraph:
    """The facts of ``statements`` in rdflib, their evidence to be streamed (see the module).

    Raises:
        CicaKgError: a statement uses a CURIE whose prefix is not bound.
    """
    dataset, facts = facts_dataset(statements)
    add_sources(dataset.graph(iris.EVIDENCE_GRAPH), documents, facts)
    return StreamedGraph(dataset, facts)
