"""Plain-text renderings of a :class:`LinkResult`: the link table, the review list, counts."""

from __future__ import annotations

from dataclasses import dataclass

from cica_kg.link.model import DATASETS, Candidate, Decision, LinkResult, short_target
from cica_kg.text.display import table_lines

HEADER = ("entity", "dataset", "candidate", "score", "decision", "why")


@dataclass(frozen=True)
class LinkCounts:
    """The linking table's figures (over entities of the text, or of all graphs)."""

    entities: int
    linked: dict[str, int]  # dataset -> entities with an accepted link
    in_review: int  # entities with at least one candidate in review
    unlinked: int

    def render(self, title: str) -> str:
        """One line: ``title: 36 entities; wikidata 9, dbpedia 8, geonames 4; ...``."""
        per = ", ".join(f"{d} {self.linked.get(d, 0)}" for d in DATASETS)
        return (
            f"{title}: {self.entities} entities; linked {per}; "
            f"{self.in_review} in review; {self.unlinked} unlinked"
        )


def counts(result: LinkResult, *, text_only: bool = True) -> LinkCounts:
    """How many entities, how many linked per dataset, in review, unlinked."""
    entities = [e for e in result.entities if e.in_text or not text_only]
    iris = {e.iri for e in entities}
    linked = {
        d: len({c.entity.iri for c in result.accepted(d) if c.entity.iri in iris}) for d in DATASETS
    }
    review = {c.entity.iri for c in result.in_review() if c.entity.iri in iris}
    unlinked = [e for e in result.unlinked() if e.iri in iris]
    return LinkCounts(len(entities), linked, len(review), len(unlinked))


def render_table(result: LinkResult, *, review_only: bool = False) -> str:
    """The link table (every candidate, or only those in review) and the unlinked entities."""
    chosen = result.in_review() if review_only else result.candidates
    rows = [_row(c) for c in sorted(chosen, key=_order)]
    out = [_format([HEADER, *rows])] if rows else ["(no candidates)\n"]
    unlinked = result.unlinked()
    if unlinked:
        out.append(f"\nunlinked entities ({len(unlinked)}), with their best candidates:\n")
        for entity in unlinked:
            best = result.best_candidates(entity)
            shown = ", ".join(
                f"{c.dataset} {short_target(c.dataset, c.target)} {c.score:.2f} {c.decision.value}"
                for c in best
            )
            out.append(f"  {entity.label('en')} ({entity.kind}): {shown or 'no candidate'}\n")
    return "".join(out)


def _order(candidate: Candidate) -> tuple[str, int, str, float]:
    rank = {Decision.ACCEPTED: 0, Decision.REVIEW: 1, Decision.REJECTED: 2}[candidate.decision]
    return (candidate.entity.label("en").lower(), DATASETS.index(candidate.dataset),
            str(rank), -candidate.score)  # fmt: skip


def _row(candidate: Candidate) -> tuple[str, ...]:
    return (
        candidate.entity.label("en"),
        candidate.dataset,
        short_target(candidate.dataset, candidate.target),
        f"{candidate.score:.2f}",
        candidate.decision.value,
        candidate.why,
    )


def _format(rows: list[tuple[str, ...]]) -> str:
    return "".join(line + "\n" for line in table_lines(rows))
