"""Concepts in text by patterns of meaning (``data/concept_patterns.toml``, decision 0101).

A pattern is groups of English lemmas (or Chinese words) that must all occur close together:
"respect + sovereignty" finds "respect one another's sovereignty" and "respect for the
sovereignty of states"; "干涉 + 内政" finds 互不干涉内政 and 不干涉别国内政. The concept's labels
stay labels (``ontology/concepts.ttl``); what an article says is matched by meaning, not by a
list of its phrases.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from cica_kg.errors import ResourceError
from cica_kg.extract.lexicon import LexEntry, concepts
from cica_kg.iris import ID, entity_iri
from cica_kg.text.hanzi import simplified

if TYPE_CHECKING:
    from spacy.tokens import Doc

SOURCE = "cica_kg/data/concept_patterns.toml"
WINDOW_EN = 6
"""Tokens from the first to the last token a pattern matches, at most."""
WINDOW_ZH = 12
"""Characters from the first to the last word a Chinese pattern matches, at most."""

Span = tuple[LexEntry, int, int]
"""A concept found: its entry, and the first and end token (English) or character (Chinese)."""


@dataclass(frozen=True)
class Pattern:
    """One way to say a concept: groups of alternatives that must all occur close together."""

    entry: LexEntry
    groups: tuple[frozenset[str], ...]


def parse_patterns(text: str) -> tuple[tuple[Pattern, ...], tuple[Pattern, ...]]:
    """The English and Chinese patterns of a TOML text in the format of the data file.

    Raises:
        ResourceError: the text is not TOML, or names a concept the ontology does not have.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{SOURCE}: not valid TOML: {exc}") from exc
    by_path = {str(entity_iri(e.kind, e.name)).removeprefix(ID): e for e in concepts()}
    english: list[Pattern] = []
    chinese: list[Pattern] = []
    for item in data.get("pattern", []):
        path = str(item.get("concept", ""))
        if path not in by_path:
            raise ResourceError(
                f"{SOURCE}: no concept {path!r} in ontology/concepts.ttl; use one of "
                f"{', '.join(sorted(by_path)[:3])}, ..."
            )
        english += [_pattern(by_path[path], p) for p in item.get("en", ())]
        chinese += [_pattern(by_path[path], simplified(p)) for p in item.get("zh", ())]
    return tuple(english), tuple(chinese)


def _pattern(entry: LexEntry, spec: str) -> Pattern:
    groups = tuple(frozenset(w.strip() for w in g.split("|")) for g in spec.split("+"))
    return Pattern(entry, groups)


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[Pattern, ...], tuple[Pattern, ...]]:
    """The bundled English and Chinese patterns."""
    source = resources.files("cica_kg").joinpath("data/concept_patterns.toml")
    return parse_patterns(source.read_text("utf-8"))


def english_concepts(doc: Doc) -> list[Span]:
    """Every concept a parsed English sentence speaks of, with its token span."""
    positions: dict[str, list[int]] = {}
    for token in doc:
        for form in {token.lemma_.lower(), token.lower_}:
            positions.setdefault(form, []).append(token.i)
    found: list[Span] = []
    for pattern in patterns()[0]:
        found += [(pattern.entry, s, e) for s, e in _matches(pattern.groups, positions, WINDOW_EN)]
    return _without_repeats(found)


def chinese_concepts(text: str) -> list[Span]:
    """Every concept a Chinese sentence (either script) speaks of, with its character span."""
    plain = simplified(text)
    found: list[Span] = []
    for pattern in patterns()[1]:
        words = {w for g in pattern.groups for w in g}
        positions = {w: _occurrences(plain, w) for w in words}
        spans = _matches(pattern.groups, positions, WINDOW_ZH, lengths=True)
        found += [(pattern.entry, start, end) for start, end in spans]
    return _without_repeats(found)


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _matches(
    groups: tuple[frozenset[str], ...],
    positions: dict[str, list[int]],
    window: int,
    lengths: bool = False,
) -> list[tuple[int, int]]:
    """(start, end) of each place where every group occurs within ``window``."""

    def places(group: frozenset[str]) -> list[tuple[int, int]]:
        found = [(at, w) for w in group for at in positions.get(w, [])]
        return sorted((at, at + (len(w) if lengths else 1)) for at, w in found)

    first, *rest = [places(g) for g in groups]
    spans = []
    for start, end in first:
        chosen = [(start, end)]
        for options in rest:
            near = [o for o in options if abs(o[0] - start) <= window]
            if not near:
                break
            chosen.append(min(near, key=lambda o: abs(o[0] - start)))
        else:
            begin, finish = min(c[0] for c in chosen), max(c[1] for c in chosen)
            if finish - begin <= window + (max(c[1] - c[0] for c in chosen) if lengths else 1):
                spans.append((begin, finish))
    return spans


def _without_repeats(spans: list[Span]) -> list[Span]:
    """One span per concept and place: a span inside another of the same concept goes."""
    ordered = sorted(set(spans), key=lambda s: (s[1], -s[2], s[0].name, s[0].kind))
    kept: list[Span] = []
    for span in ordered:
        entry, start, end = span
        if any(k[0] == entry and k[1] <= start and end <= k[2] for k in kept):
            continue
        kept.append(span)
    return kept
