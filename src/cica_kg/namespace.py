"""The project's RDF namespaces: the closed ``CICA`` namespace and one place that binds prefixes.

``CICA`` is generated from ``ontology/cica.ttl``: a typo in a term (``CICA.comitedTo``) fails
at once. After changing the ontology, regenerate the class and paste it below::

    python -m cica_kg.namespace > /tmp/cica.py

``tests/test_namespace.py`` checks that the class and the ontology list the same terms.
Standard namespaces come from rdflib (``ORG``, ``PROV``, ``SKOS``...); rdflib has no Web
Annotation namespace, so ``OA`` is defined here, closed like the others.
"""

# ruff: noqa: N815  (RDF term names are mixedCase, as in rdflib's own namespaces)

from __future__ import annotations

from pathlib import Path

from rdflib import (
    OWL,
    RDF,
    RDFS,
    SKOS,
    Graph,
    Namespace,
    URIRef,
)
from rdflib.namespace import DefinedNamespace

from cica_kg import iris, prefixes

ONTOLOGY_IRI = URIRef("https://w3id.org/cica-kg/ontology")
CICAR = Namespace(iris.ID)

_DECLARING_TYPES = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Concept schemes", SKOS.ConceptScheme),
    ("Individuals", OWL.NamedIndividual),
)


class CICA(DefinedNamespace):
    """The CICA knowledge-graph ontology (generated from ontology/cica.ttl)."""

    _fail = True

    # Classes
    Act: URIRef  # act
    Body: URIRef  # body
    Catalogue: URIRef  # catalogue
    CbmArea: URIRef  # confidence-building measures area
    Charter: URIRef  # charter
    ConceptComponent: URIRef  # concept component
    Convention: URIRef  # convention
    CooperationArea: URIRef  # cooperation area
    Declaration: URIRef  # declaration
    Event: URIRef  # event
    InternationalOrganization: URIRef  # international organization
    LinkCandidate: URIRef  # link candidate
    LinkDecision: URIRef  # link decision
    LinkEvidence: URIRef  # link evidence
    LinkMethod: URIRef  # link method
    MemberCount: URIRef  # member count
    MinisterialMeeting: URIRef  # meeting of ministers of foreign affairs
    ObserverCount: URIRef  # observer count
    OfficialStatement: URIRef  # statement
    PresidencyTerm: URIRef  # presidency term
    Principle: URIRef  # principle
    Proposal: URIRef  # proposal
    Protocol: URIRef  # protocol
    Relocation: URIRef  # relocation
    RulesOfProcedure: URIRef  # rules of procedure
    SecurityConcept: URIRef  # security concept
    SeniorOfficialsMeeting: URIRef  # meeting of senior officials
    Session: URIRef  # session
    SourceArticle: URIRef  # source article
    State: URIRef  # state
    Summit: URIRef  # summit
    WorkingGroupMeeting: URIRef  # special working group meeting

    # Object properties
    admittedAt: URIRef  # admitted at
    adoptedAt: URIRef  # adopted at
    amendedAt: URIRef  # amended at
    appliesCbmIn: URIRef  # applies confidence-building measures in
    asOfEvent: URIRef  # as of event
    chair: URIRef  # chair
    committedTo: URIRef  # committed to
    countOf: URIRef  # count of
    eligibilityRegion: URIRef  # eligibility region
    encouragesCooperationOn: URIRef  # encourages cooperation on
    establishedBy: URIRef  # established by
    evidence: URIRef  # evidence
    extendedAt: URIRef  # extended at
    handedOverAt: URIRef  # handed over at
    hasComponent: URIRef  # has component
    host: URIRef  # host
    introducedAt: URIRef  # introduced at
    introducedBy: URIRef  # introduced by
    linkDecision: URIRef  # link decision
    linkMethod: URIRef  # link method
    presidencyOf: URIRef  # presidency of
    presidingState: URIRef  # presiding state
    proposed: URIRef  # proposed
    proposer: URIRef  # proposer
    relocationOf: URIRef  # relocation of
    renamedAt: URIRef  # renamed at
    renamedFrom: URIRef  # renamed from
    renews: URIRef  # renews
    signedAt: URIRef  # signed at
    succeeds: URIRef  # succeeds

    # Datatype properties
    confidence: URIRef  # confidence
    linkScore: URIRef  # link score
    matchedLabel: URIRef  # matched label
    meetingFrequency: URIRef  # meeting frequency
    memberCount: URIRef  # member count
    negativeEvidence: URIRef  # negative evidence
    observerCount: URIRef  # observer count
    ordinal: URIRef  # ordinal
    signatoryCount: URIRef  # number of signatories
    typeAgreement: URIRef  # type agreement
    typeNote: URIRef  # type note
    whereSeen: URIRef  # where seen

    # Concept schemes
    CbmAreaScheme: URIRef  # confidence-building measures areas
    ConceptComponentScheme: URIRef  # security concept components
    CooperationAreaScheme: URIRef  # cooperation areas
    PrinciplesScheme: URIRef  # principles
    RoleScheme: URIRef  # roles

    # Individuals
    Accepted: URIRef  # accepted
    CuratedTable: URIRef  # curated table
    MemberRole: URIRef  # member
    NeedsReview: URIRef  # needs review
    ObserverRole: URIRef  # observer
    OfflineGazetteer: URIRef  # offline gazetteer
    OnlineReconciliation: URIRef  # online reconciliation
    Rejected: URIRef  # rejected
    ReviewedDecision: URIRef  # reviewed decision

    _NS = Namespace("https://w3id.org/cica-kg/ontology#")


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary (http://www.w3.org/ns/oa#), closed."""

    _fail = True

    Annotation: URIRef
    Choice: URIRef
    CssSelector: URIRef
    CssStyle: URIRef
    DataPositionSelector: URIRef
    Direction: URIRef
    FragmentSelector: URIRef
    HttpRequestState: URIRef
    Motivation: URIRef
    RangeSelector: URIRef
    ResourceSelection: URIRef
    Selector: URIRef
    SpecificResource: URIRef
    State: URIRef
    Style: URIRef
    SvgSelector: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    TextualBody: URIRef
    TimeState: URIRef
    XPathSelector: URIRef
    annotationService: URIRef
    bodyValue: URIRef
    cachedSource: URIRef
    canonical: URIRef
    end: URIRef
    exact: URIRef
    hasBody: URIRef
    hasEndSelector: URIRef
    hasPurpose: URIRef
    hasScope: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasStartSelector: URIRef
    hasState: URIRef
    hasTarget: URIRef
    motivatedBy: URIRef
    prefix: URIRef
    processingLanguage: URIRef
    refinedBy: URIRef
    renderedVia: URIRef
    sourceDate: URIRef
    sourceDateEnd: URIRef
    sourceDateStart: URIRef
    start: URIRef
    styleClass: URIRef
    styledBy: URIRef
    suffix: URIRef
    textDirection: URIRef
    via: URIRef
    assessing: URIRef
    autoDirection: URIRef
    bookmarking: URIRef
    classifying: URIRef
    commenting: URIRef
    describing: URIRef
    editing: URIRef
    highlighting: URIRef
    identifying: URIRef
    linking: URIRef
    ltrDirection: URIRef
    moderating: URIRef
    questioning: URIRef
    replying: URIRef
    rtlDirection: URIRef
    tagging: URIRef

    _NS = Namespace("http://www.w3.org/ns/oa#")


PREFIXES: dict[str, str] = dict(prefixes.PREFIXES)
"""Every prefix the project writes, by prefix (``cicar:`` is the instance namespace)."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on ``graph`` (replacing other bindings of those prefixes)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    return graph


def ontology_terms(ontology: Graph) -> dict[str, list[tuple[str, str]]]:
    """The ``cica:`` terms ``ontology`` declares, as {heading: [(local name, English label)]}."""
    namespace = str(CICA)
    terms: dict[str, list[tuple[str, str]]] = {}
    for heading, rdf_type in _DECLARING_TYPES:
        found = []
        for term in set(ontology.subjects(RDF.type, rdf_type)):
            if isinstance(term, URIRef) and str(term).startswith(namespace):
                label = next(
                    (
                        str(lab)
                        for lab in ontology.objects(term, RDFS.label)
                        if getattr(lab, "language", None) == "en"
                    ),
                    "",
                )
                found.append((str(term)[len(namespace) :], label))
        terms[heading] = sorted(found)
    return terms


def render_namespace(ontology_path: Path | None = None) -> str:
    """The Python source of the ``CICA`` class for the ontology at ``ontology_path``."""
    from cica_kg.resources import ontology_file

    graph = Graph().parse(ontology_path or ontology_file("cica.ttl"), format="turtle")
    lines = [
        "class CICA(DefinedNamespace):",
        '    """The CICA knowledge-graph ontology (generated from ontology/cica.ttl)."""',
        "",
        "    _fail = True",
    ]
    for heading, terms in ontology_terms(graph).items():
        lines += ["", f"    # {heading}"]
        lines += [f"    {name}: URIRef  # {label}" for name, label in terms]
    lines += ["", f'    _NS = Namespace("{CICA}")']
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_namespace(), end="")
