"""The frozen dataclasses that flow between the pipeline stages (no rdflib here).

``ingest`` produces :class:`Document` (with its :class:`Passage` and :class:`Sentence`
spans); ``extract`` produces :class:`Statement` objects, each carrying its
:class:`Evidence`; ``build`` is the first stage that speaks RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Lang = str  # "en" or "zh"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage, with character offsets into the original file text."""

    lang: Lang
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A run of text in one language (furniture removed), with its sentences."""

    lang: Lang
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Document:
    """One source article: its full original text and what ingest read from it.

    ``text`` is the file decoded as UTF-8, unchanged: every offset in the project
    points into it, so ``text[start:end]`` is always the quoted span.
    """

    doc_id: str  # stable identifier: the file name stem, e.g. "cica-china-org-cn-2019-04-17"
    path: str  # file name as given (for messages); never part of an IRI
    text: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)
    source_url: str | None = None
    passages: tuple[Passage, ...] = ()
    byline: Sentence | None = None  # the line the publisher and date were read from

    def sentences(self, lang: Lang | None = None) -> tuple[Sentence, ...]:
        """All sentences, optionally only those of one language, in text order."""
        return tuple(
            s for p in self.passages if lang is None or p.lang == lang for s in p.sentences
        )


@dataclass(frozen=True)
class Evidence:
    """Where a statement is said: the exact quote and its offsets in the source text."""

    doc_id: str
    lang: Lang
    start: int
    end: int
    quote: str  # == document.text[start:end], checked by the tests
    extractor: str  # name of the rule or component that found it, e.g. "en:proposal"
    confidence: float  # 0..1


@dataclass(frozen=True)
class Entity:
    """A thing the text talks about, identified by its kind and canonical English name.

    ``kind`` is the CURIE of its class in the ontology. It may be given as a
    :class:`cica_kg.kinds.Kind` (``Kind.SUMMIT == "cica:Summit"``) and is kept as the plain
    string, so later stages see exactly a ``str`` (rdflib's ``expand_curie`` takes no other).
    ``key`` is the canonical English name (or a composed key for unnamed things such as a
    summit: ``"CICA summit 2002 Almaty"``). IRIs are minted from (kind, key) by
    :mod:`cica_kg.iris`, never from run order.
    """

    kind: str
    key: str
    label_en: str
    label_zh: str | None = None

    def __post_init__(self) -> None:
        if type(self.kind) is not str:  # a Kind: keep its value, a plain str
            object.__setattr__(self, "kind", str(self.kind))


@dataclass(frozen=True)
class Value:
    """A literal object: lexical form with a datatype CURIE (``xsd:gYear``) or a language."""

    lexical: str
    datatype: str | None = None
    lang: Lang | None = None


@dataclass(frozen=True)
class Statement:
    """One fact (subject, predicate, object) with every piece of evidence for it.

    ``predicate`` is a CURIE (``"org:holds"``, ``"cica:committedTo"``).
    """

    subject: Entity
    predicate: str
    obj: Entity | Value
    evidence: tuple[Evidence, ...] = field(default=())

    def languages(self) -> frozenset[Lang]:
        """The languages in which this fact has evidence."""
        return frozenset(e.lang for e in self.evidence)
