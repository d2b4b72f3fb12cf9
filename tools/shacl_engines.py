"""Compare SHACL engines on built graphs: time (wall and CPU) and findings, against pySHACL.

    python tools/shacl_engines.py build/cica.trig /tmp/bench/synthetic-100000.nq
    python tools/shacl_engines.py --fixtures          # the cases of tests/data/shapes/
    python tools/shacl_engines.py --dev-corpus tests/data/dev-corpus   # 30 articles (0143)

Engines: ``pyshacl`` (the reference), ``fast`` (``cica-kg validate --engine fast``: the Rust
SHACL Core part plus each SPARQL constraint once over the graph in Oxigraph, decision 0117;
its findings keep the value: (focus node, shape, severity, value)), ``shacl`` (the Rust
package of that name, whole shapes file) and ``shacl-core`` (the same, the shapes less their
SPARQL constraints and SPARQL-based components: the part a hybrid would hand to it). Each
engine's findings are reduced to (focus node, shape, severity) and compared with pySHACL's
(for ``shacl-core``: with pySHACL's findings of SHACL Core components). Prints a Markdown
table (decision 0115). ``--engines`` picks engines; ``--skip-pyshacl-above N`` skips the
reference on larger graphs (it runs at a few thousand triples/s).

``--dev-corpus DIR`` builds the articles of ``DIR/en`` and ``DIR/zh`` as one graph and each
alone (as ``cica-kg build`` does, without linking) and compares every finding field by field
(:mod:`cica_kg.validate.crosscheck`): once from the graph in memory, once with the fast
engine reading the graph written as TriG (``cica-kg validate FILE``'s path).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from rdflib import RDF, SH, Dataset, Graph

Key = tuple[str, ...]  # focus node, shape, severity (and value, for ``fast``)
T = TypeVar("T")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(run: Callable[[], T]) -> tuple[float, float, T]:
    wall, cpu = time.perf_counter(), _cpu()
    found = run()
    return time.perf_counter() - wall, _cpu() - cpu, found


def _load(path: Path) -> Dataset:
    dataset = Dataset()
    dataset.parse(path, format="nquads" if path.suffix == ".nq" else "trig")
    return dataset


def _working(dataset: Dataset | Graph) -> Graph:
    """The graph pySHACL validates: the text graphs plus the ontology (as validate does)."""
    from cica_kg.resources import ontology_file
    from cica_kg.validate.shacl import SEPARATE_GRAPHS

    graph = Graph()
    if isinstance(dataset, Dataset):
        for context in dataset.graphs():
            if context.identifier not in SEPARATE_GRAPHS:
                graph += context
    else:
        graph += dataset
    for name in ("cica.ttl", "concepts.ttl"):
        graph.parse(ontology_file(name), format="turtle")
    return graph


def _shapes(*, core: bool) -> Graph:
    """The bundled shapes; ``core``: without SPARQL constraints and SPARQL-based components."""
    from cica_kg.resources import ontology_file

    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    if core:
        for subject, constraint in list(shapes.subject_objects(SH.sparql)):
            shapes.remove((subject, SH.sparql, constraint))
        for parameter in list(shapes.objects(None, SH.parameter)):
            for path in list(shapes.objects(parameter, SH.path)):
                shapes.remove((None, path, None))
    return shapes


def _is_sparql(component: str) -> bool:
    """A SPARQL constraint or a SPARQL-based component of the shapes (not SHACL Core)."""
    return component.endswith("#SPARQLConstraintComponent") or not component.startswith(str(SH))


def run_fast(data: Dataset | Graph | Path) -> set[Key]:
    """The fast engine's findings; a file is read by Oxigraph alone (no rdflib graph)."""
    from cica_kg.validate.fast import validate_fast

    text = _ntriples(data) if isinstance(data, Path) else _working(data).serialize(format="nt")
    return _keys(validate_fast(text, _shapes(core=False)), value=True)


def _ntriples(path: Path) -> str:
    """The text graphs of a built file plus the ontology as N-Triples, read by Oxigraph as
    ``cica-kg validate FILE`` reads them (terms as written; decision 0144)."""
    from cica_kg.rdfinput import rdf_format
    from cica_kg.validate.files import ontology_ntriples, read_file

    return ontology_ntriples() + read_file(path, fmt=rdf_format(path, default="trig")).ntriples


def _keys(report: Graph, *, value: bool) -> set[Key]:
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        key: Key = (str(report.value(result, SH.focusNode)),
                    str(report.value(result, SH.sourceShape)),
                    str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1])  # fmt: skip
        found.add((*key, str(report.value(result, SH.value))) if value else key)
    return found


def run_pyshacl(dataset: Dataset | Graph) -> set[tuple[Key, bool]]:
    """pySHACL's findings on what ``cica_kg.validate.validate`` checks, each with whether a
    SPARQL constraint or component found it."""
    from pyshacl import validate

    from cica_kg.validate.shacl import _union  # the graph class that caches parsed queries

    working = _union(_working(dataset))
    _conforms, report, _text = validate(working, shacl_graph=_shapes(core=False),
                                        inference="none", allow_warnings=True)  # fmt: skip
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = str(report.value(result, SH.sourceConstraintComponent))
        key = (str(report.value(result, SH.focusNode)), str(report.value(result, SH.sourceShape)),
               str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
               str(report.value(result, SH.value)))  # fmt: skip
        found.add((key, _is_sparql(component)))
    return found


def run_rust(dataset: Dataset | Graph, *, core: bool) -> set[Key]:
    import shacl  # the Rust validator from the package index

    text = _working(dataset).serialize(format="nt")
    compiled = shacl.Shapes.from_text(_shapes(core=core).serialize(format="nt"),
                                      format="ntriples")  # fmt: skip
    report = compiled.validate_text(text, format="ntriples", allow_warnings=True)
    return {(_iri(r.focus_node), _iri(r.root_shape), str(r.severity)) for r in report.results}


def _iri(term: Any) -> str:
    text = str(term)
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


def _fixture_graphs() -> list[tuple[str, Graph]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_validate import DATA, case_graph

    names = sorted(p.stem for p in DATA.glob("*-*.ttl"))
    return [("base", case_graph())] + [(name, case_graph(name)) for name in names]


def compare(label: str, data: Dataset | Graph | Path, engines: list[str], *,
            reference: bool) -> list[str]:  # fmt: skip
    """One table row per engine on ``data``, with the cross-check against pySHACL (a path:
    the fast engine alone, reading the file through Oxigraph)."""
    triples = len(_ntriples(data).splitlines()) if isinstance(data, Path) else len(_working(data))
    rows, expected, core_expected = [], None, None
    with_value: set[Key] | None = None
    if reference and not isinstance(data, Path):
        wall, cpu, both = _timed(lambda: set(run_pyshacl(data)))
        with_value = {key for key, _sparql in both}
        expected = {key[:3] for key in with_value}
        core_expected = {key[:3] for key, sparql in both if not sparql}
        rows.append(_row(label, "pyshacl", triples, wall, cpu, with_value, "reference"))
    for engine in engines:
        if isinstance(data, Path) and engine != "fast":
            continue
        core = engine == "shacl-core"
        if engine == "fast":
            wall, cpu, found = _timed(lambda: run_fast(data))
        else:
            graph = data  # a graph here: a path runs the fast engine alone
            wall, cpu, found = _timed(lambda core=core, g=graph: run_rust(g, core=core))  # type: ignore[misc]
        wanted = with_value if engine == "fast" else core_expected if core else expected
        if wanted is None:
            same = "not checked"
        else:
            same = "identical" if found == wanted else _difference(found, wanted)
        rows.append(_row(label, engine, triples, wall, cpu, found, same))
    return rows


def _difference(found: set[Key], wanted: set[Key]) -> str:
    extra, missing = sorted(found - wanted), sorted(wanted - found)
    return f"DIFFERENT: +{len(extra)} {extra[:2]} -{len(missing)} {missing[:2]}"


def _row(label: str, engine: str, triples: int, wall: float, cpu: float, found: set[Key],
         same: str) -> str:  # fmt: skip
    return f"| {label} | {engine} | {triples:,} | {wall:.2f} | {cpu:.2f} | {len(found)} | {same} |"


def built(paths: list[Path]) -> Dataset:
    """ingest → extract → identity → build of ``paths``, as ``cica-kg build`` runs them."""
    from cica_kg.build import build_dataset
    from cica_kg.extract import extract
    from cica_kg.identity import resolve
    from cica_kg.ingest import load_documents

    documents = load_documents(paths)
    return build_dataset(resolve(extract(documents)), documents)


def dev_corpus_rows(folder: Path, workdir: Path) -> Iterator[str]:
    """Cross-check rows of the development corpus: all articles as one graph, then each."""
    from cica_kg.validate.crosscheck import cross_check, pyshacl_reference

    articles = sorted(p for lang in ("en", "zh") for p in (folder / lang).glob("*.txt"))
    for label, paths in [(f"all {len(articles)} articles", articles),
                         *((p.stem, [p]) for p in articles)]:  # fmt: skip
        dataset = built(paths)
        written = workdir / f"{label.replace(' ', '-')}.trig"
        dataset.serialize(written, format="trig")
        reference = pyshacl_reference(dataset)
        yield cross_check(dataset, label=f"{label}, in memory", reference=reference).row()
        yield cross_check(dataset, label=f"{label}, from {written.name}", path=written,
                          reference=reference).row()  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", nargs="*", type=Path, help="built .trig or .nq files")
    parser.add_argument("--fixtures", action="store_true", help="the shape test cases")
    parser.add_argument("--engines", default="fast,shacl-core")
    parser.add_argument("--skip-pyshacl-above", type=int, default=200_000, metavar="N",
                        help="above about N triples: the fast engine alone, from the file")
    parser.add_argument("--dev-corpus", type=Path, metavar="DIR",
                        help="cross-check the development corpus (DIR/en, DIR/zh) only")
    args = parser.parse_args(argv)
    if args.dev_corpus:
        return _dev_corpus(args.dev_corpus)
    engines = [e for e in args.engines.split(",") if e]
    print("| graph | engine | triples | wall s | CPU s | findings | same as pySHACL |")
    print("|---|---|---:|---:|---:|---:|---|")
    for path in args.graphs:
        small = path.stat().st_size <= args.skip_pyshacl_above * 200  # about 200 bytes a quad
        data = _load(path) if small else path
        for row in compare(path.name, data, engines, reference=small):
            print(row, flush=True)
    if args.fixtures:
        for name, graph in _fixture_graphs():
            for row in compare(name, graph, engines, reference=True):
                print(row, flush=True)
    return 0


def _dev_corpus(folder: Path) -> int:
    import tempfile

    from cica_kg.validate.crosscheck import HEADER

    print(HEADER)
    with tempfile.TemporaryDirectory() as workdir:
        rows = list(map(print_row, dev_corpus_rows(folder, Path(workdir))))
    return 0 if all(" | equal |" in row for row in rows) else 1


def print_row(row: str) -> str:
    print(row, flush=True)
    return row


if __name__ == "__main__":
    raise SystemExit(main())
