"""The aim of an organization: "This regional forum aims to promote dialogue ..."."""

from __future__ import annotations

from cica_kg.extract.context import DocContext, SentenceView
from cica_kg.extract.syntax import children, mention_or_coref, subject, verbs
from cica_kg.kinds import ORGANIZATIONS
from cica_kg.model import Value

AIM = {"aim", "seek", "strive", "intend", "endeavour", "endeavor", "work"}


def purposes(view: SentenceView, ctx: DocContext) -> None:
    """Record org:purpose from "X aims to ..." / "X seeks to ..." (the infinitive clause)."""
    for verb in verbs(view.doc, AIM):
        who = subject(verb)
        org = mention_or_coref(who, view, ctx) if who is not None else None
        if org is None or org.kind not in ORGANIZATIONS:
            continue
        for clause in children(verb, {"xcomp"}):
            tokens = sorted(clause.subtree, key=lambda t: t.i)
            words = [
                t
                for t in tokens
                if not (t.dep_ == "aux" and t.lower_ == "to" and t.i == tokens[0].i)
            ]
            if not words:
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            text = view.doc.text[start:end]
            evidence = ctx.evidence(view.sentence, "en:purpose", 0.8)
            ctx.add(org, "org:purpose", Value(text, lang="en"), evidence)
