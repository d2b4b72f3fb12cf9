"""Facts about the source article itself: its title, publisher and date (from its byline)."""

from __future__ import annotations

from cica_kg.extract.context import DocContext
from cica_kg.extract.lexicon import gazetteer
from cica_kg.ingest.furniture import read_byline
from cica_kg.kinds import ORGANIZATIONS, Kind
from cica_kg.model import Entity, Sentence, Value
from cica_kg.text.lang import detect_lang


def _publisher(name: str) -> Entity:
    for entry in gazetteer():
        if entry.kind in ORGANIZATIONS and name.lower() in {f.lower() for f in entry.en_forms()}:
            return entry.entity
    return Entity(Kind.FORMAL_ORGANIZATION, name, name)


def article(ctx: DocContext) -> Entity:
    """The source article as an entity (its IRI is the source IRI of the document)."""
    document = ctx.document
    return Entity(Kind.SOURCE_ARTICLE, document.doc_id, document.title or document.doc_id)


def document_facts(ctx: DocContext) -> None:
    """Record the article's title, publisher and modification date where the text states them."""
    document = ctx.document
    source = article(ctx)
    if document.title:
        start = document.text.find(document.title)
        if start >= 0:
            span = (start, start + len(document.title))
            evidence = ctx.evidence(_line(ctx, start), "ingest:title", 0.95, span=span)
            lang = detect_lang(document.title)
            ctx.add(source, "dcterms:title", Value(document.title, lang=lang), evidence)
    byline = document.byline
    if byline is None:
        return
    if document.publisher and document.publisher in byline.text:
        publisher = _publisher(document.publisher)
        evidence = ctx.evidence(byline, "ingest:byline", 0.95)
        ctx.add(source, "dcterms:publisher", publisher, evidence)
    if document.date and _byline_dates(byline.text, document.date):
        evidence = ctx.evidence(byline, "ingest:byline", 0.95)
        ctx.add(source, "dcterms:modified", Value(document.date, datatype="xsd:date"), evidence)


def _byline_dates(text: str, date: str) -> bool:
    """Whether the byline line states the article's date, in ISO form or in words
    ("Thursday, 13 October 2022", "2022年10月13日")."""
    if date in text:
        return True
    read = read_byline(text)
    return read is not None and read.date == date


def _line(ctx: DocContext, start: int) -> Sentence:
    end = ctx.document.text.find("\n", start)
    end = len(ctx.document.text) if end < 0 else end
    return Sentence("en", start, end, ctx.document.text[start:end])
