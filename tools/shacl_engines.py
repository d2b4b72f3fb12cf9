"""Compare SHACL engines on built graphs: time (wall and CPU) and findings, against pySHACL.

    python tools/shacl_engines.py build/cica.trig /tmp/bench/synthetic-100000.nq
    python tools/shacl_engines.py --fixtures          # the cases of tests/data/shapes/

Engines: ``pyshacl`` (what ``cica-kg validate`` runs, the reference), ``shacl`` (the Rust
package of that name, whole shapes file) and ``shacl-core`` (the same, the shapes less their
SPARQL constraints and SPARQL-based components: the part a hybrid would hand to it). Each
engine's findings are reduced to (focus node, shape, severity) and compared with pySHACL's
(for ``shacl-core``: with pySHACL's findings of SHACL Core components). Prints a Markdown
table (decision 0115). ``--engines`` picks engines; ``--skip-pyshacl-above N`` skips the
reference on larger graphs (it runs at a few thousand triples/s).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rdflib import RDF, SH, Dataset, Graph

Key = tuple[str, str, str]  # focus node, shape, severity
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
               str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1])  # fmt: skip
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


def compare(label: str, data: Dataset | Graph, engines: list[str], *, reference: bool) -> list[str]:
    """One table row per engine on ``data``, with the cross-check against pySHACL."""
    triples = len(_working(data))
    rows, expected, core_expected = [], None, None
    if reference:
        wall, cpu, both = _timed(lambda: set(run_pyshacl(data)))
        expected = {key for key, _sparql in both}
        core_expected = {key for key, sparql in both if not sparql}
        rows.append(_row(label, "pyshacl", triples, wall, cpu, expected, "reference"))
    for engine in engines:
        core = engine == "shacl-core"
        wall, cpu, found = _timed(lambda core=core: run_rust(data, core=core))
        wanted = core_expected if core else expected
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graphs", nargs="*", type=Path, help="built .trig or .nq files")
    parser.add_argument("--fixtures", action="store_true", help="the shape test cases")
    parser.add_argument("--engines", default="shacl,shacl-core")
    parser.add_argument("--skip-pyshacl-above", type=int, default=200_000, metavar="N")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    print("| graph | engine | triples | wall s | CPU s | findings | same as pySHACL |")
    print("|---|---|---:|---:|---:|---:|---|")
    for path in args.graphs:
        data = _load(path)
        for row in compare(
            path.name, data, engines, reference=len(data) <= args.skip_pyshacl_above
        ):
            print(row, flush=True)
    if args.fixtures:
        for name, graph in _fixture_graphs():
            for row in compare(name, graph, engines, reference=True):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
