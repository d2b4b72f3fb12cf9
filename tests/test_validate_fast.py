"""Tests of cica_kg.validate.fast: the same findings as pySHACL (decision 0117).

Cross-checked on every shape fixture (``tests/data/shapes/``: each breaks one shape, so each
SPARQL constraint and each use of the per-article component has a case the fast engine must
find as pySHACL does), on the bundled build and on a 10⁴-triple synthetic graph.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import SH, Dataset, Graph

from cica_kg.resources import ontology_file
from cica_kg.validate.fast import as_minus, core_shapes, sparql_checks
from cica_kg.validate.shacl import Finding, validate
from test_validate import DATA, case_graph

CASES = ["base", *sorted(p.stem for p in DATA.glob("*-*.ttl"))]
Key = tuple[str, str, str, str, str, str | None, object]


def _key(finding: Finding) -> Key:
    """All a finding says but its message (see :func:`_same_messages`)."""
    return (finding.focus, finding.shape_iri, finding.severity, finding.path or "",
            finding.value or "", finding.focus_label, finding.source)  # fmt: skip


def _keys(findings: tuple[Finding, ...]) -> list[Key]:
    return sorted(map(_key, findings), key=repr)


def _assert_same(data: Graph | Dataset) -> int:
    reference = validate(data, engine="pyshacl").findings
    fast = validate(data, engine="fast").findings
    missing = sorted(set(map(_key, reference)) - set(map(_key, fast)), key=repr)
    extra = sorted(set(map(_key, fast)) - set(map(_key, reference)), key=repr)
    assert _keys(fast) == _keys(reference), f"pyshacl only: {missing}\nfast only: {extra}"
    _same_messages(reference, fast)
    return len(reference)


def _same_messages(reference: tuple[Finding, ...], fast: tuple[Finding, ...]) -> None:
    """Messages agree wherever a shape has one finding on a focus node. (pySHACL 0.40 appends
    each SPARQL result's message to a list shared by the shape's later results, so from the
    second result on it may show another result's value; the fast engine does not.)"""

    def single(findings: tuple[Finding, ...]) -> dict[tuple[str, str], str]:
        groups: dict[tuple[str, str], list[str]] = {}
        for f in findings:
            groups.setdefault((f.shape_iri, f.focus), []).append(f.message)
        return {key: found[0] for key, found in groups.items() if len(found) == 1}

    assert single(fast) == single(reference)


@pytest.mark.parametrize("case", CASES)
def test_fast_engine_gives_pyshacls_findings_on_each_fixture(case: str) -> None:
    graph = case_graph() if case == "base" else case_graph(case)
    found = _assert_same(graph)
    assert (found == 0) == (case == "base" or case.endswith("-pass"))


def test_fast_engine_gives_pyshacls_findings_on_the_bundled_build(seed_dataset: Dataset) -> None:
    _assert_same(seed_dataset)


def test_fast_engine_gives_pyshacls_findings_on_a_synthetic_graph(tmp_path: Path) -> None:
    from cica_kg.bench.measure import build_tier

    _, dataset, _ = build_tier(10_000, seed=1, base=None, workdir=tmp_path)
    assert _assert_same(dataset) > 0  # the generator's graph breaks some shapes


def test_every_sparql_constraint_and_component_use_becomes_one_query() -> None:
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    checks = list(sparql_checks(shapes))
    constraints = set(shapes.subject_objects(SH.sparql))
    uses = [s for p in shapes.objects(None, SH.parameter) for s in
            shapes.subjects(shapes.value(p, SH.path), None)]  # fmt: skip
    assert len(checks) == len(constraints) + len(uses) > 0
    assert all("SELECT DISTINCT ?this" in check.query for check in checks)


def test_core_shapes_keep_no_sparql() -> None:
    shapes = Graph().parse(ontology_file("shapes.ttl"), format="turtle")
    core = core_shapes(shapes)
    assert not set(core.subject_objects(SH.sparql))
    assert len(core) < len(shapes)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate(Graph(), engine="rust")


def test_not_exists_becomes_minus_only_where_it_binds_every_variable() -> None:
    kept = "FILTER NOT EXISTS { $this a ex:A . FILTER (?path IN (ex:p)) }"
    moved = "FILTER NOT EXISTS { ?f ex:s $this ; ex:p ?path . FILTER (?path != ex:q) }"
    optional = "FILTER NOT EXISTS { ?f ex:s $this . OPTIONAL { ?f ex:p ?path } }"
    rewritten = as_minus(f"SELECT $this WHERE {{ $this ?path ?v . {kept} {moved} {optional} }}")
    assert kept in rewritten and optional in rewritten
    assert moved.replace("FILTER NOT EXISTS", "MINUS") in rewritten


def test_the_cli_offers_the_library_engines() -> None:
    from cica_kg.cli import validate as cli_validate
    from cica_kg.validate import shacl

    assert cli_validate.ENGINES == shacl.ENGINES


def test_auto_runs_fast_for_the_bundled_shapes_and_pyshacl_for_a_users(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cica_kg.validate import shacl

    used: list[str] = []
    real = shacl._run_shapes
    monkeypatch.setattr(shacl, "_run_shapes", lambda data, **kw: used.append(kw["engine"])
                        or real(data, **kw))  # fmt: skip
    validate(Graph())
    validate(Graph(), shapes=ontology_file("shapes.ttl"))
    assert used == ["fast", "pyshacl"]
