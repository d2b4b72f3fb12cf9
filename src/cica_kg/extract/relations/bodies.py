"""Bodies of an organization: "CICA deliberation and decision-making mechanisms include: A, B"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cica_kg.extract.context import DocContext, SentenceView
from cica_kg.extract.lexicon import gazetteer
from cica_kg.extract.syntax import children, mention_or_coref, prep_objects
from cica_kg.kinds import ORGANIZATIONS, Kind
from cica_kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

BODY_NOUNS = {"mechanism", "body", "organ", "institution", "structure", "bodies", "organs"}


def _owner(noun: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    for token in [
        *children(noun, {"compound", "poss", "nmod", "amod"}),
        *prep_objects(noun, {"of"}),
    ]:
        entity = mention_or_coref(token, view, ctx)
        if entity is not None and entity.kind in ORGANIZATIONS:
            return entity
    return ctx.topic


def bodies(view: SentenceView, ctx: DocContext) -> None:
    """Record the bodies listed after a plural "mechanisms/bodies/organs" noun."""
    for noun in view.doc:
        if noun.lemma_.lower() not in BODY_NOUNS or noun.tag_ != "NNS":
            continue
        owner = _owner(noun, view, ctx)
        listed = [m.entity for m in view.mentions
                  if m.entity.kind == Kind.BODY and m.token_start > noun.i]  # fmt: skip
        if owner is not None and listed:
            ctx.state(view, "en:bodies", 0.8, *((owner, "org:hasUnit", b) for b in listed))
            return


def named_bodies(view: SentenceView, ctx: DocContext) -> None:
    """ "The Council of Heads of State is the highest decision-making body of the SCO"."""
    for noun in view.doc:
        if noun.lemma_.lower() not in BODY_NOUNS or noun.dep_ != "attr" or noun.head.lemma_ != "be":
            continue
        subjects = [view.mention_of(c) for c in children(noun.head, {"nsubj"})]
        body = next((m.entity for m in subjects if m and m.entity.kind == Kind.BODY), None)
        owner = _owner(noun, view, ctx)
        if body is not None and owner is not None:
            ctx.state(view, "en:bodies", 0.75, (owner, "org:hasUnit", body))


def unit_names(view: SentenceView, ctx: DocContext) -> None:
    """A body named after its organization is its unit: "UN General Assembly" → UN has it."""
    for mention in view.mentions:
        if mention.entity.kind != Kind.BODY:
            continue
        for entry in gazetteer():
            if entry.kind not in ORGANIZATIONS:
                continue
            names = (mention.entity.key, mention.text)
            if any(n.startswith(f + " ") for n in names for f in entry.en_forms()):
                evidence = ctx.evidence(view.sentence, "en:unit-name", 0.8,
                                        span=(mention.start, mention.end))  # fmt: skip
                ctx.add(entry.entity, "org:hasUnit", mention.entity, evidence)
                break
