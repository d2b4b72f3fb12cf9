"""Link precision and recall against the reference table (external-ids.csv), offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from cica_kg.link import Decision, LinkResult, link
from cica_kg.link.gazetteer import gazetteer_evidence
from cica_kg.link.model import GEONAMES
from cica_kg.link.reference import load_reference, row_for
from linking_fixtures import article_dataset


@pytest.fixture(scope="module")
def result() -> LinkResult:
    return link(article_dataset())


def _slots(result: LinkResult, *, confirmed: bool) -> list[tuple[str, str, str]]:
    """(entity IRI, dataset, table target) for the table's identifiers of graph entities."""
    rows, _ = load_reference()
    slots = []
    for entity in result.entities:
        row = row_for(entity, rows)
        if row is not None and row.confirmed == confirmed:
            slots.extend((entity.iri, d, t) for d, t in row.targets.items())
    return slots


def test_precision_is_100_percent_on_confirmed_rows(result: LinkResult) -> None:
    slots = _slots(result, confirmed=True)
    assert len(slots) >= 30  # every confirmed identifier of an entity in the graph
    table = {(e, d): t for e, d, t in slots}
    accepted = [c for c in result.accepted() if (c.entity.iri, c.dataset) in table]
    wrong = [c for c in accepted if c.target != table[(c.entity.iri, c.dataset)]]
    precision = (len(accepted) - len(wrong)) / len(accepted)
    assert precision == 1.0, [(c.entity.label(), c.target) for c in wrong]
    recall = len(accepted) / len(slots)
    assert recall == 1.0, set(table) - {(c.entity.iri, c.dataset) for c in accepted}


def test_unconfirmed_rows_go_to_review_not_sameas(result: LinkResult) -> None:
    slots = _slots(result, confirmed=False)
    by_key = {(c.entity.iri, c.dataset, c.target): c for c in result.candidates}
    for entity, dataset, target in slots:
        candidate = by_key[(entity, dataset, target)]
        if dataset == GEONAMES:  # corroborated by the gazetteer (Dushanbe, Istanbul)
            assert candidate.decision is Decision.ACCEPTED
            continue
        assert candidate.decision is Decision.REVIEW, candidate


def test_gazetteer_alone_agrees_with_the_table(result: LinkResult) -> None:
    rows, _ = load_reference()
    checked = 0
    for entity in result.entities:
        row = row_for(entity, rows)
        if row is None or GEONAMES not in row.targets:
            continue
        found = [(t, e) for t, e in gazetteer_evidence(entity) if e.score >= 0.9]
        assert [t for t, _ in found] == [row.targets[GEONAMES]], entity.label()
        checked += 1
    assert checked == 11


def test_where_seen_is_kept_as_evidence(result: LinkResult) -> None:
    china = next(c for c in result.accepted("wikidata") if c.entity.label() == "China")
    assert any("same sources as Kazakhstan" in (e.where_seen or "") for e in china.evidence)


def test_bad_identifier_in_reference_row_is_dropped_with_a_warning(tmp_path: Path) -> None:
    table = tmp_path / "external-ids.csv"
    table.write_text(
        "entity,wikidata,dbpedia,geonames,confidence,where_seen\n"
        "Kazakhstan,Q23x,http://dbpedia.org/resource/Kazakhstan,1522867,confirmed,somewhere\n",
        encoding="utf-8",
    )
    rows, warnings = load_reference(table)
    assert warnings == ("external-ids.csv:2: wikidata identifier dropped: 'Q23x' is not a "
                        "Wikidata QID (Q followed by digits)",)  # fmt: skip
    assert set(rows[0].targets) == {"dbpedia", "geonames"}
    result = link(article_dataset(external=False), reference=table)
    assert result.warnings == warnings
    kazakhstan = {c.dataset for c in result.accepted() if c.entity.label() == "Kazakhstan"}
    assert kazakhstan == {"dbpedia", "geonames"}


def test_do_not_confuse_notes_are_negative_evidence() -> None:
    rows, _ = load_reference()
    china = next(r for r in rows if r.entity == "China")
    assert china.do_not_confuse == {"Q29520", "Q13426199"}
