"""Whole builds at corpus scale: wall and CPU time, peak memory and each stage's cost.

For each size, writes a synthetic corpus (``cica_kg.bench.generator.write_corpus``), then
runs, each in a fresh process: a clean build (``--no-cache``), a build that fills the
extraction cache, a rebuild after one article changed (only it is extracted) and checks the
last one's files are byte-identical to a clean build's of the changed corpus. Prints one
table row per build, that clean build's included (decision 0113). Runs on a quiet machine
later as it runs now:

    python tools/corpus_scale.py --sizes 100 1000          # about 10 minutes on 2 busy cores
    python tools/corpus_scale.py --sizes 10000 --modes cached changed
    python tools/corpus_scale.py --dev                     # the 30 development articles
    python tools/corpus_scale.py --sizes 100 1000 --modes clean --stream   # streamed builds

``--one CORPUS OUT [--no-cache]`` is the measured child: it builds and prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "dev-corpus"
STAGES = ("ingest", "extract", "identity", "build", "validate", "link", "write", "store")
OUTPUTS = ("cica.ttl", "cica.trig", "linkset.trig", "void.ttl", "validation.txt")
MODES = ("clean", "cached", "changed")


def one(
    corpus: list[Path], out: Path, *, cache: bool, stream: bool | None = None
) -> dict[str, Any]:
    """Build ``corpus`` into ``out`` in this process (``stream``: the streamed build, None:
    the build's own choice); the figures of the run."""
    from cica_kg.cli.progress import Bar
    from cica_kg.pipeline import run_build

    start = time.perf_counter()
    bar = Bar(sys.stderr)
    stage, cpu_stages = _stage_logger(start)

    try:
        result = run_build(
            corpus, out_dir=out, cache=cache, count=bar, progress=stage, stream=stream
        )
    finally:
        bar.close()
    wall = time.perf_counter() - start
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
    return {
        "documents": result.documents, "extracted": result.extracted, "triples": result.triples,
        "wall": wall, "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "rss_mb": own.ru_maxrss / 1024, "worker_rss_mb": children.ru_maxrss / 1024,
        "stages": dict(result.timings), "cpu_stages": cpu_stages,
    }  # fmt: skip


def _stage_logger(start: float) -> tuple[Callable[[str], None], dict[str, float]]:
    """A function printing each stage line with elapsed time, peak RSS and the CPU since the
    last line, and the dict it fills with each stage's CPU seconds."""
    cpu_stages: dict[str, float] = {}
    last = [_cpu()]

    def stage(line: str) -> None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        now = _cpu()
        cpu_stages[line.split(":", 1)[0]] = now - last[0]
        print(f"  {time.perf_counter() - start:7.1f}s {rss:5d} MB  CPU {now - last[0]:7.1f}s  "
              f"{line}", file=sys.stderr, flush=True)  # fmt: skip
        last[0] = now

    return stage, cpu_stages


def one_generated(size: int, out: Path) -> dict[str, Any]:
    """The streamed build's stages after extraction (identity → validate) on the benchmark
    generator's own statements for ``size`` articles (not the extractor's: about 4,400
    triples an article instead of 6,000), for a size whose extraction does not fit the time."""
    from cica_kg.bench.generator import generate_worlds
    from cica_kg.identity import resolve
    from cica_kg.pipeline import LinkOptions
    from cica_kg.pipeline.notices import Timer
    from cica_kg.pipeline.streamed import finish_streamed

    start = time.perf_counter()
    corpus = generate_worlds(size)
    stage, cpu_stages = _stage_logger(start)

    stage(f"generate: {len(corpus.documents)} documents, {len(corpus.statements)} statements")
    timer = Timer()
    with timer("identity"):
        statements = resolve(list(corpus.statements))
    stage(f"identity: {len(statements)} statements")
    done = finish_streamed(statements, corpus.documents, out_dir=out,
                           options=LinkOptions(), timer=timer, notify=stage,
                           meter=lambda _stage, _done, _total: None)  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "documents": size, "extracted": 0, "triples": done.facts,
        "wall": time.perf_counter() - start, "cpu": own.ru_utime + own.ru_stime,
        "rss_mb": own.ru_maxrss / 1024, "worker_rss_mb": 0.0,
        "stages": dict(timer.timings()), "cpu_stages": cpu_stages,
    }  # fmt: skip


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its finished workers so far."""
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_extract(corpus: list[Path], out: Path, *, cache: bool) -> dict[str, Any]:
    """Ingest and extract only (the stages the cache changes), cache in ``out``; the figures
    and a digest of the statements (equal digests: equal statement lists)."""
    import hashlib

    from cica_kg.cli.progress import Bar
    from cica_kg.extract.cache import ExtractionCache
    from cica_kg.extract.incremental import extract_cached
    from cica_kg.ingest import load_documents

    start = time.perf_counter()
    documents = load_documents(corpus)
    bar = Bar(sys.stderr)
    store = ExtractionCache(out / "cache" / "extract") if cache else None
    total = len(documents)
    result = extract_cached(documents, cache=store, tick=lambda done: bar(done, total))
    bar.close()
    wall = time.perf_counter() - start
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))  # fmt: skip
    digest = hashlib.sha256(repr(result.statements).encode()).hexdigest()
    return {
        "documents": total, "extracted": result.extracted, "triples": len(result.statements),
        "wall": wall, "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "rss_mb": own.ru_maxrss / 1024, "worker_rss_mb": children.ru_maxrss / 1024,
        "stages": {"extract": wall}, "digest": digest,
    }  # fmt: skip


def measure(
    corpus: list[Path], out: Path, *, cache: bool, extract_only: bool = False,
    stream: bool | None = None,
) -> dict[str, Any]:  # fmt: skip
    """:func:`one` in a fresh process (model loading, imports and memory all counted)."""
    flag = "--one-extract" if extract_only else "--one"
    command = [sys.executable, __file__, flag, str(out), *map(str, corpus)]
    command += [] if cache else ["--no-cache"]
    command += {True: ["--stream"], False: ["--no-stream"], None: []}[stream]
    start = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process"] = time.perf_counter() - start
    return figures


def change_one(corpus: Path) -> Path:
    """Append a sentence to the middle article of ``corpus``; that article."""
    articles = sorted(corpus.rglob("*.txt"))
    article = articles[len(articles) // 2]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.rstrip("\n") + " The summit was held in Astana in 2022.\n", "utf-8")
    return article


def same_files(a: Path, b: Path) -> bool:
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in OUTPUTS)


def run_size(
    label: str, corpus: Path, work: Path, modes: list[str], *, extract_only: bool = False,
    stream: bool | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The builds of one corpus: clean, cache filled, all cached, one article changed (checked
    against a clean build of the changed corpus); see the module."""
    rows = []
    sources = sorted({path.parent for path in corpus.rglob("*.txt")})
    label += " (extract only)" if extract_only else ""

    def run(mode: str, out: str, *, cache: bool) -> dict[str, Any]:
        figures = measure(sources, work / out, cache=cache, extract_only=extract_only,
                          stream=stream)  # fmt: skip
        rows.append({"corpus": label, "mode": mode, **figures})
        return figures

    if "clean" in modes:
        run("clean", "clean", cache=False)
    if "cached" in modes or "changed" in modes:
        run("fill cache", "incr", cache=True)
        run("all cached", "incr", cache=True)
    if "changed" in modes:
        change_one(corpus)
        changed = run("1 changed", "incr", cache=True)
        shutil.rmtree(work / "check", ignore_errors=True)
        check = measure(sources, work / "check", cache=False, extract_only=extract_only,
                        stream=stream)  # fmt: skip
        same = (changed["digest"] == check["digest"]) if extract_only else None
        rows[-1]["identical"] = same_files(work / "incr", work / "check") if same is None else same
        rows.append({"corpus": label, "mode": "clean (changed corpus)", **check})
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The figures as a Markdown table."""
    head = ["corpus", "mode", "extracted", "fact triples (extract only: statements)",
            "process s", "CPU s", "articles/s", "RSS MB", "worker RSS MB", *STAGES,
            "identical"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row["corpus"], row["mode"], str(row["extracted"]), str(row["triples"]),
                 f"{row['process']:.1f}", f"{row['cpu']:.1f}",
                 f"{row['documents'] / row['process']:.1f}", f"{row['rss_mb']:.0f}",
                 f"{row['worker_rss_mb']:.0f}",
                 *(f"{row['stages'].get(s, 0.0):.2f}" for s in STAGES),
                 {True: "yes", False: "NO"}.get(row.get("identical"), "")]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--dev", action="store_true", help="also the 30 development articles")
    parser.add_argument("--modes", nargs="*", choices=MODES, default=list(MODES))
    parser.add_argument("--work", type=Path, help="where corpora and builds go (default: temp)")
    parser.add_argument(
        "--extract-only",
        type=int,
        nargs="*",
        default=[],
        metavar="SIZE",
        help="sizes measured for ingest and extraction only (the cache's part)",
    )
    parser.add_argument("--one", nargs="+", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--one-extract", nargs="+", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--one-generated",
        nargs=2,
        metavar=("SIZE", "OUT"),
        help="the streamed stages after extraction on the generator's "
        "statements for SIZE articles, into OUT (one JSON line)",
    )
    parser.add_argument(
        "--stream",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="streamed builds (--no-stream: in memory; default: the build's "
        "own choice, decision 0139)",
    )
    args = parser.parse_args(argv)
    if args.one:
        out, *corpus = map(Path, args.one)
        print(json.dumps(one(corpus, out, cache=not args.no_cache, stream=args.stream)))
        return 0
    if args.one_generated:
        size, out = args.one_generated
        print(json.dumps(one_generated(int(size), Path(out))))
        return 0
    if args.one_extract:
        out, *corpus = map(Path, args.one_extract)
        print(json.dumps(one_extract(corpus, out, cache=not args.no_cache)))
        return 0
    from cica_kg.bench.generator import write_corpus

    work = args.work or Path(tempfile.mkdtemp(prefix="cica-kg-scale-"))
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs; work in {work}",
          file=sys.stderr)  # fmt: skip
    rows: list[dict[str, Any]] = []
    if args.dev:
        corpus = work / "dev" / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(DEV, corpus, ignore=shutil.ignore_patterns("*.py", "*.md", "*.json"))
        rows += run_size("dev 30", corpus, work / "dev", args.modes)
    for size in args.sizes:
        corpus = work / str(size) / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, size)
        rows += run_size(
            f"synthetic {size}", corpus, work / str(size), args.modes, stream=args.stream
        )
        print(table(rows), file=sys.stderr, flush=True)
    for size in args.extract_only:
        corpus = work / f"x{size}" / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, size)
        rows += run_size(f"synthetic {size}", corpus, work / f"x{size}", args.modes,
                         extract_only=True)  # fmt: skip
        print(table(rows), file=sys.stderr, flush=True)
    print(table(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
