"""Principles an organization is committed to, and the areas of its cooperation and CBMs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cica_kg.extract.concept_patterns import english_concepts
from cica_kg.extract.context import DOCUMENT, DocContext, SentenceView
from cica_kg.extract.lexicon import LexEntry
from cica_kg.extract.records import Commitment
from cica_kg.extract.syntax import mention_or_coref, subject, verbs
from cica_kg.kinds import DOCUMENTS, ORGANIZATIONS, Kind
from cica_kg.model import Entity

if TYPE_CHECKING:
    from spacy.tokens import Token

COMMIT = {"commit", "committed", "adhere", "uphold", "abide", "follow", "guide", "base",
          "observe", "honour", "honor", "embrace", "respect", "pledge", "govern"}  # fmt: skip
COOPERATION = {
    "cooperation",
    "co-operation",
    "cooperate",
    "exchange",
    "collaboration",
    "interaction",
}


def concept_spans(view: SentenceView, kind: Kind) -> list[tuple[LexEntry, int, int]]:
    """Concepts of ``kind`` the sentence speaks of (by pattern, decision 0101): (entry, first
    token, end token)."""
    found = [span for span in english_concepts(view.doc) if span[0].kind == kind]
    return sorted(found, key=lambda f: (f[1], f[2]))


def _organization(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    head = verb.head if verb.dep_ in {"acomp", "xcomp"} else verb
    token = subject(head)
    entity = mention_or_coref(token, view, ctx) if token is not None else None
    if entity is not None and entity.kind in ORGANIZATIONS:
        return entity
    return None


def _document_subject(verb: Token, view: SentenceView, ctx: DocContext) -> Entity | None:
    """A founding document as subject: "The declaration commits the members to ..."."""
    token = subject(verb)
    if token is None:
        return None
    mention = view.mention_of(token)
    if mention is not None and mention.entity.kind in DOCUMENTS:
        return mention.entity
    if token.lemma_.lower() in {"declaration", "charter", "act", "treaty", "document"}:
        return ctx.last.get(DOCUMENT)
    return None


def _within(tokens: Iterable[Token]) -> set[int]:
    return {t.i for t in tokens}


def principles(view: SentenceView, ctx: DocContext) -> None:
    """ "X is committed to the principles of the Charter, including A, B and C"."""
    for verb in verbs(view.doc, COMMIT):
        org = _organization(verb, view, ctx)
        document = _document_subject(verb, view, ctx)
        if org is None and document is not None:
            org = ctx.topic
        if org is None:
            continue
        scope = _within(verb.subtree)
        charters = [document] if document is not None else []
        charters += [m.entity for m in view.mentions if m.entity.kind in DOCUMENTS
                    and m.token_start in scope]  # fmt: skip
        found = [e for e, start, _ in concept_spans(view, Kind.PRINCIPLE) if start in scope]
        facts: list[tuple[Entity, str, Entity]] = [(org, "cica:committedTo", c) for c in charters]
        for entry in found:
            facts.append((org, "cica:committedTo", entry.entity))
            facts += [(entry.entity, "dcterms:source", c) for c in charters]
        ctx.state(view, "en:commitment", 0.8, *facts)
        if facts:
            ctx.commitment = Commitment(org, tuple(charters))
            return
    _listed_principles(view, ctx)


def _listed_principles(view: SentenceView, ctx: DocContext) -> None:
    """ "Among those principles the conference names A and B": the previous commitment goes on."""
    earlier = ctx.commitment
    refers = any(t.lemma_.lower() == "principle" and any(c.lower_ in {"those", "these"}
                 for c in t.children) for t in view.doc)  # fmt: skip
    if earlier is None or not refers:
        return
    facts: list[tuple[Entity, str, Entity]] = []
    for entry, _start, _end in concept_spans(view, Kind.PRINCIPLE):
        facts.append((earlier.org, "cica:committedTo", entry.entity))
        facts += [(entry.entity, "dcterms:source", c) for c in earlier.charters]
    ctx.state(view, "en:commitment", 0.7, *facts)


def _triggers(view: SentenceView) -> list[tuple[int, Kind]]:
    """Positions of cooperation words and of "confidence-building measures"."""
    found = []
    for token in view.doc:
        if token.lemma_.lower() in COOPERATION:
            found.append((token.i, Kind.COOPERATION_AREA))
        elif (
            token.lemma_.lower() in {"measure", "cbm", "cbms"}
            and "confidence" in token.doc[max(0, token.i - 4) : token.i].text.lower()
        ) or token.lower_ in {"cbms", "cbm"}:
            found.append((token.i, Kind.CBM_AREA))
    return found


def areas(view: SentenceView, ctx: DocContext) -> None:
    """Areas named after a cooperation word or after "confidence-building measures"."""
    triggers = _triggers(view)
    if not triggers:
        return
    org = _sentence_organization(view, ctx)
    if org is None:
        return
    facts: list[tuple[Entity, str, Entity]] = []
    for kind, predicate in (
        (Kind.COOPERATION_AREA, "cica:encouragesCooperationOn"),
        (Kind.CBM_AREA, "cica:appliesCbmIn"),
    ):
        for entry, start, _ in concept_spans(view, kind):
            before = [t for t in triggers if t[0] < start]
            if before and before[-1][1] == kind:
                facts.append((org, predicate, entry.entity))
    ctx.state(view, "en:areas", 0.75, *facts)


def _sentence_organization(view: SentenceView, ctx: DocContext) -> Entity | None:
    root = next((t for t in view.doc if t.dep_ == "ROOT"), None)
    token = subject(root) if root is not None else None
    entity = mention_or_coref(token, view, ctx) if token is not None else None
    if entity is not None and entity.kind in ORGANIZATIONS:
        return entity
    return ctx.topic
