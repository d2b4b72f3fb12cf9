"""Peak memory and time of the streamed validation alone (decision 0149), on the first N
articles of a corpus (extracted once into a cache) or the benchmark generator's statements
for N articles, each variant in a fresh process.

    python tools/profile_validate_stream.py --sizes 300 1000 --corpus DIR --cache DIR

Variants: ``memory`` (the SPARQL constraints' store in memory, one report graph for every
result: the validation before 0149) and ``disk`` (that store on disk in a temporary
directory, the results made into findings a chunk at a time). A row gives the process's peak
RSS before validation (the facts graph and evidence records) and after it, the validation's
CPU and wall seconds, and a digest of the findings (equal digests: equal findings).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VARIANTS = ("memory", "disk")


def one(size: int, variant: str, corpus: Path | None, cache: Path) -> dict[str, Any]:
    """Build ``size`` articles' streamed graph, then validate it as ``variant``."""
    from cica_kg.build.stream import stream_graph
    from cica_kg.identity import resolve
    from cica_kg.validate import stream

    documents, statements = _statements(size, corpus, cache)
    graph = stream_graph(resolve(statements), documents)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if variant == "memory":
        stream.FINDINGS_CHUNK = sys.maxsize
    cpu, wall = time.process_time(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="validate-profile-") as scratch:
        result = stream.validate_streamed(
            graph.dataset, graph.evidence_batches(), facts=graph.evidence,
            scratch=Path(scratch) if variant == "disk" else None,
        )  # fmt: skip
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    digest = hashlib.sha256(repr(result.findings).encode("utf-8")).hexdigest()[:12]
    return {
        "size": size, "variant": variant, "facts": graph.facts,
        "findings": len(result.findings), "rss_before": before,
        "rss_peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu": cpu, "wall": wall, "digest": digest,
    }  # fmt: skip


def _statements(size: int, corpus: Path | None, cache: Path) -> tuple[list[Any], list[Any]]:
    """The first ``size`` articles of ``corpus`` and their statements (extracted through the
    cache in ``cache``), or the generator's documents and statements without ``corpus``."""
    if corpus is None:
        from cica_kg.bench.generator import generate_worlds

        worlds = generate_worlds(size)
        return list(worlds.documents), list(worlds.statements)
    from cica_kg.extract.cache import ExtractionCache
    from cica_kg.extract.incremental import extract_cached
    from cica_kg.ingest import load_documents

    documents = load_documents(sorted(corpus.glob("*.txt"))[:size])
    extraction = extract_cached(documents, cache=ExtractionCache(cache), tick=None,
                                meanwhile=lambda: None)  # fmt: skip
    return list(documents), list(extraction.statements)


def main(argv: list[str] | None = None) -> int:
    """Print the table of every size and variant."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300])
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--corpus", type=Path, help="articles (*.txt; default: the generator)")
    parser.add_argument("--cache", type=Path, default=Path("build/profile-validate-cache"),
                        help="extraction cache for --corpus (default: %(default)s)")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "VARIANT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args.corpus, args.cache)))
        return 0
    print("| articles | variant | facts | findings | RSS before MB | peak RSS MB | validate CPU s "
          "| wall s | findings digest |\n|---:|---|---:|---:|---:|---:|---:|---:|---|")  # fmt: skip
    for size in args.sizes:
        for variant in args.variants:
            command = [sys.executable, __file__, "--one", str(size), variant, "--cache",
                       str(args.cache), *(["--corpus", str(args.corpus)] if args.corpus else [])]
            row = json.loads(subprocess.run(command, check=True, capture_output=True,
                                            text=True).stdout)  # fmt: skip
            print(f"| {row['size']} | {row['variant']} | {row['facts']:,} | {row['findings']:,} "
                  f"| {row['rss_before']:,.0f} | {row['rss_peak']:,.0f} | {row['cpu']:.1f} "
                  f"| {row['wall']:.1f} | {row['digest']} |", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
