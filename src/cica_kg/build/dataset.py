"""Build stage: Statements (with their evidence) → an rdflib Dataset of two named graphs.

The facts graph (:data:`cica_kg.iris.FACTS_GRAPH`) holds every fact triple plus the
``rdf:type`` and ``rdfs:label`` triples the build derives from :class:`Entity` fields; the
evidence graph (:data:`cica_kg.iris.EVIDENCE_GRAPH`) holds one reified ``rdf:Statement``
per fact with one Web Annotation per quote (decision 0002), a ``cica:SourceArticle`` per
document and a ``prov:SoftwareAgent`` per extractor. Conventions: decision 0030.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import PurePath

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, NamespaceManager
from rdflib.term import Node

from cica_kg import iris
from cica_kg.errors import CicaKgError
from cica_kg.kinds import Kind
from cica_kg.model import Document, Entity, Evidence, Statement, Value
from cica_kg.namespace import CICA, OA, bind_prefixes
from cica_kg.text.lang import detect_lang

Triple = tuple[URIRef, URIRef, Node]

IRI_DATATYPE = "@id"
"""``Value.datatype`` marking the lexical form as an IRI or CURIE (JSON-LD's keyword)."""

_EVIDENCE_ORDER = "doc_id", "start", "end", "lang", "extractor"


def build_dataset(statements: Sequence[Statement], documents: Sequence[Document]) -> Dataset:
    """Build the facts and evidence named graphs from ``statements`` and ``documents``.

    Duplicate statements (same triple) are merged and their evidence unioned; the
    result does not depend on the order of the inputs.

    Raises:
        CicaKgError: a statement uses a CURIE whose prefix is not bound.
    """
    dataset, facts = facts_dataset(statements)
    evidence_g = dataset.graph(iris.EVIDENCE_GRAPH)
    for triple in sorted(facts):
        _add_reification(evidence_g, triple, facts[triple])
    add_sources(evidence_g, documents, facts)
    return dataset


def facts_dataset(statements: Sequence[Statement]) -> tuple[Dataset, dict[Triple, set[Evidence]]]:
    """A dataset with the prefixes bound and the facts graph of ``statements`` filled in
    sorted order, and every fact with its evidence (the evidence graph still empty).

    Raises:
        CicaKgError: a statement uses a CURIE whose prefix is not bound.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    facts = collect_facts(statements, dataset.namespace_manager)
    facts_g = dataset.graph(iris.FACTS_GRAPH)
    for triple in sorted(facts):
        facts_g.add(triple)
    return dataset, facts


def collect_facts(
    statements: Iterable[Statement], namespaces: NamespaceManager
) -> dict[Triple, set[Evidence]]:
    """Every fact triple (stated, or a type or name of an entity) with its evidence.

    Raises:
        CicaKgError: a statement uses a CURIE whose prefix is not bound in ``namespaces``.
    """
    return _collect_facts(statements, _Expander(namespaces))


def add_sources(
    graph: Graph, documents: Sequence[Document], facts: dict[Triple, set[Evidence]]
) -> None:
    """Add a ``cica:SourceArticle`` per document and a ``prov:SoftwareAgent`` per extractor
    of ``facts`` to the evidence ``graph``."""
    for document in sorted(documents, key=lambda d: d.doc_id):
        _add_source(graph, document)
    extractors = {ev.extractor for evidence in facts.values() for ev in evidence}
    for name in sorted(extractors):
        agent = iris.extractor_iri(name)
        graph.add((agent, RDF.type, PROV.SoftwareAgent))
        graph.add((agent, RDFS.label, Literal(name)))


def facts_graph(dataset: Dataset) -> Graph:
    """The named graph of facts of ``dataset``."""
    return dataset.graph(iris.FACTS_GRAPH)


def evidence_graph(dataset: Dataset) -> Graph:
    """The named graph of evidence (reified facts, annotations, sources) of ``dataset``."""
    return dataset.graph(iris.EVIDENCE_GRAPH)


def ntriples_line(triple: Triple) -> str:
    """The N-Triples line of ``triple`` (without newline): the input of its fact IRI."""
    return " ".join(_nt_term(term) for term in triple) + " ."


def fact_iri_of(triple: Triple) -> URIRef:
    """The IRI of the reified statement of ``triple`` in the evidence graph."""
    return iris.fact_iri(ntriples_line(triple))


class _Expander:
    """Expand CURIEs with the dataset's bound prefixes, caching the results."""

    def __init__(self, namespace_manager: NamespaceManager) -> None:
        self._nm = namespace_manager
        self._cache: dict[str, URIRef] = {}

    def __call__(self, curie: str) -> URIRef:
        if curie not in self._cache:
            self._cache[curie] = self._expand(curie)
        return self._cache[curie]

    def _expand(self, curie: str) -> URIRef:
        if curie.startswith(("http://", "https://", "urn:")):
            return URIRef(curie)
        try:
            return URIRef(self._nm.expand_curie(curie))
        except ValueError as exc:
            raise CicaKgError(
                f"cannot expand {curie!r}: prefix not bound; bind it in cica_kg.namespace"
            ) from exc


def _collect_facts(
    statements: Iterable[Statement], expand: _Expander
) -> dict[Triple, set[Evidence]]:
    """Map every fact triple (stated or derived from entities) to its evidence."""
    facts: dict[Triple, set[Evidence]] = defaultdict(set)
    mentions: dict[Entity, set[Evidence]] = defaultdict(set)
    for statement in statements:
        triple = (
            _entity_node(statement.subject),
            expand(statement.predicate),
            _object_node(statement.obj, expand),
        )
        facts[triple].update(statement.evidence)
        mentions[statement.subject].update(statement.evidence)
        if isinstance(statement.obj, Entity):
            mentions[statement.obj].update(statement.evidence)
    for triple, evidence in _entity_facts(mentions, expand):
        facts[triple].update(evidence)
    return dict(facts)


def _entity_facts(
    mentions: dict[Entity, set[Evidence]], expand: _Expander
) -> Iterable[tuple[Triple, set[Evidence]]]:
    """Type and label triples for each entity, with its first mention per language."""
    entities: dict[URIRef, set[Entity]] = defaultdict(set)
    evidence: dict[URIRef, set[Evidence]] = defaultdict(set)
    for entity, mentioned in mentions.items():
        entities[_entity_node(entity)].add(entity)
        evidence[_entity_node(entity)].update(mentioned)
    for node, group in entities.items():
        firsts = _first_per_lang(evidence[node])
        for kind in sorted({e.kind for e in group}):
            yield (node, RDF.type, expand(kind)), set(firsts.values())
        names: dict[str, set[str | None]] = {
            "en": {e.label_en for e in group},
            "zh": {e.label_zh for e in group},
        }
        earliest = sorted(firsts.values(), key=_evidence_key)[:1]
        for lang, labels in names.items():
            # a name in a language the entity is not quoted in (the English name of a thing
            # only a Chinese article mentions) comes from its first mention in any language
            first = {firsts[lang]} if lang in firsts else set(earliest)
            present = sorted(label for label in labels if label is not None and label)
            if not present:
                continue
            preferred, *others = present
            yield (node, RDFS.label, Literal(preferred, lang=lang)), first
            for other in others:
                yield (node, SKOS.altLabel, Literal(other, lang=lang)), first


def _first_per_lang(evidence: Iterable[Evidence]) -> dict[str, Evidence]:
    """The earliest piece of evidence (by document, then offset) in each language."""
    firsts: dict[str, Evidence] = {}
    for ev in sorted(evidence, key=_evidence_key):
        firsts.setdefault(ev.lang, ev)
    return firsts


def _evidence_key(ev: Evidence) -> tuple[str, int, int, str, str, str, float]:
    return (ev.doc_id, ev.start, ev.end, ev.lang, ev.extractor, ev.quote, ev.confidence)


def _entity_node(entity: Entity) -> URIRef:
    return iris.entity_iri(entity.kind, entity.key)


def _object_node(obj: Entity | Value, expand: _Expander) -> Node:
    """The RDF term of a statement's object (see decision 0030 for ``Value`` forms)."""
    if isinstance(obj, Entity):
        return _entity_node(obj)
    if obj.datatype == IRI_DATATYPE:
        return expand(obj.lexical)
    if obj.lang:
        return Literal(obj.lexical, lang=obj.lang)
    if obj.datatype:
        return Literal(obj.lexical, datatype=expand(obj.datatype))
    return Literal(obj.lexical)


def _add_reification(graph: Graph, triple: Triple, evidence: set[Evidence]) -> None:
    """Reify ``triple`` as an rdf:Statement with one Web Annotation per piece of evidence."""
    for reified in reification_triples(triple, evidence):
        graph.add(reified)


def reification_triples(triple: Triple, evidence: Iterable[Evidence]) -> list[Triple]:
    """The evidence-graph triples of ``triple``: its ``rdf:Statement``, the sources it was
    derived from and one Web Annotation per piece of ``evidence`` (decision 0002)."""
    fact = fact_iri_of(triple)
    subject, predicate, obj = triple
    out: list[Triple] = [
        (fact, RDF.type, RDF.Statement),
        (fact, RDF.subject, subject),
        (fact, RDF.predicate, predicate),
        (fact, RDF.object, obj),
    ]
    evidence = set(evidence)
    for doc_id in sorted({ev.doc_id for ev in evidence}):
        out.append((fact, PROV.wasDerivedFrom, iris.source_iri(doc_id)))
    for local, ev in _annotation_names(evidence):
        annotation = URIRef(f"{fact}/{local}")
        out.append((fact, CICA.evidence, annotation))
        out += _annotation_triples(fact, annotation, ev)
    return out


def _annotation_names(evidence: set[Evidence]) -> list[tuple[str, Evidence]]:
    """``lang-start`` names for the annotations; ``-1``, ``-2`` … only where those collide."""
    groups: dict[str, list[Evidence]] = defaultdict(list)
    for ev in sorted(evidence, key=_evidence_key):
        groups[f"{ev.lang}-{ev.start}"].append(ev)
    named: list[tuple[str, Evidence]] = []
    for base, group in sorted(groups.items()):
        if len(group) == 1:
            named.append((base, group[0]))
        else:
            named.extend((f"{base}-{i}", ev) for i, ev in enumerate(group, start=1))
    return named


def _annotation_triples(fact: URIRef, annotation: URIRef, ev: Evidence) -> list[Triple]:
    """One ``oa:Annotation`` with its target and quote and position selectors (0002)."""
    target = URIRef(f"{annotation}/target")
    quote = URIRef(f"{annotation}/quote")
    position = URIRef(f"{annotation}/position")
    confidence = Literal(Decimal(str(ev.confidence)), datatype=XSD.decimal)
    return [
        (annotation, RDF.type, OA.Annotation),
        (annotation, OA.motivatedBy, OA.describing),
        (annotation, OA.hasBody, fact),
        (annotation, OA.hasTarget, target),
        (annotation, DCTERMS.language, Literal(ev.lang)),
        (annotation, PROV.wasAttributedTo, iris.extractor_iri(ev.extractor)),
        (annotation, CICA.confidence, confidence),
        (target, RDF.type, OA.SpecificResource),
        (target, OA.hasSource, iris.source_iri(ev.doc_id)),
        (target, OA.hasSelector, quote),
        (target, OA.hasSelector, position),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(ev.quote, lang=ev.lang)),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, Literal(ev.start)),
        (position, OA.end, Literal(ev.end)),
    ]


def _add_source(graph: Graph, document: Document) -> None:
    """A ``cica:SourceArticle`` node describing ``document`` (and its publisher)."""
    source = iris.source_iri(document.doc_id)
    graph.add((source, RDF.type, CICA.SourceArticle))
    graph.add((source, DCTERMS.source, Literal(PurePath(document.path).name)))
    if document.title:
        title = Literal(document.title, lang=detect_lang(document.title))
        graph.add((source, DCTERMS.title, title))
    if document.date:
        graph.add((source, DCTERMS.modified, _date_literal(document.date)))
    for lang in sorted({p.lang for p in document.passages}):
        graph.add((source, DCTERMS.language, Literal(lang)))
    if document.source_url:
        graph.add((source, PROV.wasDerivedFrom, URIRef(document.source_url)))
        graph.add((source, SDO.url, URIRef(document.source_url)))
    if document.publisher:
        publisher = iris.entity_iri(Kind.FORMAL_ORGANIZATION, document.publisher)
        graph.add((source, DCTERMS.publisher, publisher))
        graph.add((publisher, RDF.type, ORG.FormalOrganization))
        graph.add((publisher, RDFS.label, Literal(document.publisher, lang="en")))


def _date_literal(date: str) -> Literal:
    """An ISO 8601 date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a typed literal."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(date), XSD.date)
    return Literal(date, datatype=datatype)


def _nt_term(term: Node) -> str:
    """One term in N-Triples syntax (IRIs in angle brackets, escaped literals)."""
    if isinstance(term, Literal):
        text = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return f"<{term}>"
