"""Labels for every entity a fact names, each with the evidence of where the name was read."""

from __future__ import annotations

from cica_kg.extract import chinese
from cica_kg.extract.context import DocContext
from cica_kg.extract.lexicon import by_key
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Evidence, Sentence, Value


def _entities(ctx: DocContext) -> list[Entity]:
    """Every entity a fact names, then every other entity the text mentions by name."""
    seen: dict[Entity, None] = {}
    for subject, _predicate, obj in ctx.facts():
        seen.setdefault(subject)
        if isinstance(obj, Entity):
            seen.setdefault(obj)
    for entity, mention in ctx.first_mention.items():
        if not mention.demonym:
            seen.setdefault(entity)
    for entity in chinese.mentions(ctx):
        seen.setdefault(entity)
    return list(seen)


def _first_fact_evidence(entity: Entity, ctx: DocContext, lang: str) -> Evidence | None:
    for (subject, _p, obj), evidence in ctx.facts().items():
        if entity in (subject, obj):
            for piece in evidence:
                if piece.lang == lang:
                    return piece
    return None


def _english(entity: Entity, ctx: DocContext) -> Evidence | None:
    mention = ctx.first_mention.get(entity)
    if mention is not None:
        sentence = next(s for s in ctx.document.sentences("en") if s.start <= mention.start < s.end)
        return ctx.evidence(sentence, "en:mention", 0.9, span=(mention.start, mention.end))
    return _first_fact_evidence(entity, ctx, "en")


def _chinese(entity: Entity, ctx: DocContext) -> Evidence | None:
    span = chinese.first_mention(entity, ctx)
    if span is not None:
        mentioned = next(s for s in ctx.document.sentences("zh") if s.start <= span[0] < s.end)
        return ctx.evidence(mentioned, "zh:mention", 0.9, span=span)
    composed = chinese.composed_label_sentence(entity, ctx)
    if composed is not None:
        return ctx.evidence(composed, "zh:composed-label", 0.7)
    english = _english(entity, ctx)
    if english is None:
        return None
    # the Chinese name comes from the lexicon, for the thing the English text names
    return Evidence(english.doc_id, english.lang, english.start, english.end, english.quote,
                    "lexicon:zh-label", 0.8)  # fmt: skip


def _from_chinese(entity: Entity, ctx: DocContext) -> Evidence | None:
    """For a thing only the Chinese text names: its English name comes from the lexicon."""
    span = chinese.first_mention(entity, ctx)
    if span is None:
        return None
    sentence = next(s for s in ctx.document.sentences("zh") if s.start <= span[0] < s.end)
    return ctx.evidence(sentence, "lexicon:en-label", 0.8, span=span)


def _alternative_names(entity: Entity, ctx: DocContext) -> None:
    """skos:altLabel for every other name of the entity that the text itself uses."""
    entry = by_key().get((entity.kind, entity.key))
    if entry is None or entry.scheme is not None:  # concepts carry their labels in the vocabulary
        return
    names = {entity.label_en, entity.label_zh}
    for lang, forms in (("en", entry.aliases), ("zh", entry.zh_forms())):
        for form in forms:
            span = _find(form, ctx, lang)
            if form not in names and span is not None:
                sentence, start = span
                evidence = ctx.evidence(
                    sentence, f"{lang}:alias", 0.85, span=(start, start + len(form))
                )
                ctx.add(entity, "skos:altLabel", Value(form, lang=lang), evidence)


def _find(form: str, ctx: DocContext, lang: str) -> tuple[Sentence, int] | None:
    """The first occurrence of a name as a word (English) or a string (Chinese)."""
    for sentence in ctx.document.sentences(lang):
        at = sentence.text.find(form)
        while at >= 0:
            end = at + len(form)
            text = sentence.text
            bounded = lang == "zh" or (
                (at == 0 or not text[at - 1].isalnum())
                and (end == len(text) or not text[end].isalnum())
            )
            if bounded:
                return sentence, sentence.start + at
            at = text.find(form, end)
    return None


def labels(ctx: DocContext) -> None:
    """Add rdfs:label in English and Chinese for every entity the facts name."""
    for entity in _entities(ctx):
        if entity.kind == Kind.SOURCE_ARTICLE:  # its title is its name
            continue
        _alternative_names(entity, ctx)
        english = _english(entity, ctx) or _from_chinese(entity, ctx)
        if english is not None:
            ctx.add(entity, "rdfs:label", Value(entity.label_en, lang="en"), english)
        if entity.label_zh:
            evidence = _chinese(entity, ctx)
            if evidence is not None:
                ctx.add(entity, "rdfs:label", Value(entity.label_zh, lang="zh"), evidence)
