"""The extractor's lexicon: the gazetteer of names and the SKOS concepts of the ontology.

The gazetteer (``data/gazetteer.tsv``) says what a name refers to, of which kind, and how it is
written in Chinese; the concept schemes (``ontology/concepts.ttl``) give the labels of
principles, areas, concept components and roles. Neither states a relation: relations come
from the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from cica_kg.errors import ResourceError
from cica_kg.kinds import Kind
from cica_kg.model import Entity
from cica_kg.prefixes import curie
from cica_kg.resources import ontology_file


@dataclass(frozen=True)
class LexEntry:
    """One named thing of the gazetteer or one concept of the ontology."""

    kind: Kind
    name: str
    aliases: tuple[str, ...]
    zh: str | None
    zh_aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    scheme: str | None = None  # concept scheme CURIE for SKOS concepts

    @cached_property
    def entity(self) -> Entity:
        """The entity this entry names."""
        return Entity(kind=self.kind, key=self.name, label_en=self.name, label_zh=self.zh)

    def en_forms(self) -> tuple[str, ...]:
        """Every English form: the name first, then its aliases."""
        return (self.name, *self.aliases)

    def zh_forms(self) -> tuple[str, ...]:
        """Every Chinese form, longest first (so a longer name wins over its part)."""
        return self._zh_forms

    @cached_property
    def _zh_forms(self) -> tuple[str, ...]:
        forms = [f for f in (self.zh, *self.zh_aliases) if f]
        return tuple(sorted(set(forms), key=lambda f: (-len(f), f)))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def parse_gazetteer(text: str, *, source: str) -> tuple[LexEntry, ...]:
    """Parse gazetteer TSV text.

    Raises:
        ResourceError: a row does not have six tab-separated columns, or its kind is no Kind.
    """
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 6:
            raise ResourceError(
                f"{source} line {number}: expected 6 tab-separated columns, found {len(cells)}"
            )
        kind, name, aliases, zh, zh_aliases, demonyms = (c.strip() for c in cells)
        entries.append(LexEntry(_kind(kind, f"{source} line {number}"), name, _split(aliases),
                                zh or None, _split(zh_aliases), _split(demonyms)))  # fmt: skip
    return tuple(entries)


def _kind(text: str, where: str) -> Kind:
    try:
        return Kind(text)
    except ValueError:
        raise ResourceError(
            f"{where}: unknown kind {text!r}; use one of cica_kg.kinds.Kind ({Kind.STATE}, ...)"
        ) from None


@lru_cache(maxsize=1)
def gazetteer() -> tuple[LexEntry, ...]:
    """The bundled gazetteer."""
    text = resources.files("cica_kg").joinpath("data/gazetteer.tsv").read_text("utf-8")
    return parse_gazetteer(text, source="cica_kg/data/gazetteer.tsv")


_CONCEPT_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?type ?scheme ?pref ?alt WHERE {
  ?c a ?type ; skos:inScheme ?scheme ; skos:prefLabel ?pref .
  FILTER(?type != skos:Concept)
  OPTIONAL { ?c skos:altLabel ?alt }
}
"""


def parse_concepts(path: Path) -> tuple[LexEntry, ...]:
    """Read the SKOS concepts of ``path`` as lexicon entries (labels in en and zh).

    Raises:
        ResourceError: the file does not parse, or a concept's class is no Kind.
    """
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise ResourceError(f"{path}: cannot parse the concepts file: {exc}") from exc
    labels: dict[tuple[str, str, str], dict[str, set[str]]] = {}
    for row in graph.query(_CONCEPT_QUERY):
        concept, kind, scheme, pref, alt = (row[i] for i in range(5))  # type: ignore[index]
        pref_lang, alt_lang = getattr(pref, "language", None), getattr(alt, "language", None)
        key = (str(concept), curie(str(kind)), curie(str(scheme)))
        forms = labels.setdefault(key, {"en": set(), "zh": set(), "en-alt": set(), "zh-alt": set()})
        forms[pref_lang or "en"].add(str(pref))
        if alt is not None:
            forms[(alt_lang or "en") + "-alt"].add(str(alt))
    return tuple(_concept_entry(key, forms, path) for key, forms in sorted(labels.items()))


def _concept_entry(key: tuple[str, str, str], forms: dict[str, set[str]], path: Path) -> LexEntry:
    iri, kind, scheme = key
    name = sorted(forms["en"])[0]
    zh = sorted(forms["zh"])[0] if forms["zh"] else None
    return LexEntry(
        kind=_kind(kind, f"{path}: {iri}"),
        name=name,
        aliases=tuple(sorted(forms["en-alt"] | (forms["en"] - {name}))),
        zh=zh,
        zh_aliases=tuple(sorted(forms["zh-alt"] | (forms["zh"] - {zh} if zh else set()))),
        scheme=scheme,
    )


@lru_cache(maxsize=1)
def concepts() -> tuple[LexEntry, ...]:
    """The bundled SKOS concepts (principles, areas, components, roles)."""
    return parse_concepts(ontology_file("concepts.ttl"))


def concepts_of(kind: Kind) -> tuple[LexEntry, ...]:
    """The concepts of one kind, e.g. ``Kind.PRINCIPLE``."""
    return tuple(c for c in concepts() if c.kind == kind)


@lru_cache(maxsize=1)
def by_key() -> Mapping[tuple[str, str], LexEntry]:
    """Every lexicon entry by (kind, name) (read-only; built once)."""
    return MappingProxyType({(e.kind, e.name): e for e in (*gazetteer(), *concepts())})
