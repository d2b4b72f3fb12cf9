"""The gold scorer (cica_kg.bench.gold) keeps every rule of the reference kgscore.py.

One small graph and gold file exercise each rule (label hints, skipped predicates, class
nodes, hops, loose names, values, optional facts, bilingual labels); the reference scorer
(``tests/data/dev-corpus/kgscore.py``) is run on the same files and must agree.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from cica_kg.bench.gold import DEV_CORPUS, load_gold, normalise, score_gold
from cica_kg.errors import InputError, ResourceError

GRAPH = """
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:cica rdfs:label "The  CICA"@en, "亚信"@zh-hans ; a ex:Forum ; ex:kind ex:Forum ;
    ex:member ex:kz ; ex:proposed "1992-10-05"^^xsd:date ; ex:members "16"^^xsd:integer ;
    ex:count "sixteen" ; ex:principle ex:equality .
ex:Forum a owl:Class ; rdfs:label "Forum"@en .
ex:equality skos:prefLabel "Sovereign equality"@en .
ex:kz schema:name "Kazakhstan"@en-gb, "哈萨克斯坦"@zh ; ex:capital ex:astana .
ex:astana ex:shortTitle "Astana, the capital" ; ex:summitYear "2022"^^xsd:gYear .
ex:old ex:renamedTo "Nur-Sultan" ; ex:cityOf ex:kz .
ex:sg ex:notation "SG" ; prov:wasDerivedFrom ex:cica ; owl:sameAs ex:cica .
"""

GOLD = """
entities:
  cica: {en: ["CICA"], zh: ["亚信"]}
  cica_long: {en: ["Conference on Interaction", "cica"]}
  kz: {en: ["Kazakhstan"], zh: []}
  astana: {en: ["Astana"]}
  nursultan: {en: ["Nur-Sultan"]}
  forum: {en: ["Forum"]}
  sg: {en: ["SG"]}
  nowhere: {en: ["Atlantis"]}
facts:
  - {id: F01, s: cica, o: kz, hops: 1, what: "a one-hop entity"}
  - {id: F02, s: cica, o: {date: "1992-10"}, what: "a date prefix"}
  - {id: F03, s: cica, o: {int: 16}, what: "an integer"}
  - {id: F04, s: cica, o: {int: 7}, what: "another integer (a non-number literal is no error)"}
  - {id: F05, s: cica, o: {text: "SOVEREIGN"}, what: "a text in a node's label"}
  - {id: F06, s: sg, o: cica, what: "provenance and sameAs edges are no path"}
  - {id: F07, s: cica, o: astana, hops: 1, what: "two hops away"}
  - {id: F08, s: cica, o: astana, what: "within the default two hops"}
  - {id: F09, s: astana, o: kz, hops: 1, what: "a loose name"}
  - {id: F10, s: cica, o: forum, hops: 3, what: "edges touching a class are no path"}
  - {id: F11, s: cica, o: {year: "2022"}, hops: 3, what: "three hops"}
  - {id: F12, s: cica, o: {year: "2022"}, what: "not within two"}
  - {id: F13, s: nursultan, o: kz, hops: 1, what: "renamedTo holds 'name': a label"}
  - {id: F14, s: nowhere, o: kz, what: "no node has the name"}
  - {id: F15, s: cica, o: cica_long, what: "the object's nodes are the subject's"}
  - {id: F16, s: cica, o: kz, hops: 0, what: "zero hops"}
  - {id: F17, s: cica, o: {text: "1992"}, hops: 1, what: "a text in a literal"}
  - {id: F18, s: kz, o: {text: "nowhere"}, optional: true, what: "optional, missed"}
  - {id: F19, s: kz, o: astana, optional: true, what: "optional, found"}
bilingual: [cica, kz, astana]
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold, graph = tmp_path / "gold.yaml", tmp_path / "graph.ttl"
    gold.write_text(GOLD, encoding="utf-8")
    graph.write_text(GRAPH, encoding="utf-8")
    return gold, graph


def test_each_rule(files: tuple[Path, Path]) -> None:
    gold, graph = files
    result = score_gold(load_gold(gold), Graph().parse(graph, format="turtle"))
    missed = ("F04", "F06", "F07", "F10", "F12", "F14", "F15", "F16")
    assert (result.found, result.total, result.missed) == (9, 17, missed)
    assert result.missed_optional == ("F18",)
    assert (result.bilingual, result.bilingual_total) == (1, 3)
    assert result.not_bilingual == ("kz", "astana")  # en-gb is not "en"
    assert result.percent == pytest.approx(100 * 9 / 17)


def test_the_reference_scorer_agrees(files: tuple[Path, Path]) -> None:
    gold, graph = files
    result = score_gold(load_gold(gold), Graph().parse(graph, format="turtle"))
    out = subprocess.run(
        [sys.executable, str(DEV_CORPUS / "kgscore.py"), str(gold), str(graph)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert f"recall {result.found}/{result.total}" in out.splitlines()
    assert f"bilingual {result.bilingual}/{result.bilingual_total}" in out.splitlines()
    assert re.findall(r"^missed (\w+):", out, flags=re.MULTILINE) == list(result.missed)
    assert re.findall(r"^missed optional (\w+):", out, re.MULTILINE) == ["F18"]
    assert re.findall(r"^not bilingual: (\w+)", out, re.MULTILINE) == list(result.not_bilingual)


def test_names_are_normalised() -> None:
    assert normalise("  The  CICA\u3000Secretariat ") == "cica secretariat"
    assert normalise("ＣＩＣＡ") == "cica"  # NFKC: full-width letters
    assert normalise("theatre") == "theatre"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("facts: []\n", "lacks entities"),
        ("entities: {a: {en: [A]}}\nfacts: [{id: X, s: a, o: b}]\n", "'b' is not a key"),
        ("entities: {a: {en: [A]}}\nfacts: [{id: X, s: a, o: {date: 2022-10-13}}]\n", "quoted"),
        ("entities: {a: {en: [A]}}\nfacts: [{id: X, s: a, o: a, optinal: true}]\n", "optinal"),
        ("entities: {a: {en: [A]}}\nfacts: [{id: X, s: a, o: a, hops: -1}]\n", "hops"),
        ("entities: {a: {en: A}}\nfacts: []\n", "must be a list"),
        ("entities: {a: {en: [A]}}\nfacts: [{id: X, s: a, o: {}}]\n", "entity key or one"),
        ("entities: {a: {en: [A]}}\nfacts: [{id: X, s: a, o: a}, {id: X, s: a, o: a}]\n", "twice"),
        ("entities: [\n", "not a YAML"),
    ],
)
def test_malformed_gold_is_an_input_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "gold.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_gold(path)


def test_a_missing_gold_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_gold(tmp_path / "none.yaml")


def test_without_pyyaml_the_error_says_what_to_install(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml raises ImportError
    with pytest.raises(ResourceError, match="pyyaml"):
        load_gold(files[0])
