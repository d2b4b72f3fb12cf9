"""Security concepts: "At that summit, President Xi introduced an Asian security concept"."""

from __future__ import annotations

from cica_kg.extract.context import DocContext, SentenceView
from cica_kg.extract.relations.commitments import concept_spans
from cica_kg.extract.relations.events import resolve_event
from cica_kg.extract.syntax import Token, children, mention_or_coref, prep_objects, subject, verbs
from cica_kg.model import Entity

INTRODUCE = {"introduce", "propose", "put", "advance", "unveil", "present", "champion", "outline",
             "articulate", "launch"}  # fmt: skip
CONCEPT_NOUNS = {"concept", "vision", "outlook", "view", "approach"}
EVENT_KINDS = {"cica:Summit", "cica:Session", "cica:Event"}


def _concept(obj: Token, view: SentenceView) -> Entity | None:
    mention = view.mention_of(obj)
    if mention is not None and mention.entity.kind == "cica:SecurityConcept":
        return mention.entity
    if obj.lemma_.lower() not in CONCEPT_NOUNS:
        return None
    words = [t.text for t in obj.subtree if t.i <= obj.i and t.dep_ not in {"det", "punct"}]
    if len(words) < 2:
        return None
    name = " ".join(words)
    return Entity("cica:SecurityConcept", name, name)


def concepts(view: SentenceView, ctx: DocContext) -> None:
    """Record who introduced a concept, where, and its components."""
    for verb in verbs(view.doc, INTRODUCE):
        who = subject(verb)
        person = mention_or_coref(who, view, ctx) if who is not None else None
        if person is None or person.kind != "foaf:Person":
            continue
        for obj in children(verb, {"dobj"}):
            concept = _concept(obj, view)
            if concept is None:
                continue
            facts: list[tuple[Entity, str, Entity]] = [(concept, "cica:introducedBy", person)]
            occasions = [resolve_event(t, view, ctx) for t in prep_objects(verb, {"at", "during"})]
            facts += [(concept, "cica:introducedAt", e) for e in occasions
                      if e is not None and e.kind in EVENT_KINDS]  # fmt: skip
            scope = {t.i for t in obj.subtree}
            facts += [(concept, "cica:hasComponent", entry.entity)
                      for entry, start, _ in concept_spans(view, "cica:ConceptComponent")
                      if start in scope]  # fmt: skip
            ctx.state(view, "en:concept", 0.8, *facts)
