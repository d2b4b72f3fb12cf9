"""``cica-kg graph``: paths between entities, centrality, exports and a picture (networkx).

Reads the built TriG (``build/cica.trig``); never re-runs extraction.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_out_dir, add_parser, add_timeout, read_graph, write_stdout
from cica_kg.errors import ResourceError
from cica_kg.text.display import table_lines

_LANGS = ("en", "zh")


def register(subparsers: Any) -> None:
    """Add the ``graph`` subcommand and its actions (path, rank, export, png)."""
    parser = add_parser(
        subparsers, "graph",
        summary="Explore the entity graph: paths between entities, centrality, exports, a PNG.",
        example='cica-kg graph path "Xi Jinping" Almaty',
    )  # fmt: skip
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    path = _action(actions, "path", "How two entities are connected (shortest paths, with quotes).",
                   'cica-kg graph path "Nursultan Nazarbayev" 习近平')  # fmt: skip
    path.add_argument("a", help="an entity's name (English or Chinese)")
    path.add_argument("b", help="another entity's name")
    path.add_argument("--limit", type=int, default=3, help="at most this many paths (default 3)")
    path.set_defaults(func=handle_path)
    rank = _action(actions, "rank", "The most central entities: degree, PageRank, betweenness.",
                   "cica-kg graph rank --top 10")  # fmt: skip
    rank.add_argument("--top", type=int, default=15, help="rows to show (default 15)")
    rank.set_defaults(func=handle_rank)
    export = _action(actions, "export", "Write the entity graph for Gephi or Cytoscape.",
                     "cica-kg graph export --format graphml -o build/entities.graphml")  # fmt: skip
    export.add_argument("--format", choices=("graphml", "gexf", "json"), default="graphml",
                        help="graphml (default), gexf, or node-link json")  # fmt: skip
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    export.add_argument("--png", type=Path, metavar="FILE", help="also draw the graph to FILE")
    export.set_defaults(func=handle_export)
    png = _action(actions, "png", "Draw the entity graph as a PNG with readable labels.",
                  "cica-kg graph png build/entities-zh.png --lang zh")  # fmt: skip
    png.add_argument("file", type=Path, metavar="FILE", help="the PNG to write")
    png.set_defaults(func=handle_png)


def _action(actions: Any, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    parser = add_parser(actions, name, summary=summary, example=example)
    parser.add_argument("--graph", type=Path, metavar="FILE",
                        help="TriG file to read (default: DIR/cica.trig)")  # fmt: skip
    add_out_dir(parser, "build directory to read (default: build)")
    parser.add_argument("--lang", choices=_LANGS, default="en", help="label language")
    add_timeout(parser, "reading the graph")
    return parser


def _load(args: argparse.Namespace) -> Any:
    from cica_kg.analytics import entity_graph, read_dataset

    def read(path: Path) -> Any:
        return entity_graph(read_dataset(path))

    return read_graph(args, read)


def handle_path(args: argparse.Namespace) -> int:
    """Print each shortest path hop by hop, with the quotes that state each fact."""
    from cica_kg.analytics import label, shortest_paths

    graph = _load(args)
    paths = shortest_paths(graph, args.a, args.b, limit=args.limit)
    if not paths:
        print(f"no path between {args.a!r} and {args.b!r}")
        return 1
    for number, hops in enumerate(paths, start=1):
        print(f"path {number} of {len(paths)} ({len(hops)} hops)")
        for hop in hops:
            left, right = label(graph, hop.source, args.lang), label(graph, hop.target, args.lang)
            arrow = f"--{hop.predicate}-->" if hop.forward else f"<--{hop.predicate}--"
            print(f"  {left} {arrow} {right}")
            quotes = (("en", hop.quote_en), ("zh", hop.quote_zh))
            for lang, quote in sorted(quotes, key=lambda q: q[0] != args.lang):  # --lang first
                if quote:
                    print(f"      {lang}: “{quote}”")
    return 0


def handle_rank(args: argparse.Namespace) -> int:
    """Print the centrality table."""
    from cica_kg.analytics import rank

    rows = rank(_load(args), top=args.top)
    table = [("#", "entity", "class", "degree", "pagerank", "betweenness")]
    for number, row in enumerate(rows, start=1):
        name = (row.label_zh or row.label_en) if args.lang == "zh" else row.label_en
        table.append((str(number), name, row.kind, str(row.degree), f"{row.pagerank:.4f}",
                      f"{row.betweenness:.4f}"))  # fmt: skip
    print("".join(line + "\n" for line in table_lines(table, right=(3, 4, 5))), end="")
    return 0


def handle_export(args: argparse.Namespace) -> int:
    """Write the export to a file (atomically) or stdout; optionally draw the PNG too."""
    from cica_kg.analytics import export_graph, write_export
    from cica_kg.analytics.drawing import draw_png

    if args.png:
        need_drawing()  # before any work: a missing extra is said at once
    graph = _load(args)
    if args.output:
        write_export(graph, args.output, fmt=args.format)
    else:
        write_stdout(export_graph(graph, fmt=args.format).encode("utf-8"))
    if args.png:
        draw_png(graph, args.png, lang=args.lang)
    return 0


def handle_png(args: argparse.Namespace) -> int:
    """Draw the picture."""
    from cica_kg.analytics.drawing import draw_png

    need_drawing()
    draw_png(_load(args), args.file, lang=args.lang)
    return 0


def need_drawing() -> None:
    """Check matplotlib is installed (the ``graph`` extra, decision 0108).

    Raises:
        ResourceError: it is not, with the command that installs it.
    """
    from importlib.util import find_spec

    if find_spec("matplotlib") is None:
        raise ResourceError(
            "drawing needs matplotlib, which the slim install leaves out; "
            "run `pip install 'cica-kg[graph]'` (or `make test`, which installs it)"
        )
