"""The linkset named graph: every candidate link as a reified resource, accepted ones as links.

Layout (decision 0070)::

    cicar:link/<hash> a cica:LinkCandidate, rdf:Statement ;
        rdf:subject <entity> ; rdf:predicate owl:sameAs ; rdf:object wd:Q232 ;
        void:inDataset cicar:linkset/wikidata ;
        cica:linkDecision cica:Accepted ; cica:linkScore 1.0 ; cica:typeAgreement true ;
        dcterms:date "2026-11-26"^^xsd:date ; rdfs:comment "why" ;
        cica:evidence cicar:link/<hash>/curated-table .
    cicar:link/<hash>/curated-table a cica:LinkEvidence ;
        cica:linkMethod cica:CuratedTable ; cica:linkScore 1.0 ;
        cica:matchedLabel "Kazakhstan"@en ; cica:whereSeen "…" ; cica:typeNote "…" .
    <entity> owl:sameAs wd:Q232 .          # only for accepted candidates
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import VOID

from cica_kg import iris
from cica_kg.iris import LINKSET_GRAPH
from cica_kg.link.model import Candidate, Decision, Evidence, LinkResult, Method

LINK = Namespace(iris.ONTOLOGY)  # the linkset terms; see ontology/linkset-shapes.ttl header

DECISION_TERMS = {
    Decision.ACCEPTED: LINK.Accepted,
    Decision.REVIEW: LINK.NeedsReview,
    Decision.REJECTED: LINK.Rejected,
}
METHOD_TERMS = {
    Method.CURATED: LINK.CuratedTable,
    Method.GAZETTEER: LINK.OfflineGazetteer,
    Method.ONLINE: LINK.OnlineReconciliation,
    Method.REVIEWED: LINK.ReviewedDecision,
}
PREDICATES = {
    "owl:sameAs": OWL.sameAs,
    "skos:exactMatch": SKOS.exactMatch,
    "skos:closeMatch": SKOS.closeMatch,
}


def linkset_iri(dataset: str) -> URIRef:
    """The void:Linkset of the links to ``dataset``: ``cicar:linkset/wikidata``."""
    return URIRef(f"{iris.ID}linkset/{dataset}")


def target_dataset_iri(dataset: str) -> URIRef:
    """The void:Dataset standing for an external dataset: ``cicar:dataset/wikidata``."""
    return URIRef(f"{iris.ID}dataset/{dataset}")


def link_iri(candidate: Candidate) -> URIRef:
    """A stable IRI for a candidate: a hash of entity, dataset and target."""
    key = f"{candidate.entity.iri}|{candidate.dataset}|{candidate.target}"
    return URIRef(f"{iris.ID}link/{hashlib.sha1(key.encode()).hexdigest()[:16]}")


def linkset_graph(result: LinkResult) -> Graph:
    """The linkset graph of ``result`` (identifier :data:`LINKSET_GRAPH`)."""
    graph = Graph(identifier=LINKSET_GRAPH)
    bind_link_prefixes(graph)
    for candidate in result.candidates:
        add_candidate(graph, candidate)
    return graph


def add_linkset(dataset: Dataset, result: LinkResult) -> Graph:
    """Replace the linkset named graph of ``dataset`` with the links of ``result``."""
    dataset.remove_graph(LINKSET_GRAPH)
    graph = dataset.graph(LINKSET_GRAPH)
    for triple in linkset_graph(result):
        graph.add(triple)
    return graph


def serialize_linkset(result: LinkResult) -> bytes:
    """The linkset as TriG (one named graph), deterministic."""
    dataset = Dataset()
    bind_link_prefixes(dataset)
    add_linkset(dataset, result)
    return dataset.serialize(format="trig", encoding="utf-8")


def bind_link_prefixes(graph: Graph) -> None:
    """Bind the prefixes the linkset uses."""
    for prefix, namespace in (
        ("cica", iris.ONTOLOGY),
        ("cicar", iris.ID),
        ("void", str(VOID)),
        ("owl", str(OWL)),
        ("skos", str(SKOS)),
        ("dcterms", str(DCTERMS)),
        ("wd", "http://www.wikidata.org/entity/"),
        ("dbr", "http://dbpedia.org/resource/"),
        ("gn", "https://sws.geonames.org/"),
    ):
        graph.bind(prefix, Namespace(namespace), override=True)


def add_candidate(graph: Graph, candidate: Candidate) -> None:
    """Add one reified candidate (and its link, when accepted) to ``graph``."""
    node = link_iri(candidate)
    subject, target = URIRef(candidate.entity.iri), URIRef(candidate.target)
    predicate = PREDICATES[candidate.predicate]
    for triple in (
        (node, RDF.type, LINK.LinkCandidate),
        (node, RDF.type, RDF.Statement),
        (node, RDF.subject, subject),
        (node, RDF.predicate, predicate),
        (node, RDF.object, target),
        (node, VOID.inDataset, linkset_iri(candidate.dataset)),
        (node, LINK.linkDecision, DECISION_TERMS[candidate.decision]),
        (node, LINK.linkScore, _decimal(candidate.score)),
        (node, LINK.typeAgreement, Literal(candidate.type_agrees)),
        (node, DCTERMS.date, Literal(candidate.date, datatype=XSD.date)),
        (node, RDFS.comment, Literal(candidate.why)),
    ):
        graph.add(triple)
    if candidate.negative:
        graph.add((node, LINK.negativeEvidence, Literal(candidate.negative)))
    for evidence in candidate.evidence:
        _add_evidence(graph, node, evidence)
    if candidate.decision is Decision.ACCEPTED:
        graph.add((subject, predicate, target))


def _add_evidence(graph: Graph, node: URIRef, evidence: Evidence) -> None:
    ev = URIRef(f"{node}/{evidence.method.value}")
    graph.add((node, LINK.evidence, ev))
    graph.add((ev, RDF.type, LINK.LinkEvidence))
    graph.add((ev, LINK.linkMethod, METHOD_TERMS[evidence.method]))
    graph.add((ev, LINK.linkScore, _decimal(evidence.score)))
    if evidence.matched_label:
        graph.add(
            (ev, LINK.matchedLabel, Literal(evidence.matched_label, lang=evidence.matched_lang))
        )
    if evidence.type_agrees is not None:
        graph.add((ev, LINK.typeAgreement, Literal(evidence.type_agrees)))
    if evidence.type_note:
        graph.add((ev, LINK.typeNote, Literal(evidence.type_note)))
    if evidence.where_seen:
        graph.add((ev, LINK.whereSeen, Literal(evidence.where_seen)))
    if evidence.note:
        graph.add((ev, RDFS.comment, Literal(evidence.note)))


def _decimal(value: float) -> Literal:
    return Literal(Decimal(f"{value:.4f}").normalize(), datatype=XSD.decimal)
