"""The stages after identity with the evidence graph streamed (decision 0139): build → link →
write → store → validate, the facts in rdflib and each fact's evidence written as it is made."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cica_kg.build import export
from cica_kg.files import write_atomic
from cica_kg.model import Document, Statement
from cica_kg.outputs import commit, staged
from cica_kg.pipeline.linking import conforms, link_stage, tally
from cica_kg.pipeline.notices import Timer, plural, stage_meter
from cica_kg.pipeline.records import (
    DATASET_FILE,
    FACTS_FILE,
    LINKSET_FILE,
    REPORT_FILE,
    STORE_DIR,
    VOID_FILE,
    Count,
    Finished,
    LinkOptions,
    Meter,
    Progress,
)

if TYPE_CHECKING:
    from cica_kg.build.stream import StreamedGraph
    from cica_kg.link import LinkResult


def finish_streamed(
    statements: Sequence[Statement], documents: Sequence[Document], *, out_dir: Path,
    options: LinkOptions, timer: Timer, notify: Progress, meter: Meter,
) -> Finished:  # fmt: skip
    """build → link → write → store → validate with the evidence graph streamed (0139): the
    facts (and the source articles) in rdflib, each fact's evidence written as it is made."""
    from cica_kg.build.stream import stream_graph
    from cica_kg.store import after_build
    from cica_kg.validate import format_reports
    from cica_kg.validate.stream import validate_streamed

    with timer("build"):
        graph = stream_graph(statements, documents)
    notify(f"build: {plural(graph.facts, 'fact triple')} (evidence streamed)")
    with timer("link"):
        links, checks = link_stage(graph.dataset, options)
    line = tally(links, options)
    notify(f"link: {line}")
    with staged(out_dir) as staging:
        with timer("write"):
            names = _write_streamed(staging.path, graph, links, tick=stage_meter(meter, "write"))
        notify(f"write: {len(names)} files in {out_dir}")
        with timer("store"):
            after_build(staging.path / DATASET_FILE, staging.path)
        notify(f"store: {out_dir / STORE_DIR}")
        with timer("validate"):
            batches = graph.evidence_batches(stage_meter(meter, "validate"))
            text = validate_streamed(graph.dataset, batches, facts=graph.evidence,
                                    scratch=staging.path)
        notify(f"validate: {'conforms' if text.conforms else 'does not conform'}")
        write_atomic(staging.path / REPORT_FILE, format_reports(text, *checks).encode("utf-8"))
        written = [FACTS_FILE, DATASET_FILE, LINKSET_FILE, VOID_FILE, REPORT_FILE, STORE_DIR]
        commit(staging, written)
    outputs = tuple(out_dir / name for name in written)
    return Finished(graph.facts, graph.facts_en, graph.facts_zh, conforms(text, *checks),
                    outputs, links, line)  # fmt: skip


def _write_streamed(
    directory: Path, graph: StreamedGraph, links: LinkResult, *, tick: Count
) -> tuple[str, ...]:
    """Write a streamed build's files but the report into ``directory``; their names."""
    from cica_kg.link import serialize_linkset

    write_atomic(directory / FACTS_FILE, export(graph.dataset, fmt="turtle"))
    graph.write_trig(directory / DATASET_FILE, tick=tick)
    write_atomic(directory / LINKSET_FILE, serialize_linkset(links))
    write_atomic(directory / VOID_FILE, _streamed_void(graph))
    return FACTS_FILE, DATASET_FILE, LINKSET_FILE, VOID_FILE


def _streamed_void(graph: StreamedGraph) -> bytes:
    """``void.ttl`` as ``serialize_void`` writes it for the whole dataset, the evidence
    subset's triples counted from the facts' evidence (decision 0139)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import VOID, XSD

    from cica_kg.link.void import DATASET_IRI, void_graph

    void = void_graph(graph.dataset)
    count = Literal(graph.evidence_triples(), datatype=XSD.integer)
    void.set((URIRef(f"{DATASET_IRI}/evidence"), VOID.triples, count))
    return void.serialize(format="longturtle", encoding="utf-8")
