"""OWL-RL materialisation of the facts against the ontology, for the store.

The rules the ontology's axioms can fire run over pyoxigraph terms (:mod:`.entail`,
decision 0106); a graph outside what they cover goes through owlrl's full closure, imported
(with rdflib) only then. Never imported by ``cica-kg query``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_NOISE_OBJECTS = frozenset(
    {
        "http://www.w3.org/2002/07/owl#Thing",
        "http://www.w3.org/2000/01/rdf-schema#Resource",
        "http://www.w3.org/2002/07/owl#NamedIndividual",
    }
)
_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def infer_triples(store: Any, *, base: str, graphs: Sequence[str]) -> list[Any]:
    """The triples OWL-RL entails from the named ``graphs`` of ``store`` (facts + ontology).

    The linkset (``owl:sameAs`` to Wikidata...) and external data are never inputs, so
    no inference merges the text's resources with another dataset's (decision 0073).

    Only triples whose subject is an IRI under ``base`` (the graph's own resources), whose
    object is not a blank node (an anonymous class expression) and that are not already
    asserted are returned, as pyoxigraph ``(s, p, o)`` tuples, sorted.
    """
    import pyoxigraph as ox

    from cica_kg.store.entail import closure

    asserted = [
        ox.Triple(q.subject, q.predicate, q.object)
        for name in graphs
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    ]
    entailed = closure((t.subject, t.predicate, t.object) for t in asserted)
    if entailed is None:
        return owlrl_triples(asserted, base=base)
    before = {(t.subject, t.predicate, t.object) for t in asserted}
    kept = [t for t in entailed - before if _kept(t, base)]
    return sorted(kept, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))


def _kept(triple: tuple[Any, Any, Any], base: str) -> bool:
    """A new triple about our own resources that says something (the filter of owlrl's too)."""
    import pyoxigraph as ox

    s, p, o = triple
    if not isinstance(s, ox.NamedNode) or not s.value.startswith(base):
        return False
    if p.value == _SAME_AS or isinstance(o, ox.BlankNode):
        return False
    return not (isinstance(o, ox.NamedNode) and o.value in _NOISE_OBJECTS)


def owlrl_triples(asserted: Sequence[Any], *, base: str) -> list[Any]:
    """:func:`infer_triples` by owlrl's full OWL-RL closure of the ``asserted`` triples."""
    import owlrl
    import pyoxigraph as ox
    from rdflib import BNode, Graph

    graph = Graph()
    graph.parse(data=ox.serialize(asserted, format=ox.RdfFormat.N_TRIPLES), format="nt")
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    new = Graph()
    for s, p, o in graph:
        if (s, p, o) in before or not str(s).startswith(base):
            continue
        if str(p) == _SAME_AS or str(o) in _NOISE_OBJECTS or isinstance(o, BNode):
            continue
        new.add((s, p, o))
    data = new.serialize(format="nt", encoding="utf-8")
    triples = [(t.subject, t.predicate, t.object) for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
    return sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
