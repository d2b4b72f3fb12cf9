"""``cica-kg link``: propose and decide links to Wikidata, DBpedia and GeoNames."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_out_dir, add_parser, warn

LINKSET_FILE = "linkset.trig"


def register(subparsers: Any) -> None:
    """Add the ``link`` subcommand."""
    parser = add_parser(
        subparsers, "link",
        summary="Link entities to Wikidata, DBpedia and GeoNames; print the link table.",
        example="cica-kg link --review",
    )  # fmt: skip
    parser.add_argument(
        "--online",
        action="store_true",
        help="also search Wikidata for entities without an accepted link",
    )
    parser.add_argument(
        "--accept-above",
        type=_score,
        default=0.9,
        metavar="S",
        help="accept candidates scoring at least S whose type agrees (default 0.9)",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="only list the candidates that need a human (writes nothing)",
    )
    parser.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE",
        help="reviewed decisions CSV: entity,dataset,candidate,decision,note",
    )
    parser.add_argument(
        "--graph", type=Path, metavar="FILE", help="graph to link (default: DIR/cica.trig)"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="cache of online answers (default: DIR/cache/wikidata)",
    )
    parser.add_argument("--wikidata-api", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--wikidata-sparql", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--request-interval", type=float, default=1.0, help=argparse.SUPPRESS)
    add_out_dir(parser, f"build directory: reads cica.trig, writes {LINKSET_FILE} (default: build)")
    parser.set_defaults(func=handle)  # fmt: skip


def handle(args: argparse.Namespace) -> int:
    """Link, print the table, write the linkset (and update the store if there is one)."""
    from cica_kg.export import load_dataset, write_atomic
    from cica_kg.external import EXTERNAL_GRAPH, load_external
    from cica_kg.link import link, serialize_linkset
    from cica_kg.link.http import PoliteClient
    from cica_kg.link.report import counts, render_table
    from cica_kg.link.wikidata import Endpoints

    dataset = load_dataset(args.graph or args.out / "cica.trig")
    if len(dataset.graph(EXTERNAL_GRAPH)) == 0:
        load_external(dataset)
    client = PoliteClient(
        cache_dir=args.cache or args.out / "cache" / "wikidata", min_interval=args.request_interval
    )
    defaults = Endpoints()
    endpoints = Endpoints(
        args.wikidata_api or defaults.api, args.wikidata_sparql or defaults.sparql
    )
    result = link(dataset, online=args.online, accept_above=args.accept_above,
                  decisions=args.decisions, client=client, endpoints=endpoints)  # fmt: skip
    for message in result.warnings:
        warn(message)
    print(render_table(result, review_only=args.review), end="")
    print("\n" + counts(result).render("text entities"))
    print(counts(result, text_only=False).render("all entities"))
    if args.online:
        print(f"online requests made: {client.requests_made}", file=sys.stderr)
    if args.review:
        return 0
    target = args.out / LINKSET_FILE
    args.out.mkdir(parents=True, exist_ok=True)
    write_atomic(target, serialize_linkset(result))
    print(f"wrote {target}", file=sys.stderr)
    _update_store(args.out / "store", target)
    return 0


def _update_store(store_dir: Path, linkset: Path) -> None:
    """Replace the linkset graph in the build's store, if the build made one."""
    if not store_dir.is_dir():
        return
    import pyoxigraph as ox

    from cica_kg.link.linkset import LINKSET_GRAPH
    from cica_kg.store import open_store

    store = open_store(store_dir, read_only=False)
    graph = ox.NamedNode(str(LINKSET_GRAPH))
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.load(path=str(linkset), format=ox.RdfFormat.TRIG)
    store.flush()
    print(f"updated the linkset graph in {store_dir}", file=sys.stderr)


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a score between 0 and 1")
    return value
