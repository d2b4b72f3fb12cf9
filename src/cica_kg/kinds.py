"""The kinds of entity: ``Kind``, generated from the ontology, and the groups the rules share.

An entity's kind is the CURIE of its class (``"cica:Summit"``, ``"foaf:Person"``). Which
classes are kinds is read from ``ontology/``, by one rule: the classes that the SHACL shape
``cicash:EntityShape`` (``shapes.ttl``: names and evidence of every entity) targets, and every
class that ``cica.ttl`` declares below one of them (``rdfs:subClassOf``, transitively). So the
project's classes and the reused ones (``org:FormalOrganization``, ``schema:City``, ``org:Role``)
are in, and the linking, evidence and PROV classes are not. A few kinds are only superclasses
(``Kind.ORGANIZATION``, ``Kind.PLACE``): the extractor types entities with the specific ones.

``Kind`` is a ``StrEnum`` whose values are the CURIEs, so a kind is written, hashed and
compared exactly as the string. After changing the ontology or the shapes, regenerate it::

    python -m cica_kg.kinds --write   # or without --write: print the class

``tests/test_kinds.py`` checks that the class is the generated one. The groups at the end
(``ORGANIZATIONS``, ``EVENTS``...) are written by hand: they are the extractor's choices.
"""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from cica_kg.errors import ResourceError
from cica_kg.prefixes import curie
from cica_kg.resources import ontology_file

if TYPE_CHECKING:
    from rdflib import Graph

ENTITY_SHAPE = "https://w3id.org/cica-kg/shapes#EntityShape"
"""The shape whose target classes (and their subclasses) are the kinds."""


class Kind(StrEnum):
    """The kind of an entity: the CURIE of its class (generated from ontology/)."""

    # cica
    ACT = "cica:Act"  # act
    BODY = "cica:Body"  # body
    CATALOGUE = "cica:Catalogue"  # catalogue
    CBM_AREA = "cica:CbmArea"  # confidence-building measures area
    CHARTER = "cica:Charter"  # charter
    CONCEPT_COMPONENT = "cica:ConceptComponent"  # concept component
    CONVENTION = "cica:Convention"  # convention
    COOPERATION_AREA = "cica:CooperationArea"  # cooperation area
    DECLARATION = "cica:Declaration"  # declaration
    EVENT = "cica:Event"  # event
    INTERNATIONAL_ORGANIZATION = "cica:InternationalOrganization"  # international organization
    MEMBER_COUNT = "cica:MemberCount"  # member count
    MINISTERIAL_MEETING = "cica:MinisterialMeeting"  # meeting of ministers of foreign affairs
    OBSERVER_COUNT = "cica:ObserverCount"  # observer count
    OFFICIAL_STATEMENT = "cica:OfficialStatement"  # statement
    PRESIDENCY_TERM = "cica:PresidencyTerm"  # presidency term
    PRINCIPLE = "cica:Principle"  # principle
    PROPOSAL = "cica:Proposal"  # proposal
    PROTOCOL = "cica:Protocol"  # protocol
    RELOCATION = "cica:Relocation"  # relocation
    RULES_OF_PROCEDURE = "cica:RulesOfProcedure"  # rules of procedure
    SECURITY_CONCEPT = "cica:SecurityConcept"  # security concept
    SENIOR_OFFICIALS_MEETING = "cica:SeniorOfficialsMeeting"  # meeting of senior officials
    SESSION = "cica:Session"  # session
    SOURCE_ARTICLE = "cica:SourceArticle"  # source article
    STATE = "cica:State"  # state
    SUMMIT = "cica:Summit"  # summit
    WORKING_GROUP_MEETING = "cica:WorkingGroupMeeting"  # special working group meeting

    # foaf
    DOCUMENT = "foaf:Document"  # document
    PERSON = "foaf:Person"  # person

    # org
    FORMAL_ORGANIZATION = "org:FormalOrganization"  # formal organization
    MEMBERSHIP = "org:Membership"  # membership
    ORGANIZATION = "org:Organization"  # organization
    ORGANIZATIONAL_UNIT = "org:OrganizationalUnit"  # organizational unit
    POST = "org:Post"  # post
    ROLE = "org:Role"  # role

    # schema
    ADMINISTRATIVE_AREA = "schema:AdministrativeArea"  # administrative area
    CITY = "schema:City"  # city
    CONTINENT = "schema:Continent"  # continent
    COUNTRY = "schema:Country"  # country
    PLACE = "schema:Place"  # place

    # skos
    CONCEPT = "skos:Concept"  # concept


ORGANIZATIONS = frozenset({Kind.INTERNATIONAL_ORGANIZATION, Kind.FORMAL_ORGANIZATION})
"""Organizations that hold summits, have bodies and members (a state is not one here)."""

EVENTS = frozenset({
    Kind.SUMMIT, Kind.SESSION, Kind.EVENT, Kind.MINISTERIAL_MEETING, Kind.SENIOR_OFFICIALS_MEETING,
    Kind.WORKING_GROUP_MEETING,
})  # fmt: skip
"""Occasions something happens at: a proposal made, a concept introduced, a count reached."""

DOCUMENTS = frozenset({
    Kind.DOCUMENT, Kind.CHARTER, Kind.DECLARATION, Kind.ACT, Kind.CATALOGUE,
    Kind.RULES_OF_PROCEDURE, Kind.OFFICIAL_STATEMENT, Kind.CONVENTION, Kind.PROTOCOL,
})  # fmt: skip
"""Documents an organization adopts: charters, declarations, acts, catalogues, statements."""

VENUES = frozenset({Kind.CITY, Kind.STATE})
"""Places an event is held in."""

PLACES = VENUES | {Kind.CONTINENT}
"""Every kind of place the text names (GeoNames links these)."""

CONCEPTS = frozenset(
    {
        Kind.PRINCIPLE,
        Kind.COOPERATION_AREA,
        Kind.CBM_AREA,
        Kind.CONCEPT_COMPONENT,
        Kind.SECURITY_CONCEPT,
        Kind.ROLE,
    }
)
"""The SKOS concepts: principles, areas, concept components, security concepts and roles."""


def member_name(kind: str) -> str:
    """The enum member name of a kind: ``"cica:CbmArea"`` → ``"CBM_AREA"``."""
    local = kind.split(":", 1)[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", "_", local).upper()


def entity_classes(ontology: Graph, shapes: Graph) -> list[tuple[str, str]]:
    """(CURIE, English label) of every class that is a kind, sorted by CURIE.

    Raises:
        ResourceError: the entity shape has no target, or a class has no project prefix.
    """
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import SH

    targets = list(shapes.objects(URIRef(ENTITY_SHAPE), SH.targetClass))
    if not targets:
        raise ResourceError(f"shapes: {ENTITY_SHAPE} has no sh:targetClass; restore it")
    found = {
        cls
        for target in targets
        for cls in ontology.transitive_subjects(RDFS.subClassOf, target)
        if isinstance(cls, URIRef) and (cls, RDF.type, OWL.Class) in ontology
    }
    classes = []
    for cls in found:
        compact = curie(str(cls))
        if compact == str(cls):
            raise ResourceError(f"class {cls} has no project prefix; add one to cica_kg.prefixes")
        label = next((str(lab) for lab in ontology.objects(cls, RDFS.label)
                      if getattr(lab, "language", None) == "en"), "")  # fmt: skip
        classes.append((compact, label))
    return sorted(classes)


def render_kinds(ontology_path: Path | None = None, shapes_path: Path | None = None) -> str:
    """The Python source of the ``Kind`` class for the ontology and shapes files given.

    Raises:
        ResourceError: two kinds would get the same member name (see :func:`entity_classes`).
    """
    from rdflib import Graph

    ontology = Graph().parse(ontology_path or ontology_file("cica.ttl"), format="turtle")
    shapes = Graph().parse(shapes_path or ontology_file("shapes.ttl"), format="turtle")
    lines = [
        "class Kind(StrEnum):",
        '    """The kind of an entity: the CURIE of its class (generated from ontology/)."""',
    ]
    names: dict[str, str] = {}
    heading = ""
    for kind, label in entity_classes(ontology, shapes):
        name, prefix = member_name(kind), kind.split(":", 1)[0]
        if name in names:
            raise ResourceError(f"kinds {names[name]} and {kind} would both be Kind.{name}")
        names[name] = kind
        if prefix != heading:
            lines += ["", f"    # {prefix}"]
            heading = prefix
        lines.append(f'    {name} = "{kind}"  # {label}')
    return "\n".join(lines) + "\n"


def write_kinds(path: Path | None = None) -> None:
    """Replace the ``Kind`` class in the source file ``path`` (this module) by the generated one."""
    target = path or Path(__file__)
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("class Kind(StrEnum):\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "\n"))
    text = "".join(lines[:start]) + render_kinds() + "\n\n" + "".join(lines[end:])
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_kinds()
    else:
        print(render_kinds(), end="")
