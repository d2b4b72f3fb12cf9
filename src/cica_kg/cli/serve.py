"""``cica-kg serve``: the store over HTTP (SPARQL 1.1 Protocol, YASGUI, entity pages)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_parser, seconds
from cica_kg.errors import UsageError

EXAMPLE = "cica-kg serve --port 7878   # then open http://127.0.0.1:7878/"


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = add_parser(
        subparsers, "serve",
        summary="Serve the store over HTTP: SPARQL endpoint at /sparql, YASGUI at /, "
        "entity pages at /id/..., ontology documentation at /ontology.",
        example=EXAMPLE,
    )
    parser.add_argument("--store", type=Path, metavar="DIR", help="the store (default build/store)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                        "127.0.0.1, this machine only)")  # fmt: skip
    parser.add_argument("--port", type=int, default=7878, help="port (default 7878; 0: any free)")
    parser.add_argument("--timeout", type=seconds, default=10.0, metavar="S",
                        help="stop a query after S s, its worker killed (default 10)")  # fmt: skip
    parser.add_argument("--limit", type=int, default=10_000, metavar="N",
                        help="row cap; a cut answer says so (default 10000)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=4, metavar="N",
                        help="query worker processes: queries run at once (default 4)")  # fmt: skip
    parser.add_argument("--queue", type=int, default=32, metavar="N",
                        help="queries that may wait; more get 503 (default 32)")  # fmt: skip
    parser.add_argument("--memory", type=int, default=2048, metavar="MB",
                        help="memory a worker may grow by (default 2048; 0: no cap)")  # fmt: skip
    parser.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                        help="allow cross-origin requests from ORIGIN (default: none)")  # fmt: skip
    parser.add_argument("--allow-service", action="append", default=[], metavar="NAME",
                        help="let SERVICE call this endpoint (only: wikidata)")  # fmt: skip
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Check the options, then serve until stopped."""
    from cica_kg.query.safety import allowed_endpoints
    from cica_kg.serve.app import Settings
    from cica_kg.serve.server import serve
    from cica_kg.store.oxigraph import default_store_dir, open_store

    for name, low in (("limit", 1), ("workers", 1), ("queue", 0), ("memory", 0)):
        if getattr(args, name) < low:
            raise UsageError(f"--{name} {getattr(args, name)}: expected a number >= {low}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected 0..65535")
    store_dir = args.store or default_store_dir()
    open_store(store_dir)  # a missing or corrupt store: one line now, not in a worker
    settings = Settings(
        store_dir=store_dir,
        timeout=args.timeout,
        limit=args.limit,
        workers=args.workers,
        queue=args.queue,
        memory=args.memory << 20 if args.memory else None,
        cors=tuple(args.cors),
        allowed=frozenset(allowed_endpoints(args.allow_service)),
    )
    return serve(settings, host=args.host, port=args.port)
