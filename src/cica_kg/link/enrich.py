"""Link the graph's entities to Wikidata, DBpedia and GeoNames, every link with its evidence.

Offline by default: the curated table (``data/reference/external-ids.csv``) and the GeoNames
gazetteer (a bundled index, decision 0105); ``online=True`` adds Wikidata reconciliation for
entities without an accepted Wikidata link. Decisions 0070 (linksets) and 0071 (reconciliation).

>>> from cica_kg.link import link                     # doctest: +SKIP
>>> result = link(dataset)                            # doctest: +SKIP
>>> [c.target for c in result.accepted("wikidata")]   # doctest: +SKIP
['http://www.wikidata.org/entity/Q148', ...]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from rdflib import Dataset

from cica_kg.httpclient import NotCachedError, PoliteClient, ReconciliationError
from cica_kg.link.entities import datasets_for, read_entities
from cica_kg.link.gazetteer import expected_feature, feature_kind, gazetteer_evidence
from cica_kg.link.linkset import add_linkset
from cica_kg.link.model import (
    GEONAMES,
    GEONAMES_FEATURE,
    WIKIDATA,
    Candidate,
    Decision,
    Evidence,
    LinkResult,
    TextEntity,
)
from cica_kg.link.reference import ReferenceRow, curated_evidence, load_reference, negative_evidence
from cica_kg.link.reviewed import (
    apply_decisions,
    load_decisions,
)
from cica_kg.link.scoring import ACCEPT_ABOVE, Finding, score_candidates
from cica_kg.link.wikidata import Endpoints, reconcile


def link(
    dataset: Dataset,
    *,
    online: bool = False,
    accept_above: float = ACCEPT_ABOVE,
    decisions: Path | None = None,
    client: PoliteClient | None = None,
    endpoints: Endpoints | None = None,
    reference: Path | None = None,
) -> LinkResult:
    """Propose, score and decide links for the entities of ``dataset``.

    ``decisions`` is a reviewed-decisions file (checked before any request is made);
    ``client`` is the HTTP client used when ``online`` (default: cache in ``build/cache``).
    An online failure is reported in ``result.warnings``; the offline links are kept.

    Raises:
        InputError: the decisions file or the reference table is malformed.
    """
    entities = read_entities(dataset)
    rows, warnings = load_reference(reference)
    reviewed = load_decisions(decisions, entities) if decisions is not None else ()
    findings = list(offline_findings(entities, rows))
    candidates = _score(findings, rows, accept_above)
    notes = list(warnings)
    if online:
        http = client or PoliteClient(cache_dir=Path("build") / "cache" / "wikidata")
        findings.extend(_online(entities, candidates, http, endpoints, notes))
        notes.extend(http.warnings)
        candidates = _score(findings, rows, accept_above)
    candidates = apply_decisions(candidates, reviewed)
    return LinkResult(tuple(candidates), entities, tuple(notes))


def enrich(
    dataset: Dataset,
    *,
    decisions: Path | None = None,
    client: PoliteClient | None = None,
    endpoints: Endpoints | None = None,
    accept_above: float = ACCEPT_ABOVE,
) -> LinkResult:
    """The linking stage of ``build`` and ``link``: (re)load the external-data graph, link,
    and replace the linkset named graph of ``dataset``.

    Offline unless a ``client`` is given: an ``offline`` client replays the cached answers
    of an earlier ``cica-kg link --online`` (decision 0078). ``decisions`` is a
    reviewed-decisions file, checked before anything else runs. ``cica.ttl`` is unaffected:
    both graphs are separate from the facts graph.

    Raises:
        InputError: the decisions file or a reference table is malformed.
    """
    from cica_kg.link.external import load_external

    load_external(dataset)
    result = link(dataset, online=client is not None, accept_above=accept_above,
                  decisions=decisions, client=client, endpoints=endpoints)  # fmt: skip
    add_linkset(dataset, result)
    return result


def offline_findings(
    entities: tuple[TextEntity, ...], rows: tuple[ReferenceRow, ...]
) -> Iterator[Finding]:
    """The curated-table and gazetteer findings for every linkable entity."""
    for entity in entities:
        wanted = datasets_for(entity.kind)
        for dataset, target, evidence in curated_evidence(entity, rows):
            if dataset in wanted:
                yield entity, dataset, target, _check_geonames(entity, dataset, target, evidence)
        if GEONAMES in wanted:
            for target, evidence in gazetteer_evidence(entity):
                yield entity, GEONAMES, target, evidence


def _check_geonames(entity: TextEntity, dataset: str, target: str, evidence: Evidence) -> Evidence:
    """Check a table's GeoNames ID against the gazetteer's feature class, when it knows it."""
    if dataset != GEONAMES:
        return evidence
    gid = int(target.removeprefix(GEONAMES_FEATURE).rstrip("/"))
    found, wanted = feature_kind(gid), expected_feature(entity.kind)
    if found is None or wanted is None:
        return evidence
    note = f"GeoNames feature {gid} is a {found} ({entity.kind})"
    return replace(evidence, type_agrees=found == wanted, type_note=note)


def _score(
    findings: list[Finding], rows: tuple[ReferenceRow, ...], accept_above: float
) -> list[Candidate]:
    negatives = {}
    for entity, dataset, target, _ in findings:
        why = negative_evidence(entity, dataset, target, rows)
        if why:
            negatives[(entity.iri, dataset, target)] = why
    return score_candidates(findings, negatives, accept_above=accept_above)


def _online(
    entities: tuple[TextEntity, ...],
    candidates: list[Candidate],
    client: PoliteClient,
    endpoints: Endpoints | None,
    notes: list[str],
) -> list[Finding]:
    """Wikidata findings for entities without an accepted Wikidata link (kept on failure)."""
    linked = {
        c.entity.iri
        for c in candidates
        if c.dataset == WIKIDATA and c.decision is Decision.ACCEPTED
    }
    todo = [e for e in entities if WIKIDATA in datasets_for(e.kind) and e.iri not in linked]
    found: list[Finding] = []
    missing = 0
    for entity in todo:
        try:
            found.extend(reconcile([entity], client, endpoints=endpoints))
        except NotCachedError:
            missing += 1  # an offline client: this entity was never searched online
        except ReconciliationError as exc:
            notes.append(
                f"online reconciliation stopped: {exc}; offline links and the {len(found)} "
                "online finding(s) so far are kept; run again later (answers are cached)"
            )
            break
    if missing:
        notes.append(
            f"{missing} entit{'y has' if missing == 1 else 'ies have'} no cached online answer "
            f"in {client.cache_dir}; `cica-kg link --online` fetches them"
        )
    return found
