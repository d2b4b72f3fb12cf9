"""The Chinese passage: Chinese labels from its mentions, Chinese evidence for facts, its own facts.

There is no statistical Chinese model here: Chinese mentions are found through the lexicon's
Chinese forms, and a fact gets Chinese evidence from the sentence that names both its subject
and its object (an anchor per composed entity says how it is written in Chinese).
"""

from __future__ import annotations

from functools import lru_cache

from cica_kg.extract.context import DocContext, ZhAnchor
from cica_kg.extract.lexicon import gazetteer
from cica_kg.extract.naming import zh_date_forms, zh_forms, zh_number_forms
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Sentence, Value
from cica_kg.text.hanzi import simplified

ALIGNMENT = "zh:alignment"
_PURPOSE_MARKERS = ("旨在", "目的是", "宗旨是")
# Chinese phrases that refer back to an entity of the previous sentence ("this summit").
_REFERRING: dict[str, tuple[str, ...]] = {
    Kind.SUMMIT: ("本次峰会", "此次峰会", "这次峰会", "该峰会", "本届峰会", "此届峰会"),
    Kind.INTERNATIONAL_ORGANIZATION: ("该组织", "该论坛"),
}


def _anchors(term: Entity | Value, ctx: DocContext) -> list[ZhAnchor]:
    if isinstance(term, Value):
        if (term.datatype and term.datatype.startswith("xsd:g")) or term.datatype == "xsd:date":
            return [(zh_date_forms(term),)]
        if term.lexical.isdigit():
            return [(zh_number_forms(int(term.lexical)),)]
        return [((term.lexical,),)] if term.lang == "zh" else []
    anchors = list(ctx.zh_anchors.get(term, []))
    forms = zh_forms(term)
    if forms:
        anchors.append((forms,))
    return anchors


def _matches(anchor: ZhAnchor, text: str) -> bool:
    return all(any(form in text for form in group) for group in anchor)


def _states(term: Entity | Value, sentence: Sentence, ctx: DocContext) -> bool:
    """Whether the sentence names ``term``, directly or as "本次峰会" (this summit) after it."""
    if any(_matches(a, sentence.text) for a in _anchors(term, ctx)):
        return True
    if isinstance(term, Entity) and any(r in sentence.text for r in _REFERRING.get(term.kind, ())):
        previous = _previous(sentence, ctx)
        return previous is not None and any(_matches(a, previous.text) for a in _anchors(term, ctx))
    return False


def _previous(sentence: Sentence, ctx: DocContext) -> Sentence | None:
    earlier = [s for s in ctx.document.sentences("zh") if s.end <= sentence.start]
    return earlier[-1] if earlier else None


def align(ctx: DocContext) -> None:
    """Give every fact Chinese evidence where one Chinese sentence names subject and object."""
    sentences = ctx.document.sentences("zh")
    if not sentences:
        return
    for (subject, predicate, obj), evidence in list(ctx.facts().items()):
        if any(e.lang == "zh" for e in evidence) or predicate in {"rdfs:label", "skos:altLabel"}:
            continue
        if isinstance(obj, Value) and obj.lang == "en":
            continue
        for sentence in sentences:
            if _states(subject, sentence, ctx) and _states(obj, sentence, ctx):
                ctx.add(subject, predicate, obj, ctx.evidence(sentence, ALIGNMENT, 0.7))
                break


def purposes(ctx: DocContext) -> None:
    """org:purpose in Chinese: the clause after 旨在 ("aims to") in a sentence about the topic."""
    if ctx.topic is None:
        return
    for sentence in ctx.document.sentences("zh"):
        for marker in _PURPOSE_MARKERS:
            at = sentence.text.find(marker)
            if at < 0:
                continue
            begin = at + len(marker)
            text = sentence.text[begin:].rstrip("。！？；")
            start = sentence.start + begin
            evidence = ctx.evidence(sentence, "zh:purpose", 0.7, span=(start, start + len(text)))
            ctx.add(ctx.topic, "org:purpose", Value(text, lang="zh"), evidence)
            break


def first_mention(entity: Entity, ctx: DocContext) -> tuple[int, int] | None:
    """Offsets of the first Chinese mention of a lexicon entity, if the Chinese text has one."""
    best: tuple[int, int] | None = None
    for sentence in ctx.document.sentences("zh"):
        for form in zh_forms(entity):
            at = sentence.text.find(form)
            if at >= 0 and (best is None or sentence.start + at < best[0]):
                best = (sentence.start + at, sentence.start + at + len(form))
        if best is not None:
            return best
    return None


def composed_label_sentence(entity: Entity, ctx: DocContext) -> Sentence | None:
    """The first Chinese sentence that names a composed entity (by its anchors)."""
    anchors = ctx.zh_anchors.get(entity, [])
    for sentence in ctx.document.sentences("zh"):
        if any(_matches(a, sentence.text) for a in anchors):
            return sentence
    return None


@lru_cache(maxsize=1)
def _gazetteer_forms() -> tuple[tuple[str, Entity], ...]:
    """Every Chinese form of the gazetteer with its entity, longest first."""
    pairs = ((form, entry.entity) for entry in gazetteer() for form in entry.zh_forms())
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


def mentions(ctx: DocContext) -> dict[Entity, tuple[int, int]]:
    """Named things of the gazetteer the Chinese text mentions, with their first offsets.

    Longer names win over names inside them (亚信会议 over 亚信, 联合国大会 over 联合国).
    """
    found: dict[Entity, tuple[int, int]] = {}
    for sentence in ctx.document.sentences("zh"):
        taken: list[tuple[int, int]] = []
        text = simplified(sentence.text)  # one character for one: offsets hold
        for form, entity in _gazetteer_forms():
            at = text.find(form)
            while at >= 0:
                span = (sentence.start + at, sentence.start + at + len(form))
                if not any(s < span[1] and span[0] < e for s, e in taken):
                    taken.append(span)
                    found.setdefault(entity, span)
                at = text.find(form, at + len(form))
    return found
