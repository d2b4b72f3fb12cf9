"""The one module that knows the stage order.

ingest → extract → build → validate → link → write → store. The link stage (offline: curated
table and gazetteer) adds the external-data and linkset named graphs; ``cica.ttl`` stays
the text's facts only (decisions 0070, 0072, 0074).

Outputs are written all or nothing (decision 0031): a build that fails or is interrupted
leaves the previous outputs of ``out_dir`` untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cica_kg import resources
from cica_kg.build import build_dataset, facts_graph
from cica_kg.export import export, write_files_atomic
from cica_kg.model import Document, Statement
from cica_kg.stats import compute_stats

Progress = Callable[[str], None]
"""Receives one line per finished stage, e.g. ``"extract: 112 statements"``."""

FACTS_FILE = "cica.ttl"
DATASET_FILE = "cica.trig"
REPORT_FILE = "validation.txt"
LINKSET_FILE = "linkset.trig"
VOID_FILE = "void.ttl"


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
) -> BuildResult:
    """Build the knowledge graph from ``sources`` (None: the bundled corpus) into ``out_dir``.

    Writes ``cica.ttl`` (facts), ``cica.trig`` (facts, evidence, linkset and external-data
    named graphs), ``linkset.trig``, ``void.ttl`` and ``validation.txt``, then loads
    ``store/`` (Oxigraph) from the TriG; a non-conforming graph is still written and
    reported in the result.

    Raises:
        InputError: a source is missing, empty or not UTF-8 text.
        OutputError: ``out_dir`` cannot be written.
    """
    from cica_kg.extract import extract
    from cica_kg.ingest import load_documents
    from cica_kg.link import enrich, serialize_linkset
    from cica_kg.link.report import counts
    from cica_kg.store import after_build
    from cica_kg.validate import format_reports, validate, validate_linkset
    from cica_kg.void import serialize_void

    notify = progress or (lambda _line: None)
    timer = _Timer()
    with timer("ingest"):
        documents = load_documents(list(sources) if sources else [resources.corpus_dir()])
    sentences = sum(len(doc.sentences()) for doc in documents)
    notify(f"ingest: {_count(len(documents), 'document')}, {_count(sentences, 'sentence')}")
    with timer("extract"):
        statements = extract(documents)
    notify(f"extract: {_count(len(statements), 'statement')}")
    with timer("build"):
        dataset = build_dataset(statements, documents)
    notify(f"build: {_count(len(facts_graph(dataset)), 'fact triple')}")
    with timer("validate"):
        validation = validate(dataset)
    notify(f"validate: {'conforms' if validation.conforms else 'does not conform'}")
    with timer("link"):
        links = enrich(dataset)  # offline; adds the external and linkset named graphs
        linkset_validation = validate_linkset(dataset)
    tally = counts(links).render("text entities")
    notify(f"link: {tally}")
    with timer("write"):
        files = {
            FACTS_FILE: export(dataset, fmt="turtle"),
            DATASET_FILE: export(dataset, fmt="trig", graph="all"),
            LINKSET_FILE: serialize_linkset(links),
            VOID_FILE: serialize_void(dataset),
            REPORT_FILE: format_reports(validation, linkset_validation).encode("utf-8"),
        }
        write_files_atomic(out_dir, files)
    notify(f"write: {len(files)} files in {out_dir}")
    with timer("store"):
        store_dir = after_build(out_dir / DATASET_FILE, out_dir)
    notify(f"store: {store_dir}")
    stats = compute_stats(dataset)
    return BuildResult(
        out_dir=out_dir,
        documents=len(documents),
        sentences=sentences,
        statements=len(statements),
        triples=stats.facts,
        facts_en=stats.facts_en,
        facts_zh=stats.facts_zh,
        conforms=bool(validation.conforms)
        and (linkset_validation is None or linkset_validation.conforms),
        outputs=(*(out_dir / name for name in files), store_dir),
        timings=timer.timings(),
        warnings=(*_warnings(documents, statements), *links.warnings),
        links=tally.split(": ", 1)[1],
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _warnings(documents: Sequence[Document], statements: Sequence[Statement]) -> tuple[str, ...]:
    """One warning per document from which no fact (beyond its own title, date...) came."""
    cited = {
        ev.doc_id
        for statement in statements
        if statement.subject.kind != "cica:SourceArticle"
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
