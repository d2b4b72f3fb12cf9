"""Per-document extraction state: collected statements, discourse memory for coreference.

A :class:`DocContext` is created for one document, passed explicitly to every relation
function, and turned into statements at the end; nothing is kept between documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cica_kg.extract.records import Commitment, PostFacts, ProposalFacts, SummitFacts, TermFacts
from cica_kg.kinds import DOCUMENTS
from cica_kg.model import Document, Entity, Evidence, Sentence, Statement, Value

DOCUMENT = "document"
"""The key of :attr:`DocContext.last` for the latest document of any kind."""

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A Chinese anchor: groups of alternative strings; a sentence matches when it contains
# at least one string of every group.
ZhAnchor = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Mention:
    """An entity mentioned in a sentence, with offsets into the document text."""

    entity: Entity
    start: int
    end: int
    text: str
    token_start: int  # token span in the parsed sentence
    token_end: int
    demonym: bool = False


@dataclass
class SentenceRef:
    """A sentence that states facts (the Chinese rules read it without a parse)."""

    sentence: Sentence


@dataclass
class SentenceView(SentenceRef):
    """A sentence with its spaCy parse and resolved mentions."""

    doc: Doc  # the parse of sentence.text
    mentions: list[Mention] = field(default_factory=list)

    def offset(self, char: int) -> int:
        """Document offset of a character offset within the sentence."""
        return self.sentence.start + char

    def mention_of(self, token: Token) -> Mention | None:
        """The mention covering a token, if any."""
        for mention in self.mentions:
            if mention.token_start <= token.i < mention.token_end:
                return mention
        return None

    def mentions_in(self, tokens: Iterable[Token]) -> list[Mention]:
        """Mentions that overlap a collection of tokens, in text order, without repeats."""
        indices = {t.i for t in tokens}
        return [
            m for m in self.mentions if any(i in indices for i in range(m.token_start, m.token_end))
        ]


@dataclass
class DocContext:
    """What the extractor knows while reading one document.

    ``summits``, ``posts``, ``terms`` and ``proposals`` hold what the text has said of each
    entity the rules composed (:mod:`cica_kg.extract.records`), in the order they were minted.
    """

    document: Document
    topic: Entity | None = None
    last: dict[str, Entity] = field(default_factory=dict)
    aliases: dict[str, Entity] = field(default_factory=dict)
    zh_anchors: dict[Entity, list[ZhAnchor]] = field(default_factory=dict)
    first_mention: dict[Entity, Mention] = field(default_factory=dict)
    summits: dict[Entity, SummitFacts] = field(default_factory=dict)
    posts: dict[Entity, PostFacts] = field(default_factory=dict)
    terms: dict[Entity, TermFacts] = field(default_factory=dict)
    proposals: dict[Entity, ProposalFacts] = field(default_factory=dict)
    commitment: Commitment | None = None
    _facts: dict[tuple[Entity, str, Entity | Value], list[Evidence]] = field(default_factory=dict)

    def evidence(
        self,
        sentence: Sentence,
        extractor: str,
        confidence: float,
        *,
        span: tuple[int, int] | None = None,
    ) -> Evidence:
        """Evidence quoting the whole sentence, or ``span`` (document offsets) of it."""
        start, end = span if span else (sentence.start, sentence.end)
        return Evidence(
            doc_id=self.document.doc_id,
            lang=sentence.lang,
            start=start,
            end=end,
            quote=self.document.text[start:end],
            extractor=extractor,
            confidence=confidence,
        )

    def add(self, subject: Entity, predicate: str, obj: Entity | Value, evidence: Evidence) -> None:
        """Record a fact with one more piece of evidence (duplicates merge)."""
        pieces = self._facts.setdefault((subject, predicate, obj), [])
        if evidence not in pieces:
            pieces.append(evidence)

    def state(
        self,
        view: SentenceRef,
        extractor: str,
        confidence: float,
        *facts: tuple[Entity, str, Entity | Value],
    ) -> None:
        """Record facts stated by a whole sentence."""
        evidence = self.evidence(view.sentence, extractor, confidence)
        for subject, predicate, obj in facts:
            self.add(subject, predicate, obj, evidence)

    def remember(self, entity: Entity) -> None:
        """Note the most recent entity of its kind (for "that summit", "it"); documents of any
        kind are also remembered as :data:`DOCUMENT` ("the declaration", "the act")."""
        self.last[entity.kind] = entity
        if entity.kind in DOCUMENTS:
            self.last[DOCUMENT] = entity

    def anchor(self, entity: Entity, *groups: tuple[str, ...]) -> None:
        """Register how a composed entity can be recognised in Chinese text."""
        anchor = tuple(g for g in groups if g)
        if anchor and anchor not in self.zh_anchors.setdefault(entity, []):
            self.zh_anchors[entity].append(anchor)

    def facts(self) -> dict[tuple[Entity, str, Entity | Value], list[Evidence]]:
        """Every fact recorded so far with its evidence (insertion order)."""
        return self._facts

    def statements(self) -> list[Statement]:
        """The facts as statements, evidence in text order."""
        return [
            Statement(s, p, o, tuple(sorted(ev, key=lambda e: (e.lang, e.start, e.extractor))))
            for (s, p, o), ev in self._facts.items()
        ]
