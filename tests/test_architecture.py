"""The import graph of ``src/cica_kg``: stages import only earlier stages, and nothing cycles.

Every import counts, at module level or inside a function (``import x`` in a function is
still a dependency; only the time it is paid changes). The stage order is the data flow of
``docs/architecture.md``; a new back-edge or cycle fails here with the offending import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "cica_kg"

LAYERS: tuple[tuple[str, ...], ...] = (
    # the shared vocabulary: records, errors, IRIs, namespaces, files, HTTP
    ("errors", "prefixes", "graphs", "resources", "iris", "namespace", "kinds", "model", "files",
     "httpclient", "outputs", "worker", "background", "rdfinput", "qnames", "lazy"),
    ("text",),
    ("ingest",),
    ("extract",),
    ("identity",),
    ("build",),
    ("link",),
    ("validate",),
    ("store",),
    ("query",),
    ("analytics",),
    ("serve",),
    ("push",),
    ("pipeline",),
    ("cli", "bench"),
    ("__main__",),
)  # fmt: skip
"""Top-level modules and packages of ``cica_kg``, lowest first: a module may import from its
own layer's foundation modules, its own package, or a lower layer, never a higher one."""

RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted((SRC / PACKAGE).rglob("*.py"))}


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterator[str]:
    """The project modules an import statement names (``from pkg import mod`` names ``pkg.mod``)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names if alias.name.split(".")[0] == PACKAGE)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            anchor = module.split(".") if is_package else module.split(".")[:-1]
            anchor = anchor[: len(anchor) - node.level + 1]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        if base.split(".")[0] != PACKAGE:
            return
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            yield candidate if candidate in known else base


def import_graph() -> nx.DiGraph:
    """Module → imported module, one edge per import found anywhere in the module."""
    modules = _modules()
    graph = nx.DiGraph()
    for module, path in modules.items():
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in _imported(node, module, path.name == "__init__.py", set(modules)):
                if target != module and target in modules:
                    graph.add_edge(module, target, line=getattr(node, "lineno", 0))
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else PACKAGE


def test_every_top_level_module_has_a_layer() -> None:
    top = {_layer(module) for module in _modules()} - {PACKAGE}
    assert top <= set(RANK), f"add to LAYERS in {__file__}: {sorted(top - set(RANK))}"


def test_no_import_runs_back_up_the_pipeline() -> None:
    back_edges = []
    for source, target, data in import_graph().edges(data=True):
        here, there = _layer(source), _layer(target)
        if there == PACKAGE or here == there:
            continue
        if RANK[there] > RANK[here] or (RANK[there] == RANK[here] and RANK[here] != 0):
            back_edges.append(f"{source} (line {data['line']}) imports {target}")
    assert not back_edges, "imports against the stage order:\n" + "\n".join(back_edges)


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    # a package's face (__init__) re-exports its modules; a module importing its own
    # package's face would cycle through it, so faces count like any other module
    cycles = [sorted(component) for component in nx.strongly_connected_components(graph)
              if len(component) > 1]  # fmt: skip
    assert not cycles, f"import cycles: {cycles}"


def test_the_check_sees_function_level_and_relative_imports() -> None:
    source = "def f():\n    from cica_kg.query.engines import run_rdflib\nfrom . import iris\n"
    tree = ast.parse(source)
    known = {"cica_kg.query.engines", "cica_kg.iris"}
    found = [t for node in ast.walk(tree) for t in _imported(node, "cica_kg.x", False, known)]
    assert sorted(found) == ["cica_kg.iris", "cica_kg.query.engines"]
