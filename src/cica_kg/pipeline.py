"""The one module that knows the stage order.

ingest → extract → identity → build → validate → link → write → store. The identity stage
gives one node to what several articles describe (decision 0090). The link stage (offline:
curated table and gazetteer) adds the external-data and linkset named graphs; ``cica.ttl``
stays the text's facts only (decisions 0070, 0072, 0074).

Outputs are written all or nothing (decision 0031): a build that fails or is interrupted
leaves the previous outputs of ``out_dir`` untouched. :func:`run_link` (``cica-kg link``)
re-runs the link stage on a built graph and rewrites every output that carries the linkset
the same way (decision 0078).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rdflib import Dataset, Graph

from cica_kg import resources
from cica_kg.build import build_dataset, compute_stats, export, facts_graph
from cica_kg.files import write_atomic
from cica_kg.kinds import Kind
from cica_kg.model import Document, Statement
from cica_kg.outputs import check_owned, commit, staged

if TYPE_CHECKING:
    from cica_kg.background import Pending, Ready
    from cica_kg.build.stream import StreamedGraph
    from cica_kg.extract.incremental import Extraction
    from cica_kg.link import Endpoints, LinkResult, PoliteClient
    from cica_kg.validate import ValidationResult

    Checks = tuple[ValidationResult | None, ValidationResult | None]
    """The linkset's and the external data's validation (None: nothing to check)."""
    Reports = tuple[ValidationResult, ValidationResult | None, ValidationResult | None]
    """The text's validation, then the checks."""

T = TypeVar("T")
Progress = Callable[[str], None]
"""Receives one line per finished stage, e.g. ``"extract: 112 statements"``."""
Count = Callable[[int, int], None]
"""Receives the documents extracted (or read from the cache) so far, and how many in all."""
Meter = Callable[[str, int, int], None]
"""Receives a streamed build's stage (``write``, ``validate``), the facts done, and the total."""

FACTS_FILE = "cica.ttl"
DATASET_FILE = "cica.trig"
REPORT_FILE = "validation.txt"
LINKSET_FILE = "linkset.trig"
VOID_FILE = "void.ttl"
STORE_DIR = "store"
Serialize = Callable[[], bytes]
"""Produces one output file's bytes."""
BESIDE_MAX_QUADS = 500_000
"""The largest graph validated in a worker beside the link stage: the worker's union graph
is a second copy in memory (the seed article's graph has 11,000 quads)."""
CACHE_DIR = Path("cache", "extract")
"""The extraction cache, under the build directory (decision 0110)."""


@dataclass(frozen=True)
class LinkOptions:
    """How the link stage runs (decision 0078). The default: offline, no decisions file."""

    decisions: Path | None = None  # reviewed-decisions CSV, applied over every method
    client: PoliteClient | None = None  # None: offline; ``offline`` client: replay its cache
    endpoints: Endpoints | None = None  # where Wikidata is (tests: a local server)
    accept_above: float = 0.9  # == cica_kg.link.ACCEPT_ABOVE

    def describe(self, result: LinkResult) -> str:
        """Which decisions file and which online answers the links rest on, one phrase each."""
        from cica_kg.link import Method

        if self.decisions is None:
            decided = "no decisions file"
        else:
            applied = sum(1 for c in result.candidates if Method.REVIEWED in c.methods)
            decided = f"decisions {self.decisions} ({applied} applied)"
        if self.client is None:
            online = "offline"
        elif self.client.offline:
            online = f"online answers replayed from {self.client.cache_dir} (no request)"
        else:
            made, cache = self.client.requests_made, self.client.cache_dir
            online = f"online: {made} request(s), cache {cache}"
        return f"{decided}; {online}"


@dataclass(frozen=True)
class LinkRun:
    """What ``cica-kg link`` did: the links, whether the graph conforms, what it wrote."""

    links: LinkResult
    conforms: bool  # the linkset and external data conform (the text's report is the build's)
    outputs: tuple[Path, ...]  # empty when nothing was written (``--review``)
    description: str  # LinkOptions.describe


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary a user sees."""

    out_dir: Path
    documents: int
    sentences: int
    statements: int
    triples: int  # triples in the facts graph
    facts_en: int  # facts with English evidence
    facts_zh: int  # facts with Chinese evidence
    conforms: bool  # the text graphs and the linkset conform to their shapes
    outputs: tuple[Path, ...]
    timings: tuple[tuple[str, float], ...]  # (stage, seconds) in stage order
    warnings: tuple[str, ...] = field(default=())
    links: str = ""  # the linking figures, one line (see cica_kg.link.report.LinkCounts)
    extracted: int = 0  # documents extracted (the others were read from the cache)

    def summary(self) -> str:
        """A short plain-text summary, one figure per line."""
        rows = [
            ("documents", str(self.documents)),
            ("sentences", str(self.sentences)),
            ("statements", str(self.statements)),
            ("fact triples", str(self.triples)),
            ("facts with English evidence", str(self.facts_en)),
            ("facts with Chinese evidence", str(self.facts_zh)),
            ("conforms to shapes", "yes" if self.conforms else f"no (see {self.report})"),
            ("links", self.links or "none"),
            ("outputs", ", ".join(str(path) for path in self.outputs)),
            ("time", ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in self.timings)),
        ]
        return "".join(f"{name:<28} {value}\n" for name, value in rows)

    @property
    def report(self) -> Path:
        """The validation report file."""
        return self.out_dir / REPORT_FILE


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
    timer = _Timer()
    with timer("ingest"):
        documents = load_documents(list(sources) if sources else [resources.corpus_dir()])
    sentences = sum(len(doc.sentences()) for doc in documents)
    notify(f"ingest: {_count(len(documents), 'document')}, {_count(sentences, 'sentence')}")
    with timer("extract"):
        extraction = _extract(documents, out_dir=out_dir, cache=cache, count=count)
    notify(f"extract: {_count(len(extraction.statements), 'statement')}{_reuse(extraction)}")
    with timer("identity"):
        statements = resolve(extraction.statements)
    notify(f"identity: {_count(len(statements), 'statement')}")
    finish = _finish_streamed if streams(statements, choice=stream) else _finish_in_memory
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
        warnings=_warnings(extraction, documents, statements, done.links),
        links=done.tally.split(": ", 1)[1],
        extracted=extraction.extracted,
    )


@dataclass(frozen=True)
class _Finished:
    """What the stages after identity produced, for :class:`BuildResult`."""

    facts: int
    facts_en: int
    facts_zh: int
    conforms: bool
    outputs: tuple[Path, ...]
    links: LinkResult
    tally: str  # "<figures>; <how linked>", see _tally


def _finish_in_memory(
    statements: Sequence[Statement], documents: Sequence[Document], *, out_dir: Path,
    options: LinkOptions, timer: _Timer, notify: Progress, meter: Meter,
) -> _Finished:  # fmt: skip
    """build → validate → link → write → store with the whole dataset in rdflib."""

    with timer("build"):
        dataset = build_dataset(statements, documents)
    notify(f"build: {_count(len(facts_graph(dataset)), 'fact triple')}")
    links, tally, reports, outputs = _check_link_write(dataset, options, out_dir=out_dir,
                                                       timer=timer, notify=notify)  # fmt: skip
    stats = compute_stats(dataset)
    return _Finished(stats.facts, stats.facts_en, stats.facts_zh, _conforms(*reports), outputs,
                     links, tally)  # fmt: skip


def _finish_streamed(
    statements: Sequence[Statement], documents: Sequence[Document], *, out_dir: Path,
    options: LinkOptions, timer: _Timer, notify: Progress, meter: Meter,
) -> _Finished:  # fmt: skip
    """build → link → write → store → validate with the evidence graph streamed (0139): the
    facts (and the source articles) in rdflib, each fact's evidence written as it is made."""
    from cica_kg.build.stream import stream_graph
    from cica_kg.store import after_build
    from cica_kg.validate import format_reports
    from cica_kg.validate.stream import validate_streamed

    with timer("build"):
        graph = stream_graph(statements, documents)
    notify(f"build: {_count(graph.facts, 'fact triple')} (evidence streamed)")
    with timer("link"):
        links, checks = _link_stage(graph.dataset, options)
    tally = _tally(links, options)
    notify(f"link: {tally}")
    with staged(out_dir) as staging:
        with timer("write"):
            names = _write_streamed(staging.path, graph, links, tick=_stage_meter(meter, "write"))
        notify(f"write: {len(names)} files in {out_dir}")
        with timer("store"):
            after_build(staging.path / DATASET_FILE, staging.path)
        notify(f"store: {out_dir / STORE_DIR}")
        with timer("validate"):
            batches = graph.evidence_batches(_stage_meter(meter, "validate"))
            text = validate_streamed(graph.dataset, batches, facts=graph.evidence)
        notify(f"validate: {'conforms' if text.conforms else 'does not conform'}")
        write_atomic(staging.path / REPORT_FILE, format_reports(text, *checks).encode("utf-8"))
        written = [FACTS_FILE, DATASET_FILE, LINKSET_FILE, VOID_FILE, REPORT_FILE, STORE_DIR]
        commit(staging, written)
    outputs = tuple(out_dir / name for name in written)
    return _Finished(graph.facts, graph.facts_en, graph.facts_zh, _conforms(text, *checks),
                     outputs, links, tally)  # fmt: skip


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


def _warnings(
    extraction: Extraction, documents: Sequence[Document], statements: Sequence[Statement],
    links: LinkResult,
) -> tuple[str, ...]:  # fmt: skip
    return (*_damaged(extraction), *no_fact_warnings(documents, statements), *links.warnings)


def _stage_meter(meter: Meter, stage: str) -> Count:
    return lambda done, total: meter(stage, done, total)


def _tally(links: LinkResult, options: LinkOptions) -> str:
    from cica_kg.link import counts

    return f"{counts(links).render('text entities')}; {options.describe(links)}"


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


def _check_link_write(
    dataset: Dataset, options: LinkOptions, *, out_dir: Path, timer: _Timer, notify: Progress
) -> tuple[LinkResult, str, Reports, tuple[Path, ...]]:
    """Validate, link and write, the validations in workers beside linking and writing
    (decision 0134): their answers are taken as ``validation.txt`` is written, the last file,
    and the validate and link lines said then. The links, the link line, the reports and
    the paths written."""
    from cica_kg.validate import validate

    with timer("validate"):  # starting its worker
        text = _beside(dataset, lambda: validate(dataset), what="validate")
    workers: list[Pending[Any] | Ready[Any]] = [text]
    try:
        with timer("link"):
            links, checks = _link_beside(dataset, options)
        workers.append(checks)
        tally = _tally(links, options)

        @cache
        def reports() -> Reports:
            validation = text.result()
            notify(f"validate: {'conforms' if validation.conforms else 'does not conform'}")
            notify(f"link: {tally}")
            return (validation, *checks.result())

        files = _output_files(dataset, links, reports)
        outputs = _write_outputs(out_dir, files, store=True, timer=timer, notify=notify)
        return links, tally, reports(), outputs
    finally:
        for worker in workers:
            worker.cancel()  # after a failure; nothing once the answer was taken


def _beside(dataset: Dataset, work: Callable[[], T], *, what: str) -> Pending[T] | Ready[T]:
    """``work`` (which reads ``dataset`` as it is now) started in a forked worker, while
    this process goes on; for a graph of over :data:`BESIDE_MAX_QUADS`, done here at once."""
    from cica_kg import background

    pending = background.start(work, what=what) if len(dataset) <= BESIDE_MAX_QUADS else None
    return pending if pending is not None else background.Ready(work())


def _reuse(extraction: Extraction) -> str:
    if not extraction.reused:
        return ""
    return f" ({extraction.reused} of {extraction.reused + extraction.extracted} articles cached)"


def _damaged(extraction: Extraction) -> tuple[str, ...]:
    return tuple(f"{path}: damaged cache entry; its article was extracted again"
                 for path in extraction.damaged)  # fmt: skip


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


def run_link(
    graph: Path | None, *, out_dir: Path, options: LinkOptions | None = None, write: bool = True
) -> LinkRun:
    """Re-link a built graph (``graph``, default ``out_dir/cica.trig``) and, with ``write``,
    rewrite every output carrying the linkset, all or nothing as the build does: ``cica.ttl``,
    ``cica.trig``, ``linkset.trig``, ``void.ttl``, ``validation.txt``, then ``store/`` if
    ``out_dir`` has one. On any error nothing is written (decisions 0031, 0078).

    Raises:
        InputError: the graph is missing or malformed, or the decisions file is malformed.
        OutputError: ``out_dir`` cannot be written.
    """
    from cica_kg.build import load_dataset
    from cica_kg.validate import validate

    if write:
        check_owned(out_dir)
    options = options or LinkOptions()
    dataset = load_dataset(graph or out_dir / DATASET_FILE)
    links, checks = _link_stage(dataset, options)
    if not write:
        return LinkRun(links, _conforms(*checks), (), options.describe(links))
    text = validate(dataset)
    files = dict(sorted(_output_files(dataset, links, lambda: (text, *checks)).items()))
    store = (out_dir / STORE_DIR).is_dir()
    outputs = _write_outputs(out_dir, files, store=store, timer=_Timer(), notify=lambda _: None)
    return LinkRun(links, _conforms(*checks), outputs, options.describe(links))


def _write_outputs(
    out_dir: Path, files: dict[str, Serialize], *, store: bool, timer: _Timer, notify: Progress
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


def _link_stage(
    dataset: Dataset, options: LinkOptions
) -> tuple[LinkResult, tuple[ValidationResult | None, ValidationResult | None]]:
    """Link (adds the external and linkset graphs), then check both graphs' shapes."""
    from cica_kg.link import enrich
    from cica_kg.validate import validate_external, validate_linkset

    links = enrich(dataset, decisions=options.decisions, client=options.client,
                   endpoints=options.endpoints, accept_above=options.accept_above)  # fmt: skip
    return links, (validate_linkset(dataset), validate_external(dataset))


def _link_beside(
    dataset: Dataset, options: LinkOptions
) -> tuple[LinkResult, Pending[Checks] | Ready[Checks]]:
    """Link (adds the external and linkset graphs), then check both graphs' shapes in a
    worker while this process goes on to write the outputs (decision 0134)."""
    from cica_kg.link import enrich
    from cica_kg.validate import validate_external, validate_linkset

    links = enrich(dataset, decisions=options.decisions, client=options.client,
                   endpoints=options.endpoints, accept_above=options.accept_above)  # fmt: skip
    checks = _beside(dataset, lambda: (validate_linkset(dataset), validate_external(dataset)),
                     what="validate the links")  # fmt: skip
    return links, checks


def _output_files(
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


def _conforms(*results: ValidationResult | None) -> bool:
    return all(result is None or result.conforms for result in results)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


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


class _Timer:
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
