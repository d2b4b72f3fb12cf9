"""``cica-kg query``: run a shipped competency query, a query file or inline SPARQL.

Imports only the query layer and pyoxigraph (never rdflib, pyshacl or spaCy unless
``--engine rdflib`` asks for it, and then only in the query's worker process), so a query
answers in a fraction of a second.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from cica_kg.errors import UsageError
from cica_kg.worker import DEFAULT_MEMORY, MIB

EXAMPLE = "cica-kg query cq09 --param country=Kazakhstan --format csv"
EXIT_CODES = (
    "exit codes: 0 answer printed (ASK: yes), 1 ASK answered no, "
    "2 bad input, timeout or memory limit"
)
DEFAULT_MEMORY_MB = DEFAULT_MEMORY // MIB


def register(subparsers: Any) -> None:
    """Add the ``query`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "query",
        help="Ask the graph a question: a shipped query (cq01..), a .rq file or -e 'SELECT ...'.",
        description="Ask the graph a question: a shipped query (cq01..), a .rq file or inline "
        "SPARQL. Queries are read-only; FROM, LOAD and updates are refused, and SERVICE is "
        "refused unless --allow-service names its endpoint (wikidata only). The default graph "
        "is the text's graphs; the linkset and external data are reached with GRAPH <...>.",
        epilog=f"example:\n  {EXAMPLE}\n  cica-kg query --list\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "query", nargs="?", metavar="NAME|FILE", help="cq01..cq18, fed01, fed02 or a .rq file"
    )
    parser.add_argument("-e", "--execute", metavar="SPARQL", help="run this query text")
    parser.add_argument("--list", action="store_true", help="list the shipped queries")
    parser.add_argument(
        "-p", "--param", action="append", metavar="NAME=VALUE", help="bind a declared parameter"
    )
    parser.add_argument("-f", "--format", default="table", help="table (default), json, xml, "
                        "csv, tsv; for CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld")  # fmt: skip
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="label language")
    parser.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="stop after S seconds (0: never)"
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"stop a query needing over MB megabytes (default {DEFAULT_MEMORY_MB}; 0: no cap)",
    )
    parser.add_argument(
        "--limit", type=int, default=10000, metavar="N", help="row cap, reported (default 10000)"
    )
    parser.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph")
    parser.add_argument("--endpoint", metavar="URL", help="query a SPARQL 1.1 endpoint instead")
    parser.add_argument("--store", type=Path, metavar="DIR", help="the store (default build/store)")
    parser.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="NAME",
        help="let SERVICE call this endpoint (only: wikidata); federated queries need it",
    )
    parser.add_argument("--service-url", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--request-interval", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the query the arguments name and print (or write) its answer."""
    from cica_kg.query import catalog
    from cica_kg.query.params import parse_assignments
    from cica_kg.query.render import FORMATS, render
    from cica_kg.query.runner import run_query
    from cica_kg.query.safety import allowed_endpoints

    if args.list:
        _emit(_listing(catalog.shipped()) + _listing(catalog.federated(), federated=True),
              args.output)  # fmt: skip
        return 0
    allowed = allowed_endpoints(args.allow_service)
    if args.format not in FORMATS:
        raise UsageError(f"--format {args.format}: choose one of {', '.join(FORMATS)}")
    if bool(args.query) == bool(args.execute):
        raise UsageError("give a query NAME|FILE or -e 'SPARQL' (one of them); see --list")
    _check_limits(args)
    result = run_query(
        args.execute if args.execute else catalog.resolve(args.query),
        source="-e",
        params=parse_assignments(args.param),
        store_dir=args.store,
        engine=args.engine,
        endpoint=args.endpoint,
        timeout=args.timeout or None,
        limit=args.limit,
        memory=args.memory << 20 if args.memory else None,
        with_labels=args.format == "table",
        allow_service=allowed,
        service_urls=_service_urls(args.service_url, allowed),
        service_interval=args.request_interval,
    )
    _emit(render(result, args.format, lang=args.lang), args.output)
    if result.truncated:
        print(
            f"cica-kg: warning: answer truncated at {result.limit} rows (raise --limit)",
            file=sys.stderr,
        )
    return 1 if result.form == "ASK" and not result.boolean else 0


def _check_limits(args: argparse.Namespace) -> None:
    """Refuse limits that are no numbers or would silently mean "no limit"."""
    if not math.isfinite(args.timeout) or args.timeout < 0:
        raise UsageError(f"--timeout {args.timeout}: expected a number of seconds >= 0 (0: never)")
    if args.limit < 1:
        raise UsageError(f"--limit {args.limit}: expected a number of rows >= 1")
    if args.memory < 0:
        raise UsageError(f"--memory {args.memory}: expected a number of megabytes >= 0 (0: no cap)")
    if not math.isfinite(args.request_interval) or args.request_interval < 0:
        raise UsageError(f"--request-interval {args.request_interval}: expected seconds >= 0")


def _listing(queries: list[Any], *, federated: bool = False) -> str:
    lines = []
    for q in queries:
        params = " ".join(_param_example(q, p) for p in q.params)
        if federated:
            params = " ".join(filter(None, [params, "--allow-service wikidata"]))
        lines.append(f"{q.id:<6} {q.question}" + (f"  [{params}]" if params else ""))
    return "".join(line + "\n" for line in lines)


def _param_example(query: Any, param: Any) -> str:
    """``--param country=Kazakhstan (string)``: the header's example value, else the type."""
    import shlex

    example = query.examples.get(param.name)
    if example is None:
        return f"--param {param.name}=<{param.type}>"
    return f"--param {shlex.quote(f'{param.name}={example}')} ({param.type})"


def _service_urls(pairs: list[str], allowed: set[str]) -> dict[str, str]:
    """``--service-url NAME=URL`` (hidden, for tests): call URL in place of an allowed endpoint."""
    from cica_kg.query.safety import SERVICES

    urls = {}
    for pair in pairs:
        name, _, url = pair.partition("=")
        if SERVICES.get(name) not in allowed or not url.startswith(("http://", "https://")):
            raise UsageError(
                f"--service-url {pair}: expected NAME=http(s)://... of an allowed service"
            )
        urls[SERVICES[name]] = url
    return urls


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from cica_kg.files import write_atomic

    write_atomic(output, text.encode("utf-8"))
