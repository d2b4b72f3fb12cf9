"""Tests of the ontology files: they parse, pass the quality checks and meet the 0001 contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, VANN

from cica_kg.iris import entity_iri
from cica_kg.namespace import CICA, PREFIXES
from cica_kg.resources import ontology_file, resource_dir
from cica_kg.validate.shacl import load_turtle

ROOT = Path(__file__).resolve().parent.parent
QC = sorted(resource_dir("queries").joinpath("qc").glob("*-violation.rq"))
ONTOLOGY_IRI = URIRef("https://w3id.org/cica-kg/ontology")
ORG = "http://www.w3.org/ns/org#"
SDO = "https://schema.org/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """cica.ttl + concepts.ttl + shapes.ttl, as the quality checks read them."""
    graph = Graph()
    for name in ("cica.ttl", "concepts.ttl", "shapes.ttl"):
        graph += load_turtle(ontology_file(name))
    return graph


def _expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def test_the_qc_queries_exist() -> None:
    names = {q.name.removesuffix("-violation.rq") for q in QC}
    assert names == {
        "term-without-label",
        "term-without-comment",
        "cica-term-used-but-not-declared",
        "term-without-isdefinedby",
        "concept-without-scheme",
        "duplicate-label-within-scheme",
    }


@pytest.mark.parametrize("query", QC, ids=lambda q: q.stem)
def test_qc_query_finds_no_problem_in_the_ontology(ontology: Graph, query: Path) -> None:
    rows = list(ontology.query(query.read_text(encoding="utf-8")))
    assert rows == []


BROKEN = {
    "term-without-label": "cica:Extra a owl:Class ; rdfs:label 'extra'@en .",
    "term-without-comment": "cica:Extra a owl:Class ; rdfs:label 'extra'@en , '额外'@zh .",
    "cica-term-used-but-not-declared": "cicar:x cica:comittedTo cicar:y .",
    "term-without-isdefinedby": "cica:Extra a owl:Class ; rdfs:isDefinedBy org: .",
    "concept-without-scheme": "<https://w3id.org/cica-kg/id/principle/x> a cica:Principle .",
    "duplicate-label-within-scheme": (
        "<https://w3id.org/cica-kg/id/principle/sovereign-equality>"
        " skos:altLabel 'Territorial Integrity'@en ."
    ),
}


@pytest.mark.parametrize("query", QC, ids=lambda q: q.stem)
def test_qc_query_reports_a_broken_term(ontology: Graph, query: Path) -> None:
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    broken = Graph()
    broken += ontology
    broken.parse(data=prefixes + BROKEN[query.stem.removesuffix("-violation")], format="turtle")
    assert list(broken.query(query.read_text(encoding="utf-8")))


def test_a_built_graph_uses_only_declared_cica_terms(ontology: Graph) -> None:
    graph = Graph()
    graph += ontology
    graph.parse(ROOT / "tests" / "data" / "shapes" / "base.ttl", format="turtle")
    query = resource_dir("queries") / "qc" / "cica-term-used-but-not-declared-violation.rq"
    assert list(graph.query(query.read_text(encoding="utf-8"))) == []


def test_shapes_pass_meta_shacl() -> None:
    from pyshacl import validate

    shapes = load_turtle(ontology_file("shapes.ttl"))
    conforms, _report, text = validate(shapes, shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_has_name_message_and_severity() -> None:
    shapes = load_turtle(ontology_file("shapes.ttl"))
    sh = "http://www.w3.org/ns/shacl#"
    declared = set(shapes.subjects(RDF.type, URIRef(sh + "NodeShape")))
    declared |= set(shapes.subjects(RDF.type, URIRef(sh + "PropertyShape")))
    for shape in declared:
        for prop in ("name", "message", "severity"):
            assert shapes.value(shape, URIRef(sh + prop)) is not None, (shape, prop)


def test_every_term_of_0001_and_0002_is_declared() -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    text = (ROOT / "docs" / "decisions" / "0001-vocabulary.md").read_text(encoding="utf-8")
    terms = set(re.findall(r"`(cica:\w+)`", text)) | {"cica:evidence", "cica:confidence"}
    for curie in sorted(terms):
        term = _expand(curie)
        assert set(graph.objects(term, RDF.type)) & {
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            SKOS.ConceptScheme,
            OWL.NamedIndividual,  # the role individuals (cica:MemberRole, cica:ObserverRole)
        }, curie
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph, curie


@pytest.mark.parametrize(
    ("cls", "ancestor"),
    [
        ("cica:InternationalOrganization", "org:FormalOrganization"),
        ("cica:State", "org:FormalOrganization"),
        ("cica:State", "schema:Place"),
        ("cica:Body", "org:Organization"),
        ("cica:Summit", "schema:Event"),
        ("cica:PresidencyTerm", "prov:Activity"),
        ("cica:Principle", "skos:Concept"),
        ("org:Role", "skos:Concept"),
        ("schema:City", "schema:Place"),
        ("schema:Continent", "schema:Place"),
        ("cica:SourceArticle", "foaf:Document"),
        ("cica:MemberCount", "prov:Entity"),
        ("foaf:Person", "foaf:Agent"),
        ("cica:MinisterialMeeting", "schema:Event"),
        ("cica:SeniorOfficialsMeeting", "prov:Activity"),
        ("cica:WorkingGroupMeeting", "cica:Event"),
        ("cica:Relocation", "cica:Event"),
        ("cica:Declaration", "foaf:Document"),
        ("cica:Act", "foaf:Document"),
        ("cica:Catalogue", "foaf:Document"),
        ("cica:RulesOfProcedure", "foaf:Document"),
        ("cica:OfficialStatement", "foaf:Document"),
        ("cica:Convention", "foaf:Document"),
        ("cica:Protocol", "foaf:Document"),
        ("cica:ObserverCount", "prov:Entity"),
    ],
)
def test_class_hierarchy_is_known_to_the_validator(cls: str, ancestor: str) -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    assert _expand(ancestor) in set(graph.transitive_objects(_expand(cls), RDFS.subClassOf))


def test_every_declared_term_has_labels_in_english_and_chinese() -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    for term in set(graph.subjects(RDFS.isDefinedBy, None)):
        languages = {
            lab.language for lab in graph.objects(term, RDFS.label) if isinstance(lab, Literal)
        }
        assert languages == {"en", "zh"}, term


def test_ontology_metadata_block() -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    for prop in (
        DCTERMS.title,
        DCTERMS.description,
        OWL.versionIRI,
        DCTERMS.license,
        DCTERMS.created,
        DCTERMS.modified,
        VANN.preferredNamespaceUri,
    ):
        assert graph.value(ONTOLOGY_IRI, prop) is not None, prop
    assert str(graph.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "cica"


def test_no_commented_out_axioms() -> None:
    for name in ("cica.ttl", "concepts.ttl", "shapes.ttl"):
        for line in ontology_file(name).read_text(encoding="utf-8").splitlines():
            assert not re.match(r"#\s*\w+:\w+\s+(a|rdfs:\w+|owl:\w+|sh:\w+)\s", line), line


KIND_OF_SCHEME = {
    CICA.PrinciplesScheme: "cica:Principle",
    CICA.CooperationAreaScheme: "cica:CooperationArea",
    CICA.CbmAreaScheme: "cica:CbmArea",
    CICA.ConceptComponentScheme: "cica:ConceptComponent",
    CICA.RoleScheme: "org:Role",
}


def test_concepts_have_minted_iris_and_one_label_per_language() -> None:
    concepts = load_turtle(ontology_file("concepts.ttl"))
    found = 0
    for concept in set(concepts.subjects(RDF.type, SKOS.Concept)):
        scheme = concepts.value(concept, SKOS.inScheme)
        assert (concept, SKOS.topConceptOf, scheme) in concepts
        kind = KIND_OF_SCHEME[scheme]  # type: ignore[index]
        assert (concept, RDF.type, _expand(kind)) in concepts
        pref = {lab.language: str(lab) for lab in concepts.objects(concept, SKOS.prefLabel)}  # type: ignore[union-attr]
        assert len(list(concepts.objects(concept, SKOS.prefLabel))) == 2 and set(pref) == {
            "en",
            "zh",
        }
        assert concept == entity_iri(kind, pref["en"])
        assert concepts.value(concept, SKOS.definition) is not None
        found += 1
    assert found >= 30


@pytest.mark.parametrize(
    ("scheme", "wording"),
    [
        ("PrinciplesScheme", "一律平等"),
        ("PrinciplesScheme", "主权平等"),
        ("PrinciplesScheme", "sovereignty"),
        ("PrinciplesScheme", "尊重主权"),
        ("PrinciplesScheme", "territorial integrity"),
        ("PrinciplesScheme", "领土完整"),
        ("PrinciplesScheme", "互不干涉内政"),
        ("PrinciplesScheme", "peaceful settlement of disputes"),
        ("PrinciplesScheme", "和平方式解决争端"),
        ("PrinciplesScheme", "和平解决争端"),
        ("PrinciplesScheme", "不使用武力或以武力相威胁"),
        ("CooperationAreaScheme", "security"),
        ("CooperationAreaScheme", "cultural"),
        ("CooperationAreaScheme", "社会"),
        ("CbmAreaScheme", "military"),
        ("CbmAreaScheme", "political"),
        ("CbmAreaScheme", "environmental"),
        ("CbmAreaScheme", "cultural"),
        ("CbmAreaScheme", "new threats"),
        ("CbmAreaScheme", "军事政治"),
        ("CbmAreaScheme", "新威胁新挑战"),
        ("CbmAreaScheme", "人文"),
        ("CbmAreaScheme", "生态"),
        ("ConceptComponentScheme", "joint"),
        ("ConceptComponentScheme", "共同"),
        ("ConceptComponentScheme", "可持续"),
        ("RoleScheme", "President"),
        ("RoleScheme", "主席"),
        ("RoleScheme", "Executive Director"),
    ],
)
def test_lexicon_knows_the_usual_wordings(scheme: str, wording: str) -> None:
    concepts = load_turtle(ontology_file("concepts.ttl"))
    labels = {
        str(label)
        for concept in concepts.subjects(SKOS.inScheme, CICA[scheme])
        for prop in (SKOS.prefLabel, SKOS.altLabel)
        for label in concepts.objects(concept, prop)
    }
    assert wording in labels


@pytest.mark.parametrize(
    ("prop", "parent"),
    [
        ("cica:adoptedAt", "prov:wasGeneratedBy"),
        ("cica:signedAt", "prov:wasInfluencedBy"),
        ("cica:amendedAt", "prov:wasInfluencedBy"),
        ("cica:host", "prov:wasAssociatedWith"),
        ("cica:chair", "prov:wasAssociatedWith"),
        ("cica:renamedFrom", "prov:wasRevisionOf"),
    ],
)
def test_event_and_document_properties_specialise_prov(prop: str, parent: str) -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    assert (_expand(prop), RDFS.subPropertyOf, _expand(parent)) in graph


def test_membership_roles_are_roles_in_the_role_scheme() -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    for role in (CICA.MemberRole, CICA.ObserverRole):
        assert (role, RDF.type, _expand("org:Role")) in graph
        assert (role, SKOS.inScheme, CICA.RoleScheme) in graph


def test_reused_membership_and_founding_terms_keep_their_vocabulary() -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    for curie, vocabulary in (
        ("org:Membership", ORG),
        ("org:member", ORG),
        ("org:organization", ORG),
        ("schema:foundingDate", SDO),
        ("schema:foundingLocation", SDO),
        ("schema:fromLocation", SDO),
        ("schema:toLocation", SDO),
        ("dcterms:issued", "http://purl.org/dc/terms/"),
    ):
        assert (_expand(curie), RDFS.isDefinedBy, URIRef(vocabulary)) in graph, curie


def test_counts_share_count_of_and_as_of_event() -> None:
    graph = load_turtle(ontology_file("cica.ttl"))
    for prop in (CICA.countOf, CICA.asOfEvent):
        domain = graph.value(prop, RDFS.domain)
        members = set(graph.items(graph.value(domain, OWL.unionOf)))
        assert members == {CICA.MemberCount, CICA.ObserverCount}, prop
