"""Linked Data pages for the minted IRIs (``/id/…``): what the graph says about one resource.

:func:`describe` gathers it from the store (in a worker): the facts it is the subject of,
each with the quotes that state it (language, source article, confidence), the inferences
drawn from them, the accepted links to Wikidata/DBpedia/GeoNames, what else the evidence or
external graphs say, and the facts that point at it. :func:`entity` answers with HTML
(:mod:`cica_kg.serve.pagehtml`) or, for a client that asks, the same triples as RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cica_kg import graphs
from cica_kg.query.results import Term, Triple, from_oxigraph

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cica: <https://w3id.org/cica-kg/ontology#>
"""
FACTS_WITH_EVIDENCE = PREFIXES + f"""SELECT DISTINCT ?this ?p ?o ?lang ?quote ?source ?confidence
WHERE {{
  GRAPH <{graphs.FACTS}> {{ ?this ?p ?o }}
  OPTIONAL {{ GRAPH <{graphs.EVIDENCE}> {{
    ?st rdf:subject ?this ; rdf:predicate ?p ; rdf:object ?o ; cica:evidence ?note .
    ?note dcterms:language ?lang ; oa:hasTarget ?target .
    OPTIONAL {{ ?note cica:confidence ?confidence }}
    ?target oa:hasSource ?source ; oa:hasSelector ?selector .
    ?selector a oa:TextQuoteSelector ; oa:exact ?quote }} }}
}} ORDER BY ?p ?o ?lang ?quote ?source"""
INFERRED = f"""SELECT DISTINCT ?this ?p ?o WHERE {{
  GRAPH <{graphs.INFERRED}> {{ ?this ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH <{graphs.FACTS}> {{ ?this ?p ?o }} }}
}} ORDER BY ?p ?o"""
LINKS = PREFIXES + f"""SELECT DISTINCT ?this ?p ?o WHERE {{
  GRAPH <{graphs.LINKSET}> {{ ?this ?p ?o }} FILTER(?p IN (owl:sameAs, skos:exactMatch))
}} ORDER BY ?o"""
OTHER = f"""SELECT DISTINCT ?this ?g ?p ?o WHERE {{
  GRAPH ?g {{ ?this ?p ?o }}
  FILTER(?g NOT IN (<{graphs.FACTS}>, <{graphs.INFERRED}>, <{graphs.LINKSET}>))
}} ORDER BY ?g ?p ?o"""
INCOMING = f"""SELECT DISTINCT ?this ?s ?p WHERE {{
  GRAPH <{graphs.FACTS}> {{ ?s ?p ?this }}
}} ORDER BY ?p ?s"""
LABELS = PREFIXES + """SELECT DISTINCT ?s ?l WHERE {{
  VALUES ?s {{ {values} }}
  {{ GRAPH ?g {{ ?s rdfs:label|skos:prefLabel ?l }} }}
}} ORDER BY ?s ?l"""


@dataclass(frozen=True)
class Quote:
    """A sentence that states a fact: its text, language, source article and confidence."""

    text: str
    lang: str
    source: str
    confidence: str = ""


@dataclass
class Description:
    """Everything the page of one resource shows."""

    iri: str
    facts: dict[tuple[Term, Term], list[Quote]] = field(default_factory=dict)
    inferred: list[tuple[Term, Term]] = field(default_factory=list)
    links: list[tuple[Term, Term]] = field(default_factory=list)
    other: list[tuple[str, Term, Term]] = field(default_factory=list)
    incoming: list[tuple[Term, Term]] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def empty(self) -> bool:
        """Whether the graph says nothing about the resource."""
        return not (self.facts or self.inferred or self.links or self.other or self.incoming)

    def triples(self) -> list[Triple]:
        """The description as RDF: what it says, what points at it, its accepted links."""
        this = Term("uri", self.iri)
        out: list[Triple] = [(this, p, o) for p, o in self.facts]
        out += [(this, p, o) for _, p, o in self.other]
        out += [(this, p, o) for p, o in self.links]
        out += [(s, p, this) for s, p in self.incoming]
        return out


def describe(store: Any, iri: str) -> Description:
    """What the store says about ``iri`` (see the module docstring)."""
    import pyoxigraph as ox

    bound = {ox.Variable("this"): ox.NamedNode(iri)}

    def rows(text: str) -> list[list[Term | None]]:
        answer = store.query(text, substitutions=bound)
        return [[from_oxigraph(s[v]) for v in answer.variables[1:]] for s in answer]

    found = Description(iri)
    for p, o, lang, quote, source, confidence in rows(FACTS_WITH_EVIDENCE):
        quotes = found.facts.setdefault((_t(p), _t(o)), [])
        if quote is not None and lang is not None and source is not None:
            quotes.append(Quote(quote.value, lang.value, source.value,
                                confidence.value if confidence else ""))  # fmt: skip
    found.inferred = [(_t(p), _t(o)) for p, o in rows(INFERRED)]
    found.links = [(_t(p), _t(o)) for p, o in rows(LINKS)]
    found.other = [(_t(g).value, _t(p), _t(o)) for g, p, o in rows(OTHER)]
    found.incoming = [(_t(s), _t(p)) for s, p in rows(INCOMING)]
    found.labels = _labels(store, found)
    return found


def _t(term: Term | None) -> Term:
    assert term is not None  # every variable of these patterns is bound
    return term


def _labels(store: Any, found: Description) -> dict[str, dict[str, str]]:
    iris = {found.iri} | {t.value for triple in found.triples() for t in triple if t.kind == "uri"}
    iris |= {t.value for pair in found.inferred for t in pair if t.kind == "uri"}
    iris |= {q.source for quotes in found.facts.values() for q in quotes}
    values = " ".join(Term("uri", iri).n3() for iri in sorted(iris))
    labels: dict[str, dict[str, str]] = {}
    for solution in store.query(LABELS.format(values=values)):
        label = solution["l"]
        names = labels.setdefault(solution["s"].value, {})
        names.setdefault((label.language or "").split("-")[0], label.value)
    return labels
