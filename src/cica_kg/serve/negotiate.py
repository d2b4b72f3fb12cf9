"""Content negotiation: the ``Accept`` header (or a ``format`` parameter) → one format.

Solutions (SELECT, ASK) come as SPARQL JSON, XML, CSV or TSV; graphs (CONSTRUCT, DESCRIBE,
entity descriptions) as Turtle, N-Triples, JSON-LD or RDF/XML. The first media type of
each list is what a client that accepts anything gets.

>>> choose("SELECT", "text/csv;q=0.5, application/sparql-results+xml")
'xml'
>>> choose("CONSTRUCT", "*/*")
'turtle'
"""

from __future__ import annotations

from cica_kg.errors import UsageError

SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
}
MEDIA_TYPES: dict[str, str] = {  # the media type each format is served as
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "html": "text/html; charset=utf-8",
}
FORMAT_NAMES = {"json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"}


class NotAcceptableError(UsageError):
    """No format the client accepts fits the answer (HTTP 406)."""


def offered(form: str) -> dict[str, str]:
    """The media types an answer of query ``form`` can be served as."""
    return SOLUTION_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES


def choose(form: str, accept: str | None, fmt: str | None = None) -> str:
    """The format to answer a query of ``form`` in, from ``fmt`` or else ``accept``.

    Raises:
        UsageError: ``fmt`` is no format name.
        NotAcceptableError: ``fmt`` does not fit the form, or nothing in ``accept`` does.
    """
    types = offered(form)
    if fmt:
        if fmt not in FORMAT_NAMES:
            names = ", ".join(sorted(FORMAT_NAMES))
            raise UsageError(f"unknown format {fmt[:40]!r}; choose one of {names}")
        if fmt not in types.values():
            raise NotAcceptableError(f"format {fmt} does not fit a {form} query")
        return fmt
    best = _best(parse_accept(accept or "*/*"), list(types))
    if best is None:
        wanted = ", ".join(dict.fromkeys(types))
        raise NotAcceptableError(f"no acceptable format for a {form} answer; offered: {wanted}")
    return types[best]


def choose_page(accept: str | None) -> str:
    """``html`` for a browser, else a graph format (Linked Data pages)."""
    ranges = parse_accept(accept or "text/html")
    best = _best(ranges, ["text/html", "application/xhtml+xml", *GRAPH_TYPES])
    if best is None:
        offered = "text/html, " + ", ".join(dict.fromkeys(GRAPH_TYPES))
        raise NotAcceptableError(f"no acceptable format; offered: {offered}")
    return "html" if best in ("text/html", "application/xhtml+xml") else GRAPH_TYPES[best]


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; malformed entries are skipped."""
    ranges: list[tuple[str, float]] = []
    for part in header.split(",")[:64]:
        media, *params = (p.strip() for p in part.split(";"))
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _best(ranges: list[tuple[str, float]], candidates: list[str]) -> str | None:
    """The candidate with the highest q (most specific range wins; list order breaks ties)."""
    scored: list[tuple[float, int, str]] = []
    for index, media in enumerate(candidates):
        q = _quality(media, ranges)
        if q > 0:
            scored.append((-q, index, media))
    return min(scored)[2] if scored else None


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    kind = media.split("/")[0]
    exact = [q for r, q in ranges if r == media]
    if exact:
        return max(exact)
    partial = [q for r, q in ranges if r == f"{kind}/*"]
    if partial:
        return max(partial)
    return max((q for r, q in ranges if r == "*/*"), default=0.0)
