"""``cica-kg push``: replace the built named graphs on a SPARQL 1.1 store (Graph Store Protocol)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_parser, add_timeout, warn
from cica_kg.errors import UsageError

EXAMPLE = (
    "cica-kg push --endpoint http://localhost:8890/sparql --user dba  # $CICA_KG_PASSWORD\n"
    "  cica-kg query cq04 --endpoint http://localhost:8890/sparql"
)


def register(subparsers: Any) -> None:
    """Add the ``push`` subcommand."""
    parser = add_parser(
        subparsers, "push",
        summary="Load the built named graphs into a SPARQL 1.1 store (Virtuoso, Fuseki, ...).",
        example=EXAMPLE,
    )
    parser.add_argument("--endpoint", metavar="URL",
                        help="its SPARQL query endpoint: the graph store is guessed from it "
                        "(…/sparql: Virtuoso's, …/query: Oxigraph's) and the triple counts "
                        "are checked there after the push")  # fmt: skip
    parser.add_argument("--graph-store", metavar="URL",
                        help="its Graph Store Protocol URL (PUT ?graph=IRI)")
    parser.add_argument("--user", metavar="NAME", help="user name for HTTP Digest or Basic "
                        "authentication; password from $CICA_KG_PASSWORD or ~/.netrc")
    parser.add_argument("--password-env", metavar="VAR", default="CICA_KG_PASSWORD",
                        help="read the password from this environment variable instead")
    parser.add_argument("--store", type=Path, metavar="DIR", help="the store (default build/store)")
    parser.add_argument("--chunk", type=int, default=None, metavar="N",
                        help="triples a request (default 50000)")
    parser.add_argument("--dry-run", action="store_true",
                        help="say what would be sent; send nothing")
    add_timeout(parser, "each request")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Push, then compare the remote triple counts with the local ones (``--endpoint``)."""
    from cica_kg.push import DEFAULT_CHUNK_TRIPLES, push_store, remote_counts
    from cica_kg.store import default_store_dir

    target = _target(args)
    progress = (lambda line: print(f"push: {line}", file=sys.stderr)) if sys.stderr.isatty() \
        else None  # fmt: skip
    chunk = DEFAULT_CHUNK_TRIPLES if args.chunk is None else args.chunk
    if chunk < 1:
        raise UsageError(f"--chunk {chunk}: expected a number of triples >= 1")
    report = push_store(args.store or default_store_dir(), target, chunk_triples=chunk,
                        dry_run=args.dry_run, progress=progress)  # fmt: skip
    if args.endpoint and not args.dry_run:
        counts = remote_counts(args.endpoint, [g.graph for g in report.graphs],
                               timeout=args.timeout or None)  # fmt: skip
        report.graphs = [replace(g, remote=counts[g.graph]) for g in report.graphs]
    print(_render(report), end="")
    for graph in report.mismatches():
        warn(f"{graph.graph}: pushed {graph.triples} triples, the endpoint counts {graph.remote}")
    return 1 if report.mismatches() else 0


def _target(args: argparse.Namespace) -> Any:
    from cica_kg.push import Authorizer, GraphStore, find_credentials, guess_graph_store

    if not args.endpoint and not args.graph_store:
        raise UsageError("give --endpoint URL or --graph-store URL (or both)")
    probe = args.graph_store or args.endpoint
    credentials = None if args.dry_run else find_credentials(
        probe, user=args.user, password_env=args.password_env)  # fmt: skip
    url = args.graph_store or guess_graph_store(
        args.endpoint, authenticated=credentials is not None or args.user is not None)
    authorizer = Authorizer(credentials) if credentials is not None else None
    return GraphStore(url, authorizer=authorizer, timeout=args.timeout or None)


def _render(report: Any) -> str:
    verb = "would replace" if report.dry_run else "replaced"
    lines = [f"{verb} {len(report.graphs)} graph(s), {report.triples} triples, "
             f"on {report.graph_store}"]  # fmt: skip
    for g in report.graphs:
        remote = "" if g.remote is None else f"  endpoint: {g.remote}"
        lines.append(f"  {g.graph}  {g.triples} triples, {g.requests} request(s){remote}")
    return "".join(line + "\n" for line in lines)
