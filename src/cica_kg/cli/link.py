"""``cica-kg link``: propose and decide links to Wikidata, DBpedia and GeoNames."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from cica_kg.cli._common import add_out_dir, add_parser, graph_file, warn
from cica_kg.errors import UsageError

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
        "--graph", type=Path, metavar="FILE", help="graph to link (default: DIR/cica.trig)"
    )
    add_linking_options(parser)
    add_out_dir(parser, "build directory: reads cica.trig; rewrites cica.ttl, cica.trig, "
                f"{LINKSET_FILE}, void.ttl, validation.txt and store/ (default: build)")
    parser.set_defaults(func=handle)  # fmt: skip


def add_linking_options(parser: argparse.ArgumentParser) -> None:
    """``--decisions``, ``--no-decisions``, ``--cache``, ``--offline-only`` and where Wikidata
    is and how often to ask it (``--wikidata-api``, ``--wikidata-sparql``,
    ``--request-interval``), for build and link."""
    from cica_kg.link import DEFAULT_DECISIONS, Endpoints

    parser.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE",
        help="reviewed decisions CSV: entity,dataset,candidate,decision,note "
        f"(default: {DEFAULT_DECISIONS} if it exists)",
    )
    parser.add_argument(
        "--no-decisions",
        action="store_true",
        help=f"apply no decisions file, not even {DEFAULT_DECISIONS}",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="cache of online answers (default: DIR/cache/wikidata); "
        "cached answers are replayed without any request",
    )
    parser.add_argument(
        "--offline-only",
        action="store_true",
        help="ignore the cached online answers of an earlier `cica-kg link --online`",
    )
    parser.add_argument(
        "--wikidata-api",
        type=_http_url,
        metavar="URL",
        help=f"Wikidata's action API, searched by --online (default: {Endpoints.api}); "
        "cached answers are keyed by URL, so a replay needs the same URL",
    )
    parser.add_argument(
        "--wikidata-sparql",
        type=_http_url,
        metavar="URL",
        help=f"Wikidata's SPARQL endpoint, for type checks (default: {Endpoints.sparql})",
    )
    parser.add_argument(
        "--request-interval",
        type=_seconds,
        default=1.0,
        metavar="S",
        help="wait at least S seconds between two online requests (default 1, as Wikidata "
        "asks of automated clients)",
    )


def link_options(args: argparse.Namespace, *, fetch: bool = False) -> Any:
    """The :class:`~cica_kg.pipeline.LinkOptions` the linking options of ``args`` ask for."""
    from cica_kg.httpclient import cache_client
    from cica_kg.link import Endpoints, find_decisions
    from cica_kg.pipeline import LinkOptions

    decisions = find_decisions(args.decisions, use_default=not args.no_decisions)
    cache = args.cache or args.out / "cache" / "wikidata"
    client = None if args.offline_only and not fetch else cache_client(
        cache, fetch=fetch, min_interval=args.request_interval
    )
    defaults = Endpoints()
    endpoints = Endpoints(args.wikidata_api or defaults.api,
                          args.wikidata_sparql or defaults.sparql)  # fmt: skip
    accept_above = getattr(args, "accept_above", 0.9)
    return LinkOptions(decisions, client, endpoints, accept_above)


def handle(args: argparse.Namespace) -> int:
    """Link, print the table, rewrite every output carrying the linkset (all or nothing)."""
    from cica_kg.link.report import counts, render_table
    from cica_kg.store.reading import above_limit, is_large

    options = link_options(args, fetch=args.online)
    graph = graph_file(args)
    if is_large(graph) and (args.review or above_limit(graph)):
        run = _review_large(graph, args, options)
    else:
        from cica_kg.pipeline import run_link

        run = run_link(args.graph, out_dir=args.out, options=options, write=not args.review)
    for message in run.links.warnings:
        warn(message)
    print(render_table(run.links, review_only=args.review), end="")
    print("\n" + counts(run.links).render("text entities"))
    print(counts(run.links, text_only=False).render("all entities"))
    print(f"links rest on: {run.description}", file=sys.stderr)
    _rebuild_hint(options.decisions)
    if args.review:
        return 0
    for path in run.outputs:
        print(f"wrote {path}", file=sys.stderr)
    if not run.conforms:
        warn(f"the links do not conform to their shapes; see {args.out / 'validation.txt'}")
    return 0 if run.conforms else 1


def _review_large(graph: Path, args: argparse.Namespace, options: Any) -> Any:
    """``link --review`` of a large build (decision 0147): its facts graph alone, written to a
    temporary file, is linked (linking reads only the entities and their labels). Rewriting a
    build above rdflib's input limit would hold it all in memory: refused with what to run
    instead (a smaller streamed build is linked and rewritten in memory, as before)."""
    from cica_kg.pipeline import run_link
    from cica_kg.store.reading import describe, write_facts

    if not args.review:
        raise UsageError(
            f"{describe(graph)} is a large build: `cica-kg link` would rewrite it in "
            "memory; list the candidates with `cica-kg link --review` (add --online to fetch and "
            "cache answers), then apply the decisions by building again (`cica-kg build --stream`)"
        )
    with tempfile.TemporaryDirectory(prefix="cica-kg-link-") as tmp:
        facts = write_facts(graph, Path(tmp) / "facts.nq")
        return run_link(facts, out_dir=args.out, options=options, write=False)


def _rebuild_hint(decisions: Path | None) -> None:
    """Say how to keep decisions from a file the build would not pick up by itself."""
    from cica_kg.link import DEFAULT_DECISIONS

    if decisions is not None and decisions.resolve() != DEFAULT_DECISIONS.resolve():
        warn(
            f"a rebuild applies {decisions} only with `cica-kg build --decisions {decisions}`; "
            f"save it as {DEFAULT_DECISIONS} to have every build and link apply it"
        )


def _http_url(text: str) -> str:
    if not text.startswith(("http://", "https://")) or len(text) <= len("https://"):
        raise argparse.ArgumentTypeError(f"{text!r} is not an http:// or https:// URL")
    return text


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 3600.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 3600")
    return value


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a score between 0 and 1")
    return value
