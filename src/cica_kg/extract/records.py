"""What a document has said so far of the entities the rules compose: summits, posts, terms.

A rule that mints a summit, a post, a presidency term or a proposal records what it knows of
it here (in :class:`~cica_kg.extract.context.DocContext`), so that a later sentence finds the
same entity again ("that summit", "the 2014 summit") instead of minting another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from cica_kg.extract.naming import year_of
from cica_kg.model import Entity, Value

R = TypeVar("R")


@dataclass(frozen=True)
class SummitFacts:
    """What is known of a summit: its number, place, organizer and date (each may be unknown)."""

    ordinal: int | None = None
    place: Entity | None = None
    org: Entity | None = None
    date: Value | None = None

    @property
    def year(self) -> str | None:
        """The year of the date, if the date is known."""
        return year_of(self.date)

    def described(self) -> bool:
        """Whether the number, place or date is known (an organizer alone names no summit)."""
        return any(fact is not None for fact in (self.ordinal, self.place, self.date))

    def merged(self, newer: SummitFacts) -> SummitFacts:
        """These facts with every fact ``newer`` knows put over them."""
        return SummitFacts(
            ordinal=newer.ordinal or self.ordinal,
            place=newer.place or self.place,
            org=newer.org or self.org,
            date=newer.date or self.date,
        )


@dataclass(frozen=True)
class PostFacts:
    """Who holds a post and the English name of its role ("President")."""

    person: Entity
    role: str


@dataclass(frozen=True)
class TermFacts:
    """Which state presides over which organization in a presidency term."""

    state: Entity
    org: Entity


@dataclass(frozen=True)
class ProposalFacts:
    """Who proposed what."""

    proposer: Entity
    proposed: Entity


@dataclass(frozen=True)
class Commitment:
    """The last commitment a sentence made ("among those principles ..." goes on with it)."""

    org: Entity
    charters: tuple[Entity, ...]


def find(
    records: dict[Entity, R], share: tuple[str, ...] = (), **facts: object
) -> Entity | None:
    """The latest recorded entity whose facts agree with the given ones.

    A fact given as None is not compared; one unknown on either side is no conflict. With
    ``share``, one of those facts must also be known on both sides and equal ("the Istanbul
    summit in 2010" is not "the second summit" whose year and city are unknown).
    """
    for entity in reversed(list(records)):
        known = records[entity]
        if not all(
            value is None or getattr(known, name) in (None, value) for name, value in facts.items()
        ):
            continue
        if share and not any(
            facts.get(name) is not None and getattr(known, name) == facts.get(name)
            for name in share
        ):
            continue
        return entity
    return None
