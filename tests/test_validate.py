"""Tests of cica_kg.validate.shacl: every shape has a passing and a violating case.

The cases live in tests/data/shapes/: ``base.ttl`` is a small facts graph meeting every shape;
``<shape>-fail.ttl`` adds triples breaking exactly that shape, ``<shape>-pass.ttl`` adds triples
near its edge that must pass. :func:`with_evidence` adds the 0002 evidence of every fact that has
none, as the build does, so that only the shape under test can fire.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from cica_kg import iris
from cica_kg.errors import ResourceError
from cica_kg.namespace import CICA, OA
from cica_kg.resources import ontology_file
from cica_kg.validate.shacl import format_report, load_turtle, validate

DATA = Path(__file__).parent / "data" / "shapes"
SHAPES = "https://w3id.org/cica-kg/shapes#"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
DCT_LANGUAGE = URIRef("http://purl.org/dc/terms/language")
SOURCE = URIRef(iris.ID + "source/cica-china-org-cn-2019-04-17")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def _has_statement(graph: Graph, s: URIRef, p: URIRef, o: object) -> bool:
    return any(
        (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph
        for st in graph.subjects(RDF.subject, s)
    )


def with_evidence(graph: Graph, *, quote: str = "(test quote)") -> Graph:
    """``graph`` plus a reified statement and a quote annotation (0002) for every bare fact."""
    out = Graph()
    out += graph
    for s, p, o in sorted(graph):
        if not isinstance(s, URIRef) or not str(s).startswith(iris.ID):
            continue
        if str(s).startswith(iris.ID + "fact/") or _has_statement(graph, s, p, o):
            continue
        fact = iris.fact_iri(f"{s.n3()} {p.n3()} {o.n3()} .")
        note, target = URIRef(f"{fact}/en-0"), URIRef(f"{fact}/en-0/target")
        quote_sel, position = URIRef(f"{note}/quote"), URIRef(f"{note}/position")
        for triple in (
            (fact, RDF.type, RDF.Statement),
            (fact, RDF.subject, s),
            (fact, RDF.predicate, p),
            (fact, RDF.object, o),
            (fact, PROV_DERIVED, SOURCE),
            (fact, CICA.evidence, note),
            (note, RDF.type, OA.Annotation),
            (note, OA.hasBody, fact),
            (note, OA.hasTarget, target),
            (note, DCT_LANGUAGE, Literal("en")),
            (
                note,
                URIRef("http://www.w3.org/ns/prov#wasAttributedTo"),
                URIRef(iris.ID + "extractor/test"),
            ),
            (note, CICA.confidence, Literal("0.9", datatype=XSD_DECIMAL)),
            (target, RDF.type, OA.SpecificResource),
            (target, OA.hasSource, SOURCE),
            (target, OA.hasSelector, quote_sel),
            (target, OA.hasSelector, position),
            (quote_sel, RDF.type, OA.TextQuoteSelector),
            (quote_sel, OA.exact, Literal(quote, lang="en")),
            (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, Literal(0)),
            (position, OA.end, Literal(len(quote))),
        ):
            out.add(triple)
    return out


def case_graph(*names: str) -> Graph:
    """base.ttl plus the named case files, with evidence for every bare fact."""
    graph = Graph()
    for name in ("base", *names):
        graph.parse(DATA / f"{name}.ttl", format="turtle")
    return with_evidence(graph)


def fired(graph: Graph) -> set[str]:
    """The local names of the shapes that report a finding on ``graph``."""
    return {f.shape_iri.removeprefix(SHAPES) for f in validate(graph).findings}


def _cases(kind: str) -> list[str]:
    return sorted(p.name.removesuffix(f"-{kind}.ttl") for p in DATA.glob(f"*-{kind}.ttl"))


def test_base_graph_conforms_without_any_finding() -> None:
    result = validate(case_graph())
    assert result.conforms
    assert result.findings == ()


@pytest.mark.parametrize("shape", _cases("fail"))
def test_violating_case_fires_exactly_its_shape(shape: str) -> None:
    assert fired(case_graph(f"{shape}-fail")) == {shape}


@pytest.mark.parametrize("shape", _cases("pass"))
def test_passing_case_fires_nothing(shape: str) -> None:
    assert fired(case_graph(f"{shape}-pass")) == set()


def test_every_shape_with_constraints_has_a_violating_case() -> None:
    shapes = load_turtle(ontology_file("shapes.ttl"))
    sh = "http://www.w3.org/ns/shacl#"
    kinds = {URIRef(sh + "NodeShape"), URIRef(sh + "PropertyShape")}
    constrained = {
        str(s).removeprefix(SHAPES)
        for s, p, _o in shapes
        if str(s).startswith(SHAPES)
        and set(shapes.objects(s, RDF.type)) & kinds
        and p
        not in (URIRef(sh + n) for n in ("name", "message", "severity", "targetClass", "property"))
        and p != RDF.type
        and not str(p).startswith(sh + "target")
    }
    assert constrained - set(_cases("fail")) == set()


def test_warnings_are_listed_but_keep_the_graph_conformant() -> None:
    result = validate(case_graph("Entity-label-zh-fail"))
    assert result.conforms
    assert [f.severity for f in result.findings] == ["Warning"]


UNSAID = ["Summit-startDate", "Summit-location", "PresidencyTerm-startDate"]


@pytest.mark.parametrize("case", UNSAID)
def test_what_a_text_leaves_unsaid_is_a_warning(case: str) -> None:
    result = validate(case_graph(f"{case}-fail"))  # decision 0131
    assert result.conforms
    assert {(f.shape_iri, f.severity) for f in result.findings} == {(SHAPES + case, "Warning")}


def test_violation_makes_the_graph_non_conformant() -> None:
    result = validate(case_graph("Event-startDate-fail"))
    assert not result.conforms
    assert result.count("Violation") == 1


def test_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    graph = case_graph("Post-role-fail")
    dataset = Dataset()
    facts = dataset.graph(iris.FACTS_GRAPH)
    evidence = dataset.graph(iris.EVIDENCE_GRAPH)
    for triple in graph:
        (evidence if str(triple[0]).startswith(iris.ID + "fact/") else facts).add(triple)
    assert {f.shape_iri for f in validate(dataset).findings} == {SHAPES + "Post-role"}


def test_report_shows_labels_counts_and_the_source_sentence() -> None:
    sentence = "The number of CICA member states increased to 26 at the 2014 Shanghai Summit."
    graph = case_graph()
    summit = URIRef(iris.ID + "summit/cica-summit-2014-shanghai")
    graph.add((summit, CICA.ordinal, Literal("fourth")))
    graph = with_evidence(graph, quote=sentence)
    report = format_report(validate(graph))
    assert report.startswith("Conforms: no\n")
    assert "1 violation(s), 0 warning(s), 0 info(s)" in report
    assert "Number in series" in report
    assert '"2014 Shanghai Summit"' in report
    assert 'value "fourth"' in report
    assert f'source (en, characters 0-{len(sentence)}): "{sentence}"' in report


def test_report_of_a_conformant_graph_says_yes() -> None:
    assert format_report(validate(case_graph())).startswith("Conforms: yes\n")


def test_malformed_shapes_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text('@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<a> sh:name "x" <b> .\n')
    with pytest.raises(ResourceError, match=r"shapes\.ttl line 3: .*fix the Turtle syntax"):
        validate(Graph(), shapes=bad)


def test_malformed_ontology_file_raises_resource_error(tmp_path: Path) -> None:
    bad = tmp_path / "onto.ttl"
    bad.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<a> a owl:Class\n")
    with pytest.raises(ResourceError, match=r"onto\.ttl line \d+"):
        validate(Graph(), ontology=[bad])


def test_missing_shapes_file_raises_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="cannot read"):
        validate(Graph(), shapes=tmp_path / "none.ttl")


def test_validation_of_a_seed_sized_graph_is_fast() -> None:
    graph = case_graph()
    assert len(graph) > 1000
    validate(graph)  # warm the caches (parsed shapes and ontology)
    start = time.process_time()  # CPU time: robust to a loaded test machine
    validate(graph)
    assert time.process_time() - start < 3.0


# --- user shapes: bounded, linted, refusals as one line (decision 0084) -------------------

USER_DATA = """@prefix ex: <http://example.org/> .
ex:x a ex:C ; ex:name "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" .
"""
USER_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .

ex:NameShape a sh:NodeShape ;
    sh:name "Name shape" ;
    sh:targetClass ex:C ;
    sh:property [
        sh:path ex:name ;
        {constraint}
    ] .
"""


def _user_files(tmp_path: Path, constraint: str) -> tuple[str, str]:
    data, shapes = tmp_path / "data.ttl", tmp_path / "user-shapes.ttl"
    data.write_text(USER_DATA, encoding="utf-8")
    shapes.write_text(USER_SHAPES.replace("{constraint}", constraint), encoding="utf-8")
    return str(data), str(shapes)


def _one_line_error(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cica-kg: error: "), err
    assert "Traceback" not in err
    assert all(word in lines[0] for word in words), lines[0]
    return lines[0]


def test_catastrophic_pattern_is_stopped_at_the_timeout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    data, shapes = _user_files(tmp_path, 'sh:pattern "^(a+)+$" ;')
    start = time.monotonic()
    code = main(["validate", "--graph", data, "--shapes", shapes, "--timeout", "1"])
    assert time.monotonic() - start < 15
    assert code == 2
    _one_line_error(capsys, "stopped after 1 s", "sh:pattern", "--timeout")


def test_parsing_runs_under_the_same_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cica_kg.validate.files
    from cica_kg.cli import main

    def slow_read(path: Path, **_options: object) -> Dataset:
        time.sleep(60)
        return Dataset()

    monkeypatch.setattr(cica_kg.validate.files, "read_file", slow_read)
    data, _shapes = _user_files(tmp_path, "")
    start = time.monotonic()
    assert main(["validate", "--graph", data, "--timeout", "0.5"]) == 2
    assert time.monotonic() - start < 15
    _one_line_error(capsys, "data.ttl", "stopped after 0.5 s")


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf"])
def test_timeout_must_be_a_number_of_seconds(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    assert main(["validate", "--timeout", value]) == 2
    assert "not a number of seconds" in capsys.readouterr().err


def test_misspelt_shacl_terms_are_refused_with_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    data, shapes = _user_files(tmp_path, "sh:minCont 1 ;\n        sh:maxLenght 3 ;")
    assert main(["validate", "--graph", data, "--shapes", shapes]) == 2
    line = _one_line_error(capsys, "user-shapes.ttl")
    assert "sh:maxLenght at line 10 (did you mean sh:maxLength?)" in line
    assert "sh:minCont at line 9 (did you mean sh:minCount?)" in line


def test_unknown_terms_are_found_in_full_iris_too(tmp_path: Path) -> None:
    shapes = tmp_path / "s.ttl"
    shapes.write_text("<http://e/S> <http://www.w3.org/ns/shacl#targetclass> <http://e/C> .\n")
    with pytest.raises(ResourceError, match="sh:targetclass at line 1"):
        validate(Graph(), shapes=shapes)


def test_bundled_shapes_use_only_shacl_terms() -> None:
    from cica_kg.validate.lint import unknown_terms

    for name in ("shapes.ttl", "linkset-shapes.ttl", "external-shapes.ttl"):
        assert unknown_terms(load_turtle(ontology_file(name))) == [], name


def test_known_terms_are_the_whole_shacl_vocabulary() -> None:
    """rdflib's SH against W3C's shacl.ttl as pySHACL bundles it: the lint misses no term."""
    import pyshacl

    from cica_kg.validate.lint import EXTRA_TERMS, NAMESPACE, known_terms

    vocabulary = Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl.ttl")
    defined = {
        str(node)[len(NAMESPACE):]
        for node in vocabulary.all_nodes()
        if isinstance(node, URIRef) and str(node).startswith(NAMESPACE)
    }
    assert len(defined) > 200
    assert known_terms() - EXTRA_TERMS == defined


def test_refused_sparql_constraint_names_the_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    data, shapes = _user_files(tmp_path, "")
    Path(shapes).write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n'
        'ex:NameShape a sh:NodeShape ; sh:name "Name shape" ; sh:targetClass ex:C ;\n'
        '    sh:sparql [ a sh:SPARQLConstraint ; sh:message "m" ;\n'
        '        sh:select "SELECT $this WHERE { $this ?p ?o . MINUS { $this a ?o } }" ] .\n',
        encoding="utf-8",
    )
    assert main(["validate", "--graph", data, "--shapes", shapes]) == 2
    line = _one_line_error(capsys, "user-shapes.ttl", '"Name shape"', "MINUS")
    assert "shape <http://example.org/NameShape>" in line


def test_a_shape_pyshacl_cannot_load_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cica_kg.cli import main

    data, shapes = _user_files(tmp_path, 'sh:minCount "many" ;')
    assert main(["validate", "--graph", data, "--shapes", shapes]) == 2
    _one_line_error(capsys, "user-shapes.ttl", "pySHACL refused it")
