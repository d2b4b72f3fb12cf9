"""The OWL 2 RL rules the ontology's axioms can fire, over pyoxigraph terms (decision 0106).

The ontology uses ``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``rdfs:domain``,
``rdfs:range``, ``owl:inverseOf``, ``owl:unionOf``, ``owl:oneOf`` and
``owl:FunctionalProperty``. Without a functional property holding two values of one thing,
OWL 2 RL entails from such a graph only what rules cax-sco, prp-dom, prp-rng, prp-spo1,
prp-inv1/2, cls-uni and cls-oo give (and ``owl:Thing``/``owl:sameAs``/datatype triples,
which the store never keeps), so :func:`closure` computes just those, to a fixpoint.

:func:`closure` returns None when the graph is outside that case (another OWL construct, an
``owl:sameAs``, a functional property with two values, a derived schema triple): the caller
then runs the full OWL-RL closure (owlrl), whose answer this one equals where it answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
TYPE, FIRST, REST, NIL = (RDF + n for n in ("type", "first", "rest", "nil"))
SUB_CLASS, SUB_PROPERTY, DOMAIN, RANGE = (
    RDFS + n for n in ("subClassOf", "subPropertyOf", "domain", "range")
)
INVERSE, UNION, ONE_OF, FUNCTIONAL = (
    OWL + n for n in ("inverseOf", "unionOf", "oneOf", "FunctionalProperty")
)
SCHEMA = frozenset({SUB_CLASS, SUB_PROPERTY, DOMAIN, RANGE, INVERSE, UNION, ONE_OF, FIRST, REST})
"""Predicates of the axioms read here: a derived triple with one of these ends the fast path."""
_HARMLESS_PREDICATES = frozenset(
    RDFS + n for n in ("label", "comment", "seeAlso", "isDefinedBy")
) | frozenset(OWL + n for n in ("versionIRI", "versionInfo", "imports", "priorVersion"))
_HARMLESS_TYPES = frozenset(
    OWL + n
    for n in (
        "Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty", "NamedIndividual",
        "Ontology", "Thing",
    )
) | frozenset({RDFS + "Class", RDFS + "Datatype", RDF + "Property", FUNCTIONAL})  # fmt: skip

Triple = tuple[Any, Any, Any]


def closure(asserted: Iterable[Triple]) -> set[Triple] | None:
    """Every triple the rules above entail from ``asserted`` (including it), or None when
    the graph needs the full OWL-RL closure (see the module's docstring)."""
    known = set(asserted)
    if not all(_supported(t) for t in known):
        return None
    rules = _Rules(known)
    queue = list(known)
    while queue:
        for derived in rules.fire(queue.pop()):
            if derived not in known:
                if not _fast(derived):
                    return None
                known.add(derived)
                queue.append(derived)
    return None if rules.functional_clash(known) else known


def _supported(triple: Triple) -> bool:
    """Whether an asserted triple is one the rules handle or can ignore."""
    predicate, obj = triple[1].value, triple[2]
    if predicate.startswith((OWL, RDFS)):
        return predicate in SCHEMA or predicate in _HARMLESS_PREDICATES
    if predicate == TYPE and isinstance(obj, ox.NamedNode) and obj.value.startswith(OWL):
        return obj.value in _HARMLESS_TYPES
    return True


def _fast(derived: Triple) -> bool:
    """Whether a derived triple leaves the schema, and so the rules, as they are."""
    if derived[1].value in SCHEMA or not _supported(derived):
        return False
    return not (derived[1].value == TYPE and derived[2].value == FUNCTIONAL)


class _Rules:
    """The schema of the asserted graph, indexed for the instance rules."""

    def __init__(self, triples: set[Triple]) -> None:
        self.supers: dict[Any, set[Any]] = defaultdict(set)  # class -> direct superclasses
        self.supers_of_property: dict[Any, set[Any]] = defaultdict(set)
        self.domains: dict[Any, set[Any]] = defaultdict(set)
        self.ranges: dict[Any, set[Any]] = defaultdict(set)
        self.inverses: dict[Any, set[Any]] = defaultdict(set)
        self.functional: set[Any] = set()
        self.members: list[tuple[Any, Any]] = []  # (individual, class) from owl:oneOf
        rests = {s: o for s, p, o in triples if p.value == REST}
        firsts = {s: o for s, p, o in triples if p.value == FIRST}
        for s, p, o in triples:
            self._index(s, p.value, o, firsts, rests)

    def _index(self, s: Any, p: str, o: Any, firsts: dict[Any, Any], rests: dict[Any, Any]) -> None:
        if p == SUB_CLASS:
            self.supers[s].add(o)
        elif p == SUB_PROPERTY:
            self.supers_of_property[s].add(o)
        elif p == DOMAIN:
            self.domains[s].add(o)
        elif p == RANGE:
            self.ranges[s].add(o)
        elif p == INVERSE:
            self.inverses[s].add(o)
            self.inverses[o].add(s)
        elif p == UNION:
            for member in _items(o, firsts, rests):
                self.supers[member].add(s)  # cls-uni: a member's instance is the union's
        elif p == ONE_OF:
            self.members.extend((i, s) for i in _items(o, firsts, rests))
        elif p == TYPE and isinstance(o, ox.NamedNode) and o.value == FUNCTIONAL:
            self.functional.add(s)

    def fire(self, triple: Triple) -> list[Triple]:
        """The triples one step of the rules derives from ``triple``."""
        s, p, o = triple
        kind = ox.NamedNode(TYPE)
        out = [(s, kind, c) for c in self.domains.get(p, ())]  # prp-dom
        out += [(s, q, o) for q in self.supers_of_property.get(p, ())]  # prp-spo1
        if not isinstance(o, ox.Literal):
            out += [(o, kind, c) for c in self.ranges.get(p, ())]  # prp-rng
            out += [(o, q, s) for q in self.inverses.get(p, ())]  # prp-inv1/2
        if p.value == TYPE:
            out += [(s, kind, c) for c in self.supers.get(o, ())]  # cax-sco (and cls-uni)
        if self.members:  # cls-oo, once: the first triple popped brings every member in
            out += [(i, kind, c) for i, c in self.members]
            self.members = []
        return out

    def functional_clash(self, triples: set[Triple]) -> bool:
        """Whether a functional property has two values of one subject (prp-fp: sameAs)."""
        seen: dict[tuple[Any, Any], Any] = {}
        values = ((s, p, o) for s, p, o in triples if p in self.functional)
        return any(seen.setdefault((s, p), o) != o for s, p, o in values)


def _items(head: Any, firsts: dict[Any, Any], rests: dict[Any, Any]) -> list[Any]:
    """The members of the RDF list at ``head`` (as far as it is well formed)."""
    items: list[Any] = []
    while head in firsts and len(items) < 10_000:
        items.append(firsts[head])
        head = rests.get(head)
    return items
