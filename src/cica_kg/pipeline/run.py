"""``cica-kg build``: ingest → extract → identity, then the in-memory or the streamed finish;
and :func:`build_facts`, the facts graph of ``cica.ttl`` in memory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from cica_kg import resources
from cica_kg.build import build_dataset, facts_graph
from cica_kg.model import Document
from cica_kg.outputs import check_owned
from cica_kg.pipeline.memory import finish_in_memory
from cica_kg.pipeline.notices import Timer, build_warnings, plural, reuse_note
from cica_kg.pipeline.records import (
    CACHE_DIR,
    BuildResult,
    Count,
    LinkOptions,
    Meter,
    Progress,
)
from cica_kg.pipeline.streamed import finish_streamed

if TYPE_CHECKING:
    from cica_kg.extract.incremental import Extraction


def run_build(
    sources: Sequence[Path] | None,
    *,
    out_dir: Path,
    progress: Progress | None = None,
    linking: LinkOptions | None = None,
    cache: bool = True,
    count: Count | None = None,
    stream: bool | None = None,
    meter: Meter | None = None,
) -> BuildResult:
    """Build the knowledge graph from ``sources`` (None: the bundled corpus) into ``out_dir``.

    Writes ``cica.ttl`` (facts), ``cica.trig`` (facts, evidence, linkset and external-data
    named graphs), ``linkset.trig``, ``void.ttl`` and ``validation.txt``, then loads
    ``store/`` (Oxigraph) from the TriG; a non-conforming graph is still written and
    reported in the result. ``linking`` gives a reviewed-decisions file and a client
    replaying cached online answers (default: offline, no decisions). With ``cache``, an
    article whose text and extractor are unchanged is read from ``out_dir/cache/extract``
    instead of extracted again (decision 0110); ``count`` follows the extraction.
    ``stream`` (None: when the evidence would be large, :func:`cica_kg.build.stream.streams`)
    writes the evidence graph fact by fact instead of holding it in rdflib, validates it in
    parts and loads the store from the file (decision 0139); ``meter`` follows those passes.

    Raises:
        InputError: a source is missing, empty or not UTF-8 text, or the decisions file is
            malformed (nothing is written).
        OutputError: ``out_dir`` cannot be written.
    """
    from cica_kg.build.stream import streams
    from cica_kg.identity import resolve
    from cica_kg.ingest import load_documents

    check_owned(out_dir)  # before any work: refuse a directory the project did not make
    options = linking or LinkOptions()
    notify = progress or (lambda _line: None)
    timer = Timer()
    with timer("ingest"):
        documents = load_documents(list(sources) if sources else [resources.corpus_dir()])
    sentences = sum(len(doc.sentences()) for doc in documents)
    notify(f"ingest: {plural(len(documents), 'document')}, {plural(sentences, 'sentence')}")
    with timer("extract"):
        extraction = _extract(documents, out_dir=out_dir, cache=cache, count=count)
    notify(f"extract: {plural(len(extraction.statements), 'statement')}{reuse_note(extraction)}")
    with timer("identity"):
        statements = resolve(extraction.statements)
    notify(f"identity: {plural(len(statements), 'statement')}")
    finish = finish_streamed if streams(statements, choice=stream) else finish_in_memory
    done = finish(statements, documents, out_dir=out_dir, options=options, timer=timer,
                  notify=notify, meter=meter or (lambda _stage, _done, _total: None))  # fmt: skip
    if cache:
        _prune(out_dir / CACHE_DIR, documents)
    return BuildResult(
        out_dir=out_dir,
        documents=len(documents),
        sentences=sentences,
        statements=len(statements),
        triples=done.facts,
        facts_en=done.facts_en,
        facts_zh=done.facts_zh,
        conforms=done.conforms,
        outputs=done.outputs,
        timings=timer.timings(),
        warnings=build_warnings(extraction, documents, statements, done.links),
        links=done.tally.split(": ", 1)[1],
        extracted=extraction.extracted,
    )


def _extract(
    documents: Sequence[Document], *, out_dir: Path, cache: bool, count: Count | None
) -> Extraction:
    """The documents' statements, unchanged articles read from the cache when ``cache``."""
    from cica_kg.extract.cache import ExtractionCache
    from cica_kg.extract.incremental import extract_cached

    store = ExtractionCache(out_dir / CACHE_DIR) if cache else None
    tick = None if count is None else (lambda done: count(done, len(documents)))
    return extract_cached(documents, cache=store, tick=tick, meanwhile=_warm_later_stages)


def _warm_later_stages() -> None:
    """Load what validate and link read on first use (pySHACL, shapes, ontology, reference
    tables), on empty graphs, while a worker extracts (decision 0134)."""
    import pyshacl  # noqa: F401  # the linkset's validator
    from rdflib import Dataset

    from cica_kg.link import enrich
    from cica_kg.validate import validate

    validate(Dataset())
    enrich(Dataset())


def _prune(root: Path, documents: Sequence[Document]) -> None:
    """Drop the cache entries this build did not use (only files the cache wrote)."""
    from cica_kg.extract.cache import ExtractionCache, document_key, extractor_version

    version = extractor_version()
    ExtractionCache(root).prune({document_key(d, version) for d in documents})


def build_facts(sources: Sequence[Path] | None) -> Graph:
    """The facts graph that :func:`run_build` writes as ``cica.ttl``, built in memory.

    Only ingest → extract → identity → build run (no validation, linking, writing or store),
    so one article takes a fraction of a second once the spaCy model is loaded (once per
    process).
    The link stage never changes the facts graph, so the result is isomorphic to the
    ``cica.ttl`` of ``cica-kg build`` on the same ``sources`` (None: the bundled corpus).

    Raises:
        InputError: a source is missing, empty or not UTF-8 text.
    """
    from cica_kg.extract import extract
    from cica_kg.identity import resolve
    from cica_kg.ingest import load_documents

    documents = load_documents(list(sources) if sources else [resources.corpus_dir()])
    return facts_graph(build_dataset(resolve(extract(documents)), documents))
