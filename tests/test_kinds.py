"""Tests of cica_kg.kinds: ``Kind`` is generated from the ontology, and the groups agree with it."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

from cica_kg import kinds
from cica_kg.errors import ResourceError
from cica_kg.extract.lexicon import concepts, gazetteer, parse_gazetteer
from cica_kg.kinds import CONCEPTS, EVENTS, ORGANIZATIONS, PLACES, VENUES, Kind, render_kinds
from cica_kg.model import Entity
from cica_kg.prefixes import PREFIXES
from cica_kg.resources import ontology_file
from cica_kg.validate.shacl import load_turtle

SHAPES = """
@prefix cicash: <https://w3id.org/cica-kg/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix cica: <https://w3id.org/cica-kg/ontology#> .
cicash:EntityShape sh:targetClass cica:Event .
"""


def _iri(kind: str) -> URIRef:
    prefix, local = kind.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


def _below(kind: str) -> set[str]:
    """The kinds at or below ``kind`` in the ontology's class hierarchy."""
    ontology = load_turtle(ontology_file("cica.ttl"))
    return {k for k in Kind if _iri(kind) in ontology.transitive_objects(_iri(k), RDFS.subClassOf)}


def test_kind_class_is_the_generated_one() -> None:
    assert render_kinds() in inspect.getsource(kinds)


def test_kinds_are_the_entity_classes_of_the_ontology() -> None:
    ontology = load_turtle(ontology_file("cica.ttl"))
    shapes = load_turtle(ontology_file("shapes.ttl"))
    assert [k for k, _label in kinds.entity_classes(ontology, shapes)] == sorted(Kind)
    assert {Kind.SUMMIT, Kind.FORMAL_ORGANIZATION, Kind.PERSON, Kind.CITY, Kind.ROLE} <= set(Kind)
    assert "cica:LinkCandidate" not in set(Kind) and "prov:Activity" not in set(Kind)


def test_a_kind_is_its_curie() -> None:
    assert Kind.SUMMIT == "cica:Summit" and f"{Kind.CBM_AREA}" == "cica:CbmArea"
    assert {"schema:City": 1}[Kind.CITY] == 1 and hash(Kind.STATE) == hash("cica:State")
    assert Kind("foaf:Person") is Kind.PERSON
    assert type(Entity(Kind.SUMMIT, "k", "k").kind) is str  # later stages see a plain CURIE


def test_the_groups_agree_with_the_class_hierarchy() -> None:
    assert ORGANIZATIONS.issubset(_below("org:Organization"))
    assert EVENTS.issubset(_below("cica:Event"))
    assert VENUES < PLACES and PLACES.issubset(_below("schema:Place"))
    assert _below("skos:Concept") - {Kind.CONCEPT} == CONCEPTS


def test_every_kind_of_the_lexicon_is_a_kind() -> None:
    assert all(isinstance(entry.kind, Kind) for entry in (*gazetteer(), *concepts()))


def test_an_unknown_kind_in_the_gazetteer_fails_with_its_line() -> None:
    with pytest.raises(ResourceError, match=r"g\.tsv line 2: unknown kind 'cica:Sumit'"):
        parse_gazetteer("# kinds\ncica:Sumit\tX\t\t\t\t\n", source="g.tsv")


def test_kinds_are_the_targets_and_their_subclasses(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    source = render_kinds(shapes_path=shapes)
    assert '    SUMMIT = "cica:Summit"  # summit\n' in source
    assert "STATE" not in source and "PERSON" not in source


def test_a_shape_without_targets_fails(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("", encoding="utf-8")
    with pytest.raises(ResourceError, match="EntityShape has no sh:targetClass"):
        render_kinds(shapes_path=shapes)


def test_entity_classes_need_a_project_prefix() -> None:
    ontology = Graph().parse(
        data="<http://example.org/Thing> a <http://www.w3.org/2002/07/owl#Class> .", format="turtle"
    )
    shapes = Graph().parse(
        data="<https://w3id.org/cica-kg/shapes#EntityShape> "
        "<http://www.w3.org/ns/shacl#targetClass> <http://example.org/Thing> .",
        format="turtle",
    )
    with pytest.raises(ResourceError, match="has no project prefix"):
        kinds.entity_classes(ontology, shapes)


def test_write_replaces_the_class_in_place(tmp_path: Path) -> None:
    module = tmp_path / "kinds.py"
    original = inspect.getsource(kinds)
    stale = original.replace('    SUMMIT = "cica:Summit"  # summit\n', "")
    module.write_text(stale, encoding="utf-8")
    kinds.write_kinds(module)
    assert module.read_text(encoding="utf-8") == original


def test_importing_kinds_loads_no_rdflib() -> None:
    code = "import sys, cica_kg.kinds; print('rdflib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
