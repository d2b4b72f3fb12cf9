"""Timings of one benchmark tier: build, load, queries on both engines, SHACL, export.

Every figure is wall-clock seconds from :func:`time.perf_counter`; query figures are medians
of several runs (decision 0061). Nothing here asserts a target: :mod:`cica_kg.bench.report`
prints the figures next to the targets of issue 3.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rdflib import Dataset

from cica_kg import iris
from cica_kg.bench.generator import SyntheticCorpus, generate

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_INTEGER = _XSD + "integer"
_INTEGERS = frozenset(
    _XSD + name
    for name in ("positiveInteger", "nonNegativeInteger", "negativeInteger", "nonPositiveInteger",
                 "long", "int", "short", "byte", "unsignedLong", "unsignedInt")
)  # fmt: skip
_QUERY_BUDGET_S = 2.0  # run a query again while the total stays under this (min 3, max 25 runs)


@dataclass(frozen=True)
class QueryTiming:
    """One shipped query on both engines: medians (ms), their ratio, and the result check."""

    name: str
    rows: int
    oxigraph_ms: float
    rdflib_ms: float
    identical: str  # "yes", "values" (integer subtypes differ) or "NO"
    oxigraph_cpu_ms: float | None = None  # median CPU time (user + sys) of the Oxigraph runs
    rdflib_cpu_ms: float | None = None  # ... of the rdflib runs
    before_ms: float | None = None  # CPU median of the earlier text (--before DIR) on Oxigraph
    before_rdflib_ms: float | None = None  # ... and on rdflib
    same_as_before: str = ""  # "yes" (same rows in the same order), "NO", "" (not compared)

    @property
    def ratio(self) -> float:
        """How many times faster Oxigraph answers than rdflib."""
        return self.rdflib_ms / self.oxigraph_ms if self.oxigraph_ms else float("inf")

    @property
    def cpu_ratio(self) -> float | None:
        """:attr:`ratio` of CPU times: fairer than wall time on a busy machine."""
        if self.oxigraph_cpu_ms and self.rdflib_cpu_ms is not None:
            return self.rdflib_cpu_ms / self.oxigraph_cpu_ms
        return None

    @property
    def us_per_row(self) -> tuple[float, float]:
        """Microseconds per row on (Oxigraph, rdflib): the cost of the answer's size."""
        rows = max(self.rows, 1)
        return self.oxigraph_ms * 1000 / rows, self.rdflib_ms * 1000 / rows


@dataclass
class TierResult:
    """Everything measured on one graph size."""

    label: str
    triples: int = 0
    articles: int = 0
    build_s: float = 0.0
    load_oxigraph_s: float = 0.0  # on-disk store, as build/store/
    load_oxigraph_memory_s: float = 0.0
    load_rdflib_s: float = 0.0
    shacl_s: float | None = None
    shacl_conforms: bool | None = None
    export_s: float = 0.0
    queries: list[QueryTiming] = field(default_factory=list)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def median_ms(function: Callable[[], Any], *, budget_s: float = _QUERY_BUDGET_S) -> float:
    """Median wall time (ms) of ``function`` over 3 to 25 runs within about ``budget_s``."""
    return median_wall_cpu_ms(function, budget_s=budget_s)[0]


def median_wall_cpu_ms(
    function: Callable[[], Any], *, budget_s: float = _QUERY_BUDGET_S
) -> tuple[float, float]:
    """Median wall and CPU (user + sys of this process) times (ms), as :func:`median_ms`."""
    runs: list[float] = []
    cpu: list[float] = []
    while len(runs) < 3 or (sum(runs) < budget_s and len(runs) < 25):
        started = time.process_time()
        seconds, _ = timed(function)
        cpu.append(time.process_time() - started)
        runs.append(seconds)
        if seconds > 10 * budget_s:  # a very slow query: one run says enough
            break
    return statistics.median(runs) * 1000, statistics.median(cpu) * 1000


def seed_dataset(trig: Path | None) -> Dataset | None:
    """The built seed graph (``build/cica.trig``) when there is one, to add to every tier."""
    if trig is None or not trig.is_file():
        return None
    dataset = Dataset()
    dataset.parse(trig, format="trig")
    return dataset


def build_tier(
    triples: int, *, seed: int, base: Dataset | None, workdir: Path
) -> tuple[TierResult, Dataset, Path]:
    """Generate and build a tier of about ``triples`` triples; write it as N-Quads.

    ``triples == 0`` is the seed graph alone (the target "every query under 5 ms").
    """
    from cica_kg.build.dataset import build_dataset

    corpus = generate(triples=triples, seed=seed) if triples else SyntheticCorpus((), ())
    build_s, dataset = timed(lambda: build_dataset(corpus.statements, corpus.documents))
    if base is not None:
        dataset.addN(base.quads((None, None, None, None)))
    path = workdir / f"synthetic-{triples}.nq"
    dataset.serialize(path, format="nquads")
    result = TierResult(
        label=f"{triples:,}" if triples else "seed", triples=len(dataset),
        articles=len(corpus.documents),
        build_s=build_s,
    )  # fmt: skip
    return result, dataset, path


def load_both(path: Path, result: TierResult, workdir: Path) -> tuple[Any, Dataset]:
    """Load the N-Quads file and the bundled ontology into an on-disk Oxigraph store and an
    rdflib Dataset (the data timed; rdflib's ontology: :func:`add_ontology`).

    The store is made as ``cica-kg build`` makes ``build/store`` (``store.load_store``: the
    ontology in the same bulk load as the data, before ``optimize()``; no inferences, which
    rdflib's copy lacks too) and opened read-only for the queries, as ``cica-kg query`` opens
    it (decision 0138).
    """
    import pyoxigraph as ox

    from cica_kg.store import load_store, open_store

    store_dir = workdir / "store"
    shutil.rmtree(store_dir, ignore_errors=True)
    result.load_oxigraph_s, _ = timed(lambda: load_store(path, store_dir))
    store = open_store(store_dir)

    def load_ox_memory() -> None:
        ox.Store().bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)

    result.load_oxigraph_memory_s, _ = timed(load_ox_memory)

    def load_rdflib() -> Dataset:
        dataset = Dataset(default_union=False)  # default graph: see add_ontology
        dataset.parse(path, format="nquads")
        return dataset

    result.load_rdflib_s, reference = timed(load_rdflib)
    add_ontology(reference)
    return store, reference


def add_ontology(reference: Dataset) -> None:
    """Load the bundled ontology files into rdflib's ontology graph (as the store holds them).

    Then give rdflib the query layer's default graph: a copy of facts, evidence, ontology and
    inferences (``engines.with_text_default_graph``, decision 0073), the graphs Oxigraph's
    queries see by default, so the linkset and external data stay out of both.
    """
    from cica_kg import resources

    for name in ("cica.ttl", "concepts.ttl"):
        reference.graph(iris.ONTOLOGY_GRAPH).parse(resources.ontology_file(name), format="turtle")
    try:
        from cica_kg.query.engines import with_text_default_graph
    except ImportError:
        return
    with_text_default_graph(reference)


def time_queries(
    store: Any, reference: Dataset, *, before: dict[str, str] | None = None,
    only: set[str] | None = None,
) -> list[QueryTiming]:  # fmt: skip
    """Median time of every shipped query on Oxigraph and on rdflib, results compared.

    ``before`` maps a query id to an earlier text of it (:func:`read_before`): that text is
    timed on both engines too and its rows compared with the shipped text's, order included.
    ``only``: the ids of the queries to time (default all).
    """
    try:
        from cica_kg.query import catalog
    except ImportError:
        return []
    before = before or {}
    queries = [q for q in catalog.shipped() if only is None or q.id in only]
    return [_time_query(store, reference, q, before.get(q.id)) for q in queries]


def options_for(query: Any) -> Any:
    """The query layer's engine options for ``query`` with its example parameters."""
    from cica_kg.query import entities, params, safety
    from cica_kg.query.options import EngineOptions

    tokens = safety.tokenize(query.text)
    form = safety.query_form(tokens, where=query.source)
    bindings = params.bind(
        query.params, query.examples, query=query.name, prefixes=safety.prefixes(tokens)
    )
    return EngineOptions(
        form=form, bindings=bindings, entity_param=entities.entity_param(query.params)
    )


def _time_query(store: Any, reference: Dataset, query: Any, before: str | None) -> QueryTiming:
    from cica_kg.query import engines

    options = options_for(query)

    def on_ox(text: str = query.text) -> Any:
        return engines.run_oxigraph(store, text, options=options)

    def on_rdflib(text: str = query.text) -> Any:
        return engines.run_rdflib(reference, text, options=options)

    ox_result, rdf_result = on_ox(), on_rdflib()
    ox_ms, ox_cpu_ms = median_wall_cpu_ms(on_ox)
    rdf_ms, rdf_cpu_ms = median_wall_cpu_ms(on_rdflib)
    timing = QueryTiming(
        name=query.name, rows=len(ox_result.rows) + len(ox_result.triples),
        oxigraph_ms=ox_ms, rdflib_ms=rdf_ms, identical=same_rows(ox_result, rdf_result),
        oxigraph_cpu_ms=ox_cpu_ms, rdflib_cpu_ms=rdf_cpu_ms,
    )  # fmt: skip
    if before is None:
        return timing
    old = on_ox(before)
    same = (old.rows, old.triples, old.boolean) == (
        ox_result.rows, ox_result.triples, ox_result.boolean
    )
    return replace(
        timing, before_ms=median_wall_cpu_ms(lambda: on_ox(before))[1],
        before_rdflib_ms=median_wall_cpu_ms(lambda: on_rdflib(before))[1],
        same_as_before="yes" if same else "NO",
    )  # fmt: skip


def read_before(directory: Path) -> dict[str, str]:
    """Earlier texts of shipped queries: ``cqNN*.rq`` files of ``directory`` by query id."""
    from cica_kg.query import catalog

    texts = {}
    for path in sorted(directory.glob("cq*.rq")):
        query = catalog.read_query(path)
        texts[query.id or path.stem.split("-")[0]] = query.text
    return texts


def same_rows(a: Any, b: Any) -> str:
    """``yes`` for the same answer regardless of row order (ORDER BY ties may differ),
    ``values`` when only integer subtypes differ (Oxigraph reads ``"26"^^xsd:nonNegativeInteger``
    back as ``xsd:integer``), else ``NO``."""
    for normalise in (repr, _integer_normal):
        if (
            a.boolean == b.boolean
            and sorted(map(normalise, a.rows)) == sorted(map(normalise, b.rows))
            and sorted(map(normalise, a.triples)) == sorted(map(normalise, b.triples))
        ):
            return "yes" if normalise is repr else "values"
    return "NO"


def _integer_normal(row: Any) -> str:
    return repr(
        tuple(
            replace(t, datatype=_XSD_INTEGER) if t is not None and t.datatype in _INTEGERS else t
            for t in row
        )
    )


def time_shacl(dataset: Dataset, result: TierResult) -> None:
    """Validate facts + evidence against ``ontology/shapes.ttl``, timed."""
    from cica_kg import validate

    seconds, outcome = timed(lambda: validate.validate(dataset))
    result.shacl_s = seconds
    result.shacl_conforms = outcome.conforms


def time_export(dataset: Dataset, result: TierResult) -> None:
    """Serialise the facts graph as deterministic Turtle (what ``cica-kg export`` does)."""
    from cica_kg.build.formats import export

    result.export_s, _ = timed(lambda: export(dataset, fmt="turtle", graph="facts"))


def extraction_rate(count: int, *, seed: int) -> tuple[int, float, int]:
    """(articles, articles per second, statements) for ingest + extract of synthetic articles."""
    from cica_kg.bench.generator import generate_worlds
    from cica_kg.extract import extract
    from cica_kg.ingest.files import load_documents

    corpus = generate_worlds(count, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        for document in corpus.documents:  # each text opens with its title and byline lines
            (Path(tmp) / f"{document.doc_id}.txt").write_text(document.text, "utf-8")
        extract(load_documents([Path(tmp) / f"{corpus.documents[0].doc_id}.txt"]))  # warm-up
        seconds, statements = timed(lambda: extract(load_documents([Path(tmp)])))
    return count, count / seconds, len(statements)


@dataclass(frozen=True)
class CorpusRate:
    """Extraction alone on a real corpus (model loaded), one process and several.

    ``first_s`` is the first extraction of the process (it loads jieba's dictionary, the
    place names and OpenCC); the medians are of the runs after it. ``identical``: the
    worker processes gave the same statements, in the same order, as one process.
    """

    articles: int
    characters: int
    statements: int
    first_s: float
    serial_s: float
    parallel_s: float
    workers: int
    identical: bool
    build_s: float | None = None  # whole-process `cica-kg build` of the corpus as one

    @property
    def serial_rate(self) -> float:
        """Articles per second in one process."""
        return self.articles / self.serial_s

    @property
    def parallel_rate(self) -> float:
        """Articles per second with :attr:`workers` processes."""
        return self.articles / self.parallel_s


def corpus_rate(sources: list[Path], *, runs: int = 3) -> CorpusRate:
    """Time ingest + extract of the articles in ``sources``: medians of ``runs`` runs."""
    from cica_kg.extract import extract, parallel
    from cica_kg.extract.nlp import english
    from cica_kg.ingest.files import load_documents

    english()
    documents = load_documents(sources)
    first_s, serial = timed(lambda: extract(load_documents(sources), workers=1))
    workers = max(2, parallel.cores())
    serial_runs, parallel_runs = [], []
    for _ in range(runs):
        serial_runs.append(timed(lambda: extract(load_documents(sources), workers=1))[0])
        seconds, shared = timed(lambda: extract(load_documents(sources), workers=workers))
        parallel_runs.append(seconds)
    return CorpusRate(
        articles=len(documents), characters=sum(len(d.text) for d in documents),
        statements=len(serial), first_s=first_s, serial_s=statistics.median(serial_runs),
        parallel_s=statistics.median(parallel_runs), workers=workers, identical=shared == serial,
    )  # fmt: skip


def corpus_build_s(sources: list[Path], workdir: Path, *, runs: int = 1) -> float:
    """Median wall time of ``cica-kg build SOURCES`` as a new process (imports included)."""
    import subprocess
    import sys

    out = workdir / "corpus-build"
    command = [sys.executable, "-m", "cica_kg", "build", *map(str, sources), "--out", str(out)]
    seconds = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):  # 1: built, but not conforming to the shapes
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return statistics.median(seconds)
