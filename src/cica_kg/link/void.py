"""The VoID description of the built dataset and its linksets (``build/void.ttl``).

One ``void:Dataset`` for the graph (triples, entities, classes, properties of the facts
graph; example resources; licence; sources; vocabularies), one subset per named graph, one
``void:Linkset`` per external dataset (target, link predicate, number of accepted links) and
a ``void:Dataset`` per target. There is no public SPARQL endpoint, so none is given.
Deterministic: every figure and date comes from the data. Decision 0070.
"""

from __future__ import annotations

from collections import Counter

from rdflib import (
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    XSD,
    Dataset,
    Graph,
    Literal,
    Namespace,
    URIRef,
)
from rdflib.namespace import VOID
from rdflib.term import Node

from cica_kg import iris
from cica_kg.iris import LINKSET_GRAPH
from cica_kg.link.linkset import LINK, linkset_iri, target_dataset_iri
from cica_kg.link.model import DATASETS, DBPEDIA_RESOURCE, GEONAMES_FEATURE, WIKIDATA_ENTITY

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATASET_IRI = URIRef(f"{iris.ID}dataset/cica-kg")
LICENSE = URIRef("https://spdx.org/licenses/MIT")
VOCABULARIES = (
    iris.ONTOLOGY,
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "https://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/2006/time#",
)
TARGETS = {
    "wikidata": ("Wikidata", "https://www.wikidata.org/", WIKIDATA_ENTITY,
                 "https://creativecommons.org/publicdomain/zero/1.0/"),
    "dbpedia": ("DBpedia", "https://www.dbpedia.org/", DBPEDIA_RESOURCE,
                "https://creativecommons.org/licenses/by-sa/3.0/"),
    "geonames": ("GeoNames", "https://www.geonames.org/", GEONAMES_FEATURE,
                 "https://creativecommons.org/licenses/by/4.0/"),
}  # fmt: skip
GRAPH_TITLES = {
    "facts": "facts stated by the text",
    "evidence": "evidence: one reified statement per fact, one annotation per quote",
    "linkset": "links to Wikidata, DBpedia and GeoNames, every candidate with its evidence",
    "external": "external data: CICA members and summits from the reference tables",
}
EXAMPLES = 3


def void_graph(dataset: Dataset) -> Graph:
    """The VoID description of ``dataset`` (its facts, evidence, linkset, external graphs)."""
    graph = Graph()
    for prefix, ns in (("void", VOID), ("dcterms", DCTERMS), ("foaf", FOAF), ("sd", SD),
                       ("cicar", Namespace(iris.ID)), ("owl", OWL)):  # fmt: skip
        graph.bind(prefix, ns)
    facts = dataset.graph(iris.FACTS_GRAPH)
    _describe_main(graph, dataset, facts)
    for name, title in GRAPH_TITLES.items():
        named = dataset.graph(URIRef(iris.GRAPH + name))
        if len(named):
            subset = URIRef(f"{DATASET_IRI}/{name}")
            graph.add((DATASET_IRI, VOID.subset, subset))
            graph.add((subset, RDF.type, VOID.Dataset))
            graph.add((subset, DCTERMS.title, Literal(title, lang="en")))
            graph.add((subset, SD.name, URIRef(iris.GRAPH + name)))
            graph.add((subset, VOID.triples, _int(len(named))))
    _describe_linksets(graph, dataset.graph(LINKSET_GRAPH))
    return graph


def serialize_void(dataset: Dataset) -> bytes:
    """``void.ttl``: the VoID description as deterministic Turtle."""
    return void_graph(dataset).serialize(format="longturtle", encoding="utf-8")


def _describe_main(graph: Graph, dataset: Dataset, facts: Graph) -> None:
    entities = {s for s in facts.subjects(RDF.type, None) if str(s).startswith(iris.ID)}
    classes = set(facts.objects(None, RDF.type))
    properties = set(facts.predicates())
    for triple in (
        (DATASET_IRI, RDF.type, VOID.Dataset),
        (DATASET_IRI, DCTERMS.title, Literal("CICA knowledge graph", lang="en")),
        (DATASET_IRI, DCTERMS.description, Literal(
            "Facts about the Conference on Interaction and Confidence-Building Measures in "
            "Asia extracted from text, with evidence, links and external data in named graphs.",
            lang="en")),
        (DATASET_IRI, DCTERMS.license, LICENSE),
        (DATASET_IRI, VOID.uriSpace, Literal(iris.ID)),
        (DATASET_IRI, VOID.triples, _int(len(facts))),
        (DATASET_IRI, VOID.entities, _int(len(entities))),
        (DATASET_IRI, VOID.classes, _int(len(classes))),
        (DATASET_IRI, VOID.properties, _int(len(properties))),
        (DATASET_IRI, VOID.distinctSubjects, _int(len(set(facts.subjects())))),
        (DATASET_IRI, RDFS.comment, Literal("No public SPARQL endpoint: query the dump or the "
                                            "local store (`cica-kg query`).", lang="en")),
    ):  # fmt: skip
        graph.add(triple)
    for vocabulary in VOCABULARIES:
        graph.add((DATASET_IRI, VOID.vocabulary, URIRef(vocabulary)))
    evidence = dataset.graph(iris.EVIDENCE_GRAPH)
    article = URIRef(iris.ONTOLOGY + "SourceArticle")
    for source in sorted(
        set(evidence.subjects(RDF.type, article)) | set(facts.subjects(RDF.type, article)),
        key=str,
    ):
        graph.add((DATASET_IRI, DCTERMS.source, source))
        for modified in (
            *facts.objects(source, DCTERMS.modified),
            *evidence.objects(source, DCTERMS.modified),
        ):
            graph.add((DATASET_IRI, DCTERMS.modified, modified))
    external_iri = iris.EXTERNAL_GRAPH
    derived = dataset.graph(external_iri).objects(external_iri, PROV.wasDerivedFrom)
    for source in sorted(derived, key=str):
        graph.add((DATASET_IRI, DCTERMS.source, source))
    for example in _examples(facts, entities):
        graph.add((DATASET_IRI, VOID.exampleResource, example))


def _examples(facts: Graph, entities: set[Node]) -> list[URIRef]:
    """The entities with most facts (ties by IRI): a stable, representative sample."""
    weight = Counter(s for s in facts.subjects() if s in entities)
    ranked = sorted(weight, key=lambda s: (-weight[s], str(s)))
    return [s for s in ranked if isinstance(s, URIRef)][:EXAMPLES]


def _describe_linksets(graph: Graph, linkset: Graph) -> None:
    for dataset in DATASETS:
        ls = linkset_iri(dataset)
        links = [n for n in linkset.subjects(RDF.type, LINK.LinkCandidate)
                 if (n, VOID.inDataset, ls) in linkset]  # fmt: skip
        if not links:
            continue
        accepted = [n for n in links if (n, LINK.linkDecision, LINK.Accepted) in linkset]
        predicates = sorted(
            {p for n in accepted for p in linkset.objects(n, RDF.predicate)}, key=str
        )
        target = target_dataset_iri(dataset)
        title, homepage, space, licence = TARGETS[dataset]
        for triple in (
            (DATASET_IRI, VOID.subset, ls),
            (ls, RDF.type, VOID.Linkset),
            (ls, VOID.subjectsTarget, DATASET_IRI),
            (ls, VOID.objectsTarget, target),
            (ls, VOID.target, DATASET_IRI),
            (ls, VOID.target, target),
            (ls, VOID.triples, _int(len(accepted))),
            (ls, DCTERMS.description, Literal(_tally(linkset, links), lang="en")),
            (target, RDF.type, VOID.Dataset),
            (target, DCTERMS.title, Literal(title)),
            (target, FOAF.homepage, URIRef(homepage)),
            (target, VOID.uriSpace, Literal(space)),
            (target, DCTERMS.license, URIRef(licence)),
        ):
            graph.add(triple)
        for predicate in predicates or [OWL.sameAs]:
            graph.add((ls, VOID.linkPredicate, predicate))


def _tally(linkset: Graph, links: list[Node]) -> str:
    decisions = Counter(
        str(d).rsplit("#", 1)[-1] for n in links for d in linkset.objects(n, LINK.linkDecision)
    )
    return (
        f"{len(links)} candidate links: {decisions.get('Accepted', 0)} accepted, "
        f"{decisions.get('NeedsReview', 0)} in review, {decisions.get('Rejected', 0)} rejected"
    )


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)
