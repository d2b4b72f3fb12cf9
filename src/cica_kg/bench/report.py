"""Run the benchmark tiers and report: a Markdown table (stdout / file) and a PNG chart.

``python -m cica_kg.bench --sizes 1e4,1e5,1e6`` (``make bench``; ``BENCH_SIZES`` picks the
tiers). Targets from issue 3 are printed beside the figures; none is asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
from dataclasses import asdict, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from cica_kg.bench import measure
from cica_kg.bench.gold import DEV_CORPUS
from cica_kg.bench.measure import TierResult
from cica_kg.files import write_atomic

SHACL_MAX_TRIPLES = 50_000
"""pySHACL took 3.7 s at 20,000 triples here and grows fast; larger tiers skip it (--shacl-all)."""


def run(
    sizes: list[int], *, seed: int, workdir: Path, articles: int, shacl_all: bool = False,
    seed_trig: Path | None = None, before: Path | None = None, only: set[str] | None = None,
) -> tuple[list[TierResult], tuple[int, float, int] | None]:  # fmt: skip
    """Measure every tier of ``sizes`` and the extraction rate on ``articles`` synthetic
    articles."""
    workdir.mkdir(parents=True, exist_ok=True)
    base = measure.seed_dataset(seed_trig)
    earlier = measure.read_before(before) if before is not None else None
    tiers = []
    for size in sizes:
        _say(f"tier {size:,}: generate and build")
        result, dataset, path = measure.build_tier(size, seed=seed, base=base, workdir=workdir)
        _say(f"tier {size:,}: {result.triples:,} triples; load")
        store, reference = measure.load_both(path, result, workdir)
        _say(f"tier {size:,}: queries")
        result.queries = measure.time_queries(store, reference, before=earlier, only=only)
        if shacl_all or result.triples <= SHACL_MAX_TRIPLES:
            _say(f"tier {size:,}: SHACL")
            measure.time_shacl(dataset, result)
        measure.time_export(dataset, result)
        tiers.append(result)
        del store, reference, dataset
    rate = None
    if articles:
        _say(f"extraction: {articles} articles")
        rate = measure.extraction_rate(articles, seed=seed)
    return tiers, rate


def run_queries(
    nquads: Path, *, workdir: Path, before: Path | None = None, only: set[str] | None = None
) -> TierResult:
    """Load an N-Quads file written by an earlier run (``synthetic-N.nq``) into both engines
    and time the shipped queries on it: no generation, build, SHACL or export."""
    workdir.mkdir(parents=True, exist_ok=True)
    result = TierResult(label=nquads.name)
    _say(f"{nquads}: load")
    store, reference = measure.load_both(nquads, result, workdir)
    result.triples = len(store)
    _say(f"{nquads}: {result.triples:,} quads; queries")
    earlier = measure.read_before(before) if before is not None else None
    result.queries = measure.time_queries(store, reference, before=earlier, only=only)
    return result


def run_corpus(
    directory: Path, *, workdir: Path, runs: int, build_runs: int
) -> measure.CorpusRate | None:
    """Extraction rate and whole-build time on the development corpus (its ``en/`` and
    ``zh/`` articles), or None when there is no such directory (an installed wheel)."""
    sources = [d for d in (directory / "en", directory / "zh") if d.is_dir()]
    if not sources:
        _say(f"development corpus: no {directory}/en or /zh; skipped")
        return None
    _say(f"development corpus: extraction, {runs} runs")
    rate = measure.corpus_rate(sources, runs=runs)
    if build_runs:
        _say(f"development corpus: cica-kg build, {build_runs} runs")
        build_s = measure.corpus_build_s(sources, workdir, runs=build_runs)
        rate = replace(rate, build_s=build_s)
    return rate


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def machine() -> str:
    """CPU, cores, memory, Python and library versions, as one Markdown list."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(
        f"{name} {_version(name)}" for name in ("pyoxigraph", "rdflib", "pyshacl", "spacy")
    )
    return (
        f"- CPU: {cpu}, {os.cpu_count()} cores; RAM {memory:.0f} GiB\n"
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}\n"
        f"- {versions}\n"
    )


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def markdown(
    tiers: list[TierResult],
    rate: tuple[int, float, int] | None,
    corpus: measure.CorpusRate | None = None,
) -> str:
    """The benchmark tables in Markdown: one summary table, one query table per tier, and
    the development corpus's extraction table."""
    out = ["| tier | triples | synthetic articles | build (s) | load Oxigraph disk (s) | "
           "load Oxigraph memory (s) | load rdflib (s) | median query Oxigraph (ms) | "
           "median query rdflib (ms) | median ratio | slowest Oxigraph (ms) | same results | "
           "SHACL (s) | export Turtle (s) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"]  # fmt: skip
    for t in tiers:
        ox = statistics.median([q.oxigraph_ms for q in t.queries]) if t.queries else 0.0
        rd = statistics.median([q.rdflib_ms for q in t.queries]) if t.queries else 0.0
        ratio = statistics.median([q.ratio for q in t.queries]) if t.queries else 0.0
        same = f"{sum(q.identical != 'NO' for q in t.queries)}/{len(t.queries)}"
        shacl = "skipped" if t.shacl_s is None else f"{t.shacl_s:.2f}"
        slowest = max(t.queries, key=lambda q: q.oxigraph_ms, default=None)
        worst = f"{slowest.oxigraph_ms:.1f} ({slowest.name})" if slowest else "–"
        out.append(
            f"| {t.label} | {t.triples:,} | {t.articles:,} | {t.build_s:.2f} | "
            f"{t.load_oxigraph_s:.2f} | {t.load_oxigraph_memory_s:.2f} | {t.load_rdflib_s:.2f} | "
            f"{ox:.2f} | {rd:.2f} | {ratio:.1f}× | {worst} | {same} | {shacl} | {t.export_s:.2f} |"
        )
    if rate:
        count, per_second, statements = rate
        out += ["", f"Extraction (ingest + extract, real extractor): {count} synthetic articles, "
                f"{per_second:.2f} articles/s, {statements:,} statements."]  # fmt: skip
    if corpus:
        out += ["", *corpus_table(corpus)]
    for t in tiers:
        out += ["", f"Queries at {t.triples:,} triples (median of 3–25 runs):", "", *query_table(t)]
    return "\n".join(out) + "\n"


def query_table(tier: TierResult) -> list[str]:
    """One row per query: wall and CPU medians, the ratio, the cost per row of the answer on
    each engine, and, when earlier texts were timed (``--before``), their time and whether
    they gave the same rows in the same order."""
    before = any(q.same_as_before for q in tier.queries)
    head = (
        "| query | rows | Oxigraph (ms) | rdflib (ms) | ratio | Oxigraph CPU (ms) | "
        "rdflib CPU (ms) | CPU ratio | µs/row Oxigraph | µs/row rdflib | identical |"
    )
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    if before:
        head += " before: Oxigraph CPU (ms) | rdflib CPU (ms) | same rows |"
        rule += "---:|---:|---|"
    lines = [head, rule]
    for q in tier.queries:
        cpu = " | ".join(_ms(ms) for ms in (q.oxigraph_cpu_ms, q.rdflib_cpu_ms))
        cpu_ratio = "–" if q.cpu_ratio is None else f"{q.cpu_ratio:.1f}×"
        ox_row, rdf_row = q.us_per_row
        line = (f"| {q.name} | {q.rows} | {q.oxigraph_ms:.2f} | {q.rdflib_ms:.2f} | "
                f"{q.ratio:.1f}× | {cpu} | {cpu_ratio} | {ox_row:.1f} | {rdf_row:.1f} | "
                f"{q.identical} |")  # fmt: skip
        if before:
            old = " | ".join(_ms(ms) for ms in (q.before_ms, q.before_rdflib_ms))
            line += f" {old} | {q.same_as_before or '–'} |"
        lines.append(line)
    return lines


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def corpus_table(corpus: measure.CorpusRate) -> list[str]:
    """The development corpus's lines: extraction alone, one process and several, and the
    whole-process build of the corpus as one graph."""
    build = f"{corpus.build_s:.1f}" if corpus.build_s is not None else "not run"
    same = "yes" if corpus.identical else "NO"
    return [
        f"Development corpus: {corpus.articles} articles, {corpus.characters:,} characters, "
        f"{corpus.statements:,} statements (ingest + extract, model loaded; medians).",
        "",
        "| measure | seconds | articles/s |",
        "|---|---:|---:|",
        f"| first extraction in the process | {corpus.first_s:.2f} | "
        f"{corpus.articles / corpus.first_s:.1f} |",
        f"| extraction, 1 process | {corpus.serial_s:.2f} | {corpus.serial_rate:.1f} |",
        f"| extraction, {corpus.workers} processes (same statements: {same}) | "
        f"{corpus.parallel_s:.2f} | {corpus.parallel_rate:.1f} |",
        f"| `cica-kg build` of the corpus as one graph, whole process | {build} | |",
    ]


def chart(tiers: list[TierResult], path: Path) -> Path:
    """A PNG: load time per engine by size, and median query time per engine by size."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    sizes = [t.triples for t in tiers]
    figure, (left, right, bars) = plt.subplots(
        1, 3, figsize=(16, 4.4), dpi=110, gridspec_kw={"width_ratios": [1, 1, 1.6]}
    )
    left.plot(sizes, [t.load_oxigraph_s for t in tiers], "o-", label="Oxigraph on disk")
    left.plot(sizes, [t.load_oxigraph_memory_s for t in tiers], "^-", label="Oxigraph in memory")
    left.plot(sizes, [t.load_rdflib_s for t in tiers], "s-", label="rdflib (parse N-Quads)")
    left.set(title="Load time", xlabel="triples", ylabel="seconds", xscale="log", yscale="log")
    for engine, marker in (("oxigraph_ms", "o-"), ("rdflib_ms", "s-")):
        medians = [
            statistics.median([getattr(q, engine) for q in t.queries]) if t.queries else 0.0
            for t in tiers
        ]
        right.plot(sizes, medians, marker, label=engine.split("_")[0])
    right.set(title="Median shipped query", xlabel="triples", ylabel="ms", xscale="log",
              yscale="log")  # fmt: skip
    _query_bars(bars, tiers[-1])
    for axes in (left, right, bars):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    write_atomic(path, buffer.getvalue())
    return path


def _query_bars(axes: Any, tier: TierResult) -> None:
    """Per-query medians on both engines at the largest tier (log scale)."""
    names = [q.name for q in tier.queries]
    xs = range(len(names))
    axes.bar([x - 0.2 for x in xs], [q.oxigraph_ms for q in tier.queries], 0.4, label="oxigraph")
    axes.bar([x + 0.2 for x in xs], [q.rdflib_ms for q in tier.queries], 0.4, label="rdflib")
    axes.set_xticks(list(xs), names, rotation=60, fontsize=8)
    axes.set(title=f"Each query at {tier.triples:,} triples", ylabel="ms (median)", yscale="log")


def _size(text: str) -> int:
    """``"1e5"`` or ``"100000"`` or ``"100_000"`` → 100000."""
    try:
        return int(float(text.replace("_", "")))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use e.g. 1e4)") from None


def main(argv: list[str] | None = None) -> int:
    """Command line of ``python -m cica_kg.bench``."""
    parser = argparse.ArgumentParser(prog="python -m cica_kg.bench", description=__doc__)
    parser.add_argument("--sizes", default="0,1e4,1e5",
                        help="comma-separated triple counts (0: the seed graph alone)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=30, help="articles for extraction rate")
    parser.add_argument("--out", type=Path, default=Path("build/bench"), help="work directory")
    parser.add_argument("--seed-graph", type=Path, default=Path("build/cica.trig"),
                        help="built graph added to every tier (skipped when absent)")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="earlier texts of shipped queries (cqNN*.rq): timed and their "
                        "rows compared with the shipped ones'")
    parser.add_argument("--queries", metavar="IDS", help="only these shipped queries (cq06,cq09)")
    parser.add_argument("--nquads", type=Path, metavar="FILE",
                        help="time the queries on this N-Quads file of an earlier run instead "
                        "of generating tiers (no build, SHACL or export)")
    parser.add_argument("--shacl-all", action="store_true", help="validate every tier")
    parser.add_argument("--dev-corpus", type=Path, default=DEV_CORPUS,
                        help="development corpus (en/ and zh/ articles) for its extraction rate")
    parser.add_argument("--dev-runs", type=int, default=3,
                        help="extraction runs on the development corpus (0: skip it)")
    parser.add_argument("--dev-build-runs", type=int, default=1,
                        help="whole `cica-kg build` runs of the development corpus")
    args = parser.parse_args(argv)
    sizes = [_size(s) for s in args.sizes.replace(" ", ",").split(",") if s]
    only = set(args.queries.split(",")) if args.queries else None
    if args.nquads:
        tiers = [run_queries(args.nquads, workdir=args.out, before=args.before, only=only)]
        rate = None
    else:
        tiers, rate = run(
            sizes, seed=args.seed, workdir=args.out, articles=args.articles,
            shacl_all=args.shacl_all, seed_trig=args.seed_graph, before=args.before, only=only,
        )  # fmt: skip
    corpus = None
    if args.dev_runs:
        corpus = run_corpus(args.dev_corpus, workdir=args.out, runs=args.dev_runs,
                            build_runs=args.dev_build_runs)  # fmt: skip
    text = f"{machine()}\n{markdown(tiers, rate, corpus)}"
    print(text, end="")
    picture = chart(tiers, args.out / "bench.png")
    _say(f"chart written to {picture}")
    tables = json.dumps([asdict(t) for t in tiers], indent=1) + "\n"
    write_atomic(args.out / "bench.json", tables.encode("utf-8"))
    if args.markdown:
        write_atomic(args.markdown, text.encode("utf-8"))
    return 0
