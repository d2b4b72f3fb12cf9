"""Run every relation family over a document's sentences, in order, and collect statements.

spaCy never sees a text longer than :data:`~cica_kg.ingest.segment.MAX_SENTENCE` characters
(ingest cuts longer sentences; a longer one in a hand-made Document is cut here too). Long
work reports progress on the ``cica_kg.extract.extractor`` logger (INFO), a line at most
every :data:`PROGRESS_SECONDS`: ``cica-kg build`` shows them on a terminal.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from cica_kg.extract import chinese, parallel
from cica_kg.extract.context import DocContext, SentenceView
from cica_kg.extract.entities import mentions
from cica_kg.extract.frames import FrameReader
from cica_kg.extract.labels import labels
from cica_kg.extract.nlp import english
from cica_kg.extract.relations.bodies import bodies, named_bodies, unit_names
from cica_kg.extract.relations.chinese import chinese_relations
from cica_kg.extract.relations.commitments import areas, principles
from cica_kg.extract.relations.concept import concepts
from cica_kg.extract.relations.document import document_facts
from cica_kg.extract.relations.events import events
from cica_kg.extract.relations.membership import member_counts
from cica_kg.extract.relations.posts import posts
from cica_kg.extract.relations.presidency import presidencies
from cica_kg.extract.relations.proposal import proposals
from cica_kg.extract.relations.purpose import purposes
from cica_kg.extract.syntax import mention_or_coref, subject
from cica_kg.ingest.segment import MAX_SENTENCE, cut_long
from cica_kg.kinds import ORGANIZATIONS, Kind
from cica_kg.model import Document, Entity, Sentence, Statement, Value

if TYPE_CHECKING:
    from spacy.tokens import Doc

Relation = Callable[[SentenceView, DocContext], None]

# Order matters where one family refers to what another found ("that summit").
RELATIONS: tuple[Relation, ...] = (
    events, proposals, posts, purposes, principles, areas, bodies, named_bodies, unit_names,
    member_counts, concepts, presidencies,
)  # fmt: skip
_SUBJECT_KINDS = ORGANIZATIONS | {Kind.STATE}
PROGRESS_SECONDS = 2.0
"""The least time between two progress lines."""
BATCH_SIZE = 256
"""Texts per spaCy batch (measured: 8 is 30 % slower than 128, beyond 128 makes no difference)."""

log = logging.getLogger(__name__)


class _Ticker:
    """Logs a progress line (INFO) when :data:`PROGRESS_SECONDS` have passed since the last."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last = clock()

    def __call__(self, line: str) -> None:
        now = self._clock()
        if now - self._last >= PROGRESS_SECONDS:
            self._last = now
            log.info("%s", line)


def extract(documents: Sequence[Document], *, workers: int | None = None) -> list[Statement]:
    """Every statement the documents make, merged across documents, in a stable order.

    ``workers`` processes share the documents (None: :func:`~cica_kg.extract.parallel.workers`
    decides from the corpus and the machine); the statements are the same however many.
    """
    count = parallel.workers(documents) if workers is None else workers
    merged: dict[tuple[object, ...], Statement] = {}
    tick = _Ticker()
    per_document = (
        parallel.extract_each(documents, extract_each, workers=count)
        if count > 1
        else _each(documents, tick)
    )
    for number, statements in enumerate(per_document, start=1):
        for statement in statements:
            key = (statement.subject, statement.predicate, statement.obj)
            known = merged.get(key)
            evidence = (known.evidence if known else ()) + statement.evidence
            merged[key] = Statement(*key, evidence=evidence)
        tick(f"extract: {number} of {len(documents)} documents done")
    return list(merged.values())


def extract_document(document: Document) -> list[Statement]:
    """The statements of one document."""
    return next(_each([document], _Ticker()))


def extract_each(documents: Sequence[Document]) -> list[list[Statement]]:
    """The statements of each document, in document order (one worker's share)."""
    return list(_each(documents, _Ticker()))


def _each(documents: Sequence[Document], tick: _Ticker) -> Iterator[list[Statement]]:
    """Each document's statements, in order. The English texts of all the documents go
    through one ``nlp.pipe`` (:data:`BATCH_SIZE` a batch), consumed as each document's turn
    comes, so a large corpus is never held parsed in memory."""
    texts = (piece.text for document in documents for piece in _flat(_pieces(document)))
    parses = english().pipe(texts, batch_size=BATCH_SIZE)
    for document in documents:
        sentences, title = _pieces(document)
        pieces = sentences + title
        parsed = list(zip(pieces, islice(parses, len(pieces)), strict=True))
        yield _statements(document, parsed[: len(sentences)], parsed[len(sentences) :], tick)


def _pieces(document: Document) -> tuple[list[Sentence], list[Sentence]]:
    """What spaCy parses of a document: its English sentences cut to :data:`MAX_SENTENCE`,
    and the first such piece of its title (none without a title)."""
    sentences = [piece for s in document.sentences("en") for piece in _bounded(s)]
    if not document.title:
        return sentences, []
    start = max(document.text.find(document.title), 0)
    title = _bounded(Sentence("en", start, start + len(document.title), document.title))
    return sentences, title[:1]


def _flat(pieces: tuple[list[Sentence], list[Sentence]]) -> list[Sentence]:
    return pieces[0] + pieces[1]


def _statements(
    document: Document,
    sentences: list[tuple[Sentence, Doc]],
    title: list[tuple[Sentence, Doc]],
    tick: _Ticker,
) -> list[Statement]:
    ctx = DocContext(document)
    views = _views(document, sentences, ctx, tick)
    ctx.topic = _topic(_title_mentions(title, ctx), views)
    for view in views:
        for relation in RELATIONS:
            relation(view, ctx)
        _remember_subject(view, ctx)
    document_facts(ctx)
    if ctx.topic is None:  # a Chinese-only article: its topic from the Chinese mentions
        ctx.topic = _topic(set(chinese.mentions(ctx)), [])
    chinese_relations(ctx)
    chinese.purposes(ctx)
    _frames(document, views, ctx)
    chinese.align(ctx)
    labels(ctx)
    return _most_precise_dates(ctx.statements())


_ONE_DATE = frozenset({"schema:startDate", "schema:endDate", "dcterms:issued",
                       "schema:foundingDate", "dcterms:modified"})  # fmt: skip


def _most_precise_dates(statements: list[Statement]) -> list[Statement]:
    """Drop a date that a more precise date of the same fact refines ("2002-06" by "2002-06-04")."""
    dates: dict[tuple[Entity, str], set[str]] = {}
    for s in statements:
        if s.predicate in _ONE_DATE and isinstance(s.obj, Value):
            dates.setdefault((s.subject, s.predicate), set()).add(s.obj.lexical)

    def refined(s: Statement) -> bool:
        if s.predicate not in _ONE_DATE or not isinstance(s.obj, Value):
            return False
        lexical = s.obj.lexical
        return any(o != lexical and o.startswith(lexical) for o in dates[(s.subject, s.predicate)])

    return [s for s in statements if not refined(s)]


def _frames(document: Document, views: Sequence[SentenceView], ctx: DocContext) -> None:
    """Read every sentence, both languages in text order, into frame facts."""
    reader = FrameReader(ctx)
    reader.prime(document.title)
    english_at = {view.sentence.start: view for view in views}
    for sentence in sorted(document.sentences(), key=lambda s: s.start):
        if sentence.lang == "zh":
            reader.read_chinese(sentence)
        elif sentence.start in english_at:
            reader.read_english(english_at[sentence.start])
    reader.finish()


def _views(
    document: Document, parsed: list[tuple[Sentence, Doc]], ctx: DocContext, tick: _Ticker
) -> list[SentenceView]:
    """The parsed sentences with their mentions, resolved in text order."""
    views = []
    for number, (sentence, doc) in enumerate(parsed, start=1):
        view = SentenceView(sentence, doc)
        view.mentions = mentions(view, ctx)
        for mention in view.mentions:
            ctx.first_mention.setdefault(mention.entity, mention)
        views.append(view)
        if number % 100 == 0:
            tick(f"extract: {document.doc_id}: {number} of {len(parsed)} sentences parsed")
    return views


def _bounded(sentence: Sentence) -> list[Sentence]:
    """``sentence``, or its pieces if it is longer than :data:`MAX_SENTENCE` (offsets kept)."""
    if len(sentence.text) <= MAX_SENTENCE:
        return [sentence]
    text, at = sentence.text, sentence.start
    return [
        Sentence(sentence.lang, at + s, at + e, text[s:e]) for s, e in cut_long(text, 0, len(text))
    ]


def _title_mentions(title: list[tuple[Sentence, Doc]], ctx: DocContext) -> set[Entity]:
    """Entities named in the title (a title is not a sentence, but it names the topic)."""
    return {m.entity for piece, doc in title for m in mentions(SentenceView(piece, doc), ctx)}


def _topic(in_title: set[Entity], views: Sequence[SentenceView]) -> Entity | None:
    """The organization the article is about: named in its title, else the most mentioned."""
    counts: Counter[Entity] = Counter(e for e in in_title if e.kind in _SUBJECT_KINDS)
    for view in views:
        counts.update(m.entity for m in view.mentions if m.entity.kind in _SUBJECT_KINDS)
    ranked = sorted(
        counts,
        key=lambda e: (
            e.kind != Kind.INTERNATIONAL_ORGANIZATION,
            e not in in_title,
            -counts[e],
            e.key,
        ),
    )
    return ranked[0] if ranked else None


def _remember_subject(view: SentenceView, ctx: DocContext) -> None:
    for mention in view.mentions:
        if not mention.demonym:
            ctx.remember(mention.entity)
    root = next((t for t in view.doc if t.dep_ == "ROOT"), None)
    token = subject(root) if root is not None else None
    entity = mention_or_coref(token, view, ctx) if token is not None else None
    if entity is not None and entity.kind in _SUBJECT_KINDS:
        ctx.last["subject"] = entity
