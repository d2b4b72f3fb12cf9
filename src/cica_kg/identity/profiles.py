"""What each document says of each composed entity, and the rewrite to one node per identity.

A :class:`Profile` gathers, for one entity of one document (its kind and key, so one IRI, as
that document minted it), the values of the properties that identify it: its ordinal, the
years of its dates, its place, its organizer. Per document, because a key composed from
little ("the presidency of China", with no start) is the same string in every article that
knows as little, whichever term each article means.
:func:`rewrite` gives every statement the entity of its identity: the representative's key
and names, the other members' names as ``skos:altLabel`` (decision 0090).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cica_kg.model import Entity, Evidence, Statement, Value

NodeId = tuple[str, str, str]
"""An entity as one document minted it: its kind, key and the document's id."""


@dataclass
class Profile:
    """The identifying values stated of one entity, from every document."""

    kind: str
    key: str
    doc_id: str
    entities: set[Entity] = field(default_factory=set)
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    evidence: set[Evidence] = field(default_factory=set)

    @property
    def node(self) -> NodeId:
        """The kind, key and document of the entity."""
        return self.kind, self.key, self.doc_id

    def get(self, predicate: str) -> set[str]:
        """The values of ``predicate``: lexical forms of literals, keys of entities."""
        return self.values.get(predicate, set())

    def years(self, predicate: str) -> set[str]:
        """The years of the dates stated with ``predicate``."""
        return {value[:4] for value in self.get(predicate) if value[:4].isdigit()}

    def one(self, predicate: str) -> str | None:
        """The value of ``predicate`` if exactly one is stated (the first, sorted, of several
        for a property that names what the entity is about: its organizer, its state)."""
        values = self.get(predicate)
        return min(values) if values else None


def per_document(statements: Iterable[Statement]) -> list[Statement]:
    """Each statement once per document that makes it, with that document's evidence."""
    split = []
    for statement in statements:
        by_doc: dict[str, list[Evidence]] = defaultdict(list)
        for ev in statement.evidence:
            by_doc[ev.doc_id].append(ev)
        for doc_id in sorted(by_doc) or [""]:
            evidence = tuple(by_doc.get(doc_id, ()))
            split.append(Statement(statement.subject, statement.predicate, statement.obj, evidence))
    return split


def merged(statements: Iterable[Statement]) -> list[Statement]:
    """One statement per triple, with the evidence of every copy, in first-seen order."""
    evidence: dict[tuple[Entity, str, Entity | Value], list[Evidence]] = {}
    for s in statements:
        evidence.setdefault((s.subject, s.predicate, s.obj), []).extend(s.evidence)
    return [Statement(*triple, evidence=tuple(found)) for triple, found in evidence.items()]


def document_of(statement: Statement) -> str:
    """The document a statement of :func:`per_document` comes from ("" for none)."""
    return statement.evidence[0].doc_id if statement.evidence else ""


def profiles(statements: Iterable[Statement]) -> dict[NodeId, Profile]:
    """A profile for every entity of every document (statements of :func:`per_document`)."""
    found: dict[NodeId, Profile] = {}

    def profile(entity: Entity, doc_id: str) -> Profile:
        node = (entity.kind, entity.key, doc_id)
        if node not in found:
            found[node] = Profile(entity.kind, entity.key, doc_id)
        found[node].entities.add(entity)
        return found[node]

    for statement in statements:
        doc_id = document_of(statement)
        subject = profile(statement.subject, doc_id)
        subject.evidence.update(statement.evidence)
        obj = statement.obj
        if isinstance(obj, Entity):
            profile(obj, doc_id).evidence.update(statement.evidence)
            subject.values[statement.predicate].add(obj.key)
        else:
            subject.values[statement.predicate].add(obj.lexical)
    return found


def representative(members: Sequence[Profile], score: Mapping[NodeId, int]) -> Profile:
    """The member whose key and names the identity takes: the best ``score`` (how exactly
    it states the identity's values), then the most evidence, then the first key."""
    return min(members, key=lambda p: (-score.get(p.node, 0), -len(p.evidence), p.key, p.doc_id))


def canonical_entities(
    groups: Iterable[Sequence[Profile]], score: Mapping[NodeId, int]
) -> dict[NodeId, Entity]:
    """For every member of a group, the entity of the group's identity (its own, alone)."""
    mapping: dict[NodeId, Entity] = {}
    for members in groups:
        chosen = representative(members, score)
        en = min(e.label_en for e in chosen.entities)
        mine = sorted(e.label_zh for e in chosen.entities if e.label_zh)
        others = sorted(e.label_zh for p in members for e in p.entities if e.label_zh)
        zh = next(iter(mine or others), None)
        entity = Entity(chosen.kind, chosen.key, en, zh)
        for member in members:
            mapping[member.node] = entity
    return mapping


def rewrite(
    statements: Sequence[Statement],
    mapping: Mapping[NodeId, Entity],
    found: Mapping[NodeId, Profile],
) -> list[Statement]:
    """The statements with each mapped entity replaced by its identity's entity, and the
    names the members had as ``skos:altLabel`` statements (quoting their first mention)."""

    result = []
    for statement in statements:
        doc_id = document_of(statement)
        subject = _swap(statement.subject, doc_id, mapping)
        obj = statement.obj
        obj = _swap(obj, doc_id, mapping) if isinstance(obj, Entity) else obj
        predicate = statement.predicate
        if predicate == "rdfs:label" and isinstance(obj, Value) and not _is_name(obj, subject):
            predicate = "skos:altLabel"  # a member's own name, stated: one name per language
        result.append(Statement(subject, predicate, obj, statement.evidence))
    for node in sorted(mapping):
        result.extend(_former_names(mapping[node], found[node]))
    return result


def _evidence_order(ev: Evidence) -> tuple[str, int, int, str, str, str, float]:
    """A total order of evidence (every field), so the first mention is the same every run."""
    return (ev.doc_id, ev.start, ev.end, ev.lang, ev.extractor, ev.quote, ev.confidence)


def _swap(entity: Entity, doc_id: str, mapping: Mapping[NodeId, Entity]) -> Entity:
    return mapping.get((entity.kind, entity.key, doc_id), entity)


def _is_name(value: Value, entity: Entity) -> bool:
    """Whether ``value`` is the name of ``entity`` in its language."""
    return value.lexical == (entity.label_zh if value.lang == "zh" else entity.label_en)


def _former_names(target: Entity, member: Profile) -> Iterable[Statement]:
    """``skos:altLabel`` statements for the names of ``member`` its identity does not use."""
    first: dict[str, Evidence] = {}
    for ev in sorted(member.evidence, key=_evidence_order):
        first.setdefault(ev.lang, ev)
    evidence = tuple(first.values())
    kept = {target.label_en, target.label_zh}
    for entity in sorted(member.entities, key=lambda e: (e.label_en, e.label_zh or "")):
        for name, lang in ((entity.label_en, "en"), (entity.label_zh, "zh")):
            if name and name not in kept:
                kept.add(name)
                yield Statement(target, "skos:altLabel", Value(name, lang=lang), evidence)
