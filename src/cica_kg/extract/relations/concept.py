"""Security concepts: "At that summit, President Xi introduced an Asian security concept"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceView
from cica_kg.extract.relations.commitments import concept_spans
from cica_kg.extract.relations.events import resolve_event
from cica_kg.extract.syntax import children, mention_or_coref, prep_objects, subject, verbs
from cica_kg.kinds import EVENTS, Kind
from cica_kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

INTRODUCE = {"introduce", "propose", "put", "set", "lay", "advance", "unveil", "present",
             "champion", "outline", "articulate", "launch"}  # fmt: skip
CONCEPT_NOUNS = {"concept", "vision", "outlook", "view", "approach"}


def _concept(obj: Token, view: SentenceView) -> Entity | None:
    mention = view.mention_of(obj)
    if mention is not None and mention.entity.kind == Kind.SECURITY_CONCEPT:
        return mention.entity
    if obj.lemma_.lower() not in CONCEPT_NOUNS:
        return None
    words = [t.text for t in obj.subtree if t.i <= obj.i and t.dep_ not in {"det", "punct"}]
    if len(words) < 2:
        return None
    name = " ".join(words)
    return Entity(Kind.SECURITY_CONCEPT, name, name)


def _occasions(verb: Token, view: SentenceView, ctx: DocContext) -> list[Entity]:
    """Where the concept was introduced: "at that summit", or "There," after a summit."""
    found = [resolve_event(t, view, ctx) for t in prep_objects(verb, {"at", "during"})]
    if any(c.lower_ == "there" and c.dep_ == "advmod" for c in verb.children):
        found.append(ctx.last.get(Kind.SUMMIT))
    return [e for e in found if e is not None and e.kind in EVENTS]


def _is_introduce(verb: Token) -> bool:
    if verb.lemma_.lower() in {"put", "set", "lay"}:
        return any(c.dep_ == "prt" and c.lower_ in {"forward", "out"} for c in verb.children)
    return True


def concepts(view: SentenceView, ctx: DocContext) -> None:
    """Record who introduced a concept, where, and its components."""
    for verb in verbs(view.doc, INTRODUCE):
        who = subject(verb)
        person = mention_or_coref(who, view, ctx) if who is not None else None
        if person is None or person.kind != Kind.PERSON or not _is_introduce(verb):
            continue
        for obj in children(verb, {"dobj"}):
            concept = _concept(obj, view)
            if concept is None:
                continue
            facts: list[tuple[Entity, str, Entity]] = [(concept, "cica:introducedBy", person)]
            facts += [(concept, "cica:introducedAt", e) for e in _occasions(verb, view, ctx)]
            # components follow the concept: in its phrase or in an explanation after it
            components = concept_spans(view, Kind.CONCEPT_COMPONENT)
            facts += [
                (concept, "cica:hasComponent", e.entity) for e, at, _ in components if at > obj.i
            ]
            ctx.state(view, "en:concept", 0.8, *facts)
