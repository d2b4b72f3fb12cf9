"""HTML for an entity page: labels in English and Chinese, facts with their quotes, links.

Every IRI the project mints links to its page on this server (``/id/…``); other IRIs link
out. Text is escaped; the page loads only the project's stylesheet.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cica_kg.prefixes import PREFIXES, RESULT_PREFIXES, curie
from cica_kg.query.results import Term
from cica_kg.serve import formats, negotiate
from cica_kg.serve.pages import Description, Quote, describe
from cica_kg.serve.reply import Reply, error

ID = PREFIXES["cicar"]
FORMATS = (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "ntriples"),
           ("RDF/XML", "rdfxml"))  # fmt: skip


def href(iri: str) -> str:
    """Where a link to ``iri`` goes: its page here for a minted IRI, else the IRI itself."""
    return "/id/" + iri[len(ID) :] if iri.startswith(ID) else iri


def name(iri: str, found: Description, lang: str = "en") -> str:
    """The label of ``iri`` in ``lang`` (else the other language, else its CURIE)."""
    names = found.labels.get(iri, {})
    for choice in (lang, "zh" if lang == "en" else "en", ""):
        if names.get(choice):
            return names[choice]
    short = curie(iri, RESULT_PREFIXES)
    return short if short != iri else iri.rsplit("/", 1)[-1] or iri


def term_html(term: Term, found: Description) -> str:
    """A term as HTML: a labelled link for an IRI, the text (and language) for a literal."""
    if term.kind == "uri":
        title = escape(term.value, quote=True)
        link = escape(href(term.value), quote=True)
        return f'<a href="{link}" title="{title}">{escape(name(term.value, found))}</a>'
    if term.kind == "bnode":
        return f"_:{escape(term.value)}"
    tag = f' <span class="lang">{escape(term.lang)}</span>' if term.lang else ""
    return f"{escape(term.value)}{tag}"


def _quote(quote: Quote, found: Description) -> str:
    source = term_html(Term("uri", quote.source), found)
    confidence = f", confidence {escape(quote.confidence)}" if quote.confidence else ""
    return (f'<blockquote lang="{escape(quote.lang, quote=True)}">{escape(quote.text)}'
            f'<br><small><span class="lang">{escape(quote.lang)}</span> {source}'
            f"{confidence}</small></blockquote>")  # fmt: skip


def _facts(found: Description) -> str:
    rows = []
    for (p, o), quotes in found.facts.items():
        said = "".join(_quote(q, found) for q in quotes) or "<small>no quote</small>"
        rows.append(f"<tr><td>{term_html(p, found)}</td><td>{term_html(o, found)}</td>"
                    f"<td>{said}</td></tr>")  # fmt: skip
    return _table("Facts", ("property", "value", "stated in"), rows)


def _pairs(
    title: str, heads: tuple[str, str], pairs: list[tuple[Term, Term]], found: Description
) -> str:
    rows = [f"<tr><td>{term_html(a, found)}</td><td>{term_html(b, found)}</td></tr>"
            for a, b in pairs]  # fmt: skip
    return _table(title, heads, rows)


def _table(title: str, heads: tuple[str, ...], rows: list[str]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    return f"<h2>{escape(title)}</h2>\n<table><tr>{head}</tr>\n" + "\n".join(rows) + "</table>\n"


def entity_html(found: Description) -> str:
    """The whole page for ``found``."""
    en, zh = found.labels.get(found.iri, {}).get("en"), found.labels.get(found.iri, {}).get("zh")
    title = en or zh or name(found.iri, found)
    other = [(p, o) for _, p, o in found.other]
    alternatives = " · ".join(f'<a href="?format={fmt}">{label}</a>' for label, fmt in FORMATS)
    body = "".join([
        f"<h1>{escape(title)}</h1>",
        f'<p lang="zh" class="zh">{escape(zh)}</p>' if zh and zh != title else "",
        f'<p class="iri">{escape(found.iri)}</p><p>Also as {alternatives}</p>',
        _facts(found),
        _pairs("Links to other datasets", ("property", "resource"), found.links, found),
        _pairs("Inferred (OWL 2 RL)", ("property", "value"), found.inferred, found),
        _pairs("Provenance and other statements", ("property", "value"), other, found),
        _pairs("Pointing here", ("from", "property"), found.incoming, found),
    ])  # fmt: skip
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)} · CICA knowledge graph</title>"
            '<link rel="stylesheet" href="/static/cica.css"></head><body>'
            '<header class="cica-bar"><a href="/"><strong>CICA knowledge graph</strong></a>'
            '<a href="/ontology">ontology</a></header>'
            f'<main class="cica-page">{body}</main></body></html>\n')  # fmt: skip


def entity(store: Any, *, iri: str, fmt: str) -> Reply:
    """The page of ``iri``: HTML, or its description in the graph format ``fmt``; 404 if the
    graph says nothing about it."""
    try:
        found = describe(store, iri)
    except ValueError:  # not an IRI (a space, a bracket in the path)
        return error(404, "no such resource: the path is not a valid IRI")
    if found.empty():
        return error(404, f"the graph says nothing about <{iri}>")
    headers = (("Vary", "Accept"),)
    if fmt == "html":
        body = entity_html(found).encode("utf-8")
        return Reply(200, negotiate.MEDIA_TYPES["html"], body, headers)
    return Reply(200, negotiate.MEDIA_TYPES[fmt], formats.graph(found.triples(), fmt), headers)
