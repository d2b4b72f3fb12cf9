"""Entity parameters: a name resolved to the entities it names before the query runs.

A header line ``# param name: entity -- the entity's name`` declares ``?name`` as a name in
English or Chinese (label or abbreviation, any case). ``?name`` is bound as a plain literal,
like a ``string`` parameter. Before the query itself runs, the same engine answers the fixed
:data:`LOOKUP` query with ``?name`` bound as an RDF term (substitutions, ``initBindings``, or an
escaped ``VALUES`` row for an HTTP endpoint), never pasted into the text. The IRIs it returns
come from the store; each is checked as an IRI and written as ``VALUES ?entity { <iri> … }``
at the top of the query's WHERE group. The query then starts from known entities, so Oxigraph
plans its joins from them instead of hash-joining a label filter in at the end
(docs/decisions/0052-entity-parameters.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Protocol

from cica_kg.errors import CicaKgError
from cica_kg.query.options import EngineOptions
from cica_kg.query.params import Param, is_iri
from cica_kg.query.results import QueryResult, Term
from cica_kg.query.safety import inject_block

ENTITY_TYPE = "entity"
ENTITY_VARIABLE = "entity"
NO_MATCH = "<urn:cica-kg:no-entity-matches>"
"""The one row of ``VALUES ?entity`` when no entity has the name asked for."""
"""The variable every ``entity`` parameter binds (a query declares at most one)."""

LOOKUP = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?name ?entity
WHERE {
  GRAPH <https://w3id.org/cica-kg/graph/facts> { ?entity rdfs:label|skos:altLabel ?label }
  FILTER(lcase(str(?label)) = lcase(str(?name)))
}
ORDER BY ?entity"""
"""The fixed look-up: entities whose label or alternative label in the facts is ``?name``,
compared case-insensitively (what cq11 and cq14 matched on before 0052). The filter is in the
top-level group, where an endpoint's ``VALUES ?name`` row is in scope."""

Run = Callable[[str, Mapping[str, Term]], QueryResult]
"""Runs a SELECT text with bindings on one engine (the engine that runs the query)."""


class Engine(Protocol):
    """An engine bound to its data, e.g. ``partial(run_oxigraph, store)``."""

    def __call__(self, text: str, *, options: EngineOptions) -> QueryResult: ...


def entity_param(params: Iterable[Param]) -> str | None:
    """The name of the query's ``entity`` parameter, if it declares one."""
    names = [p.name for p in params if p.type == ENTITY_TYPE]
    return names[0] if names else None


def resolve_names(run: Run, name: Term, *, where: str = "query") -> list[str]:
    """The IRIs of the entities called ``name``, sorted, from :data:`LOOKUP` on ``run``.

    Raises:
        CicaKgError: the look-up returned something that is not an IRI (a blank node).
    """
    result = run(LOOKUP, {"name": name})
    column = result.variables.index(ENTITY_VARIABLE)
    iris: set[str] = set()
    for row in result.rows:
        term = row[column]
        if term is None or term.kind != "uri" or not is_iri(term.value):
            raise CicaKgError(
                f"{where}: the name {name.value!r} belongs to {term!r}, which is not an IRI, "
                "so it cannot be bound to ?entity; give the entity a resolvable IRI"
            )
        iris.add(term.value)
    return sorted(iris)


def values_block(iris: Iterable[str]) -> str:
    """``VALUES ?entity { <iri> … }`` for checked IRIs (an empty block matches nothing).

    Raises:
        ValueError: an item is not a safe absolute IRI.
    """
    terms = []
    for iri in iris:
        if not is_iri(iri):
            raise ValueError(f"not an IRI: {iri!r}")
        terms.append(Term("uri", iri).n3())
    # rdflib's engine fails on an empty VALUES block ('list' object has no attribute 'name'):
    # no match is written as one IRI that no graph holds, which matches nothing on every engine
    return f"VALUES ?{ENTITY_VARIABLE} {{ {' '.join(terms) or NO_MATCH} }}"


def bind_entities(engine: Engine, text: str, *, options: EngineOptions) -> str:
    """``text`` with ``?entity`` bound to the entities named by ``options.entity_param``.

    The look-up runs on ``engine`` with :meth:`EngineOptions.lookup`. Without an entity
    parameter (or its value) the text is returned unchanged.
    """
    param = options.entity_param
    if param is None or param not in options.bindings:
        return text
    lookup = options.lookup()

    def run(query: str, bindings: Mapping[str, Term]) -> QueryResult:
        return engine(query, options=replace(lookup, bindings=bindings))

    iris = resolve_names(run, options.bindings[param], where=options.where)
    return inject_block(text, values_block(iris))
