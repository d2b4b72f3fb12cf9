"""Small helpers over the dependency parse, shared by the relation extractors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, Mention, SentenceView
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Value
from cica_kg.text.dates import find_dates
from cica_kg.text.numbers import ORDINAL_WORDS, word_ordinal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ORG_NOUNS = {"forum", "conference", "organization", "organisation", "mechanism", "platform", "body"}
PRONOUNS = {"it", "its", "they", "their", "itself"}
RELATIVE = {"that", "which", "who"}
PERSON_PRONOUNS = {"he", "she", "his", "her", "him"}
PLACE_NOUNS = {"city": Kind.CITY, "country": Kind.STATE, "capital": Kind.CITY}
_VERBAL = {"VERB", "AUX"}
ORDINALS = {**ORDINAL_WORDS, "inaugural": 1}


def clause_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` (the head of its clause)."""
    current = token
    while True:
        if current.pos_ in _VERBAL:
            return current
        if current.head.i == current.i:
            return None
        current = current.head


def verbs(doc: Doc, lemmas: set[str]) -> Iterator[Token]:
    """Verbs (or verbal adjectives such as "committed") whose lemma is in ``lemmas``."""
    for token in doc:
        if token.lemma_.lower() in lemmas and token.pos_ in {"VERB", "AUX", "ADJ"}:
            yield token


def children(token: Token, deps: set[str]) -> list[Token]:
    """Children with one of the given dependency labels."""
    return [c for c in token.children if c.dep_ in deps]


def subject(verb: Token) -> Token | None:
    """The grammatical subject of a verb; a conjoined verb shares its head's subject."""
    found = children(verb, {"nsubj", "nsubjpass", "csubj"})
    if found:
        return found[0]
    if verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i:
        return subject(verb.head)
    return None


def agent(verb: Token) -> Token | None:
    """The "by" agent of a passive verb."""
    for prep in children(verb, {"agent"}):
        objects = children(prep, {"pobj"})
        if objects:
            return objects[0]
    return None


def prep_objects(token: Token, preps: set[str]) -> list[Token]:
    """Objects of the given prepositions attached to ``token``."""
    return [
        obj
        for prep in token.children
        if prep.dep_ in {"prep", "agent"} and prep.lower_ in preps
        for obj in children(prep, {"pobj", "pcomp"})
    ]


def conjuncts(token: Token) -> list[Token]:
    """A token and every token coordinated with it."""
    return [token, *token.conjuncts]


def mention_or_coref(token: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """The entity a token names: a mention, a pronoun, "the forum", "the same city"."""
    mention = view.mention_of(token)
    if mention is not None:
        return mention.entity
    lower = token.lower_
    if lower in RELATIVE and token.head.dep_ == "relcl":
        return mention_or_coref(token.head.head, view, ctx)  # "a forum that held ..." → the forum
    if token.dep_ == "appos" and view.mention_of(token.head) is not None:
        return mention_or_coref(token.head, view, ctx)  # "CICA, a separate forum" → CICA
    if lower in PRONOUNS:
        return ctx.last.get("subject")
    if lower in PERSON_PRONOUNS:
        return ctx.last.get(Kind.PERSON)
    lemma = token.lemma_.lower()
    if lemma in ORG_NOUNS and token.pos_ == "NOUN":
        return ctx.topic
    if lemma in PLACE_NOUNS and _definite(token):
        return ctx.last.get(PLACE_NOUNS[lemma])
    return _modifier(token, view, ctx)


def _definite(token: Token) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in {"the", "that", "this", "same"} for c in token.children
    )


def _modifier(token: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """The mention modifying a head noun: "CICA presidency", "its members" (poss pronoun)."""
    for child in token.children:
        if child.dep_ not in {"compound", "poss"}:
            continue
        found = view.mention_of(child)
        if found is not None and not found.demonym:
            return found.entity
        if child.dep_ == "poss" and child.lower_ in PRONOUNS:
            return ctx.last.get("subject")
    return None


def entity_of_kind(
    tokens: Iterable[Token], view: SentenceView, kinds: frozenset[Kind]
) -> Mention | None:
    """The first mention of one of ``kinds`` among the tokens."""
    for mention in view.mentions_in(list(tokens)):
        if mention.entity.kind in kinds and not mention.demonym:
            return mention
    return None


def clause_dates(verb: Token, view: SentenceView) -> list[tuple[Value, Token]]:
    """Dates whose clause verb is ``verb`` (so "in 2016" of a conjoined verb is not taken)."""
    found = []
    for date in find_dates(view.doc.text, lang="en"):
        span = view.doc.char_span(date.start, date.end, alignment_mode="expand")
        if span is None:
            continue
        found_verb = clause_verb(span.root)
        since = span.start > 0 and view.doc[span.start - 1].lower_ in {"since", "from", "until"}
        if found_verb is not None and found_verb.i == verb.i and not since:
            # "an observer since 2001, was accepted at the summit": 2010 is not the summit's
            found.append((Value(date.value.iso, datatype=date.value.datatype), span.root))
    return found


def ordinal(tokens: Iterable[Token]) -> int | None:
    """An ordinal number among the tokens: "first" → 1, "47th" → 47, "forty-seventh" → 47."""
    words = list(tokens)
    for index, token in enumerate(words):
        lower = token.lower_
        if lower in ORDINALS:
            return ORDINALS[lower]
        joined = "".join(t.lower_ for t in words[index : index + 3])
        if word_ordinal(joined) or word_ordinal(lower):
            return word_ordinal(joined) or word_ordinal(lower)
        digits = lower.rstrip("stndrh")
        if (
            digits.isdigit()
            and lower != digits
            and lower[len(digits) :] in {"st", "nd", "rd", "th"}
        ):
            return int(digits)
    return None
