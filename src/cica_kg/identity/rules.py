"""When two composed entities are one: meetings, presidency terms, member and observer counts.

Each rule groups the profiles of one series (the summits of one organizer, the terms of one
state over one organization, the counts of one number) and gives each an identity:

- a meeting is its number in the series; the number's year and city are what most mentions
  with that number say. A mention without a number is the meeting whose year (or city) it
  shares, if only one does; else it is its year and city. A number whose year or city
  conflicts with the mention's is not it (the first summit of 2006 is an error, not 2002's).
- a presidency term is its holder, organization and start year; a term known only by its end
  (a hand-over) is the holder's latest term begun before that year.
- a count is its organization, number and the year it holds as of (its date, or its event's);
  counts as of different years are different facts, and an undated count is the one dated
  count of the same number, if there is only one.

Anything a rule cannot place stays as it was: merging two different things is worse than
leaving one thing as two nodes (decision 0090).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from cica_kg.identity.profiles import NodeId, Profile
from cica_kg.kinds import Kind

Identity = tuple[str, ...]
"""What a mention is: its series, then the rule's values (a number, a year)."""
Ids = dict[NodeId, Identity]
MeetingYears = dict[tuple[str, str], str]
"""The year of a meeting, by the key and document that name it."""
Scores = dict[NodeId, int]

MEETING_KINDS = frozenset(
    {Kind.SUMMIT, Kind.MINISTERIAL_MEETING, Kind.SENIOR_OFFICIALS_MEETING,
     Kind.WORKING_GROUP_MEETING}
)  # fmt: skip
COUNT_PREDICATES: dict[str, str] = {
    Kind.MEMBER_COUNT: "cica:memberCount",
    Kind.OBSERVER_COUNT: "cica:observerCount",
}

START, END, PLACE, ORDINAL = "schema:startDate", "schema:endDate", "schema:location", "cica:ordinal"


def series(
    found: Iterable[Profile], select: Callable[[Profile], tuple[str, ...] | None]
) -> list[list[Profile]]:
    """The profiles grouped by ``select`` (None: not in any series), in a fixed order."""
    by_series: dict[tuple[str, ...], list[Profile]] = defaultdict(list)
    for profile in found:
        name = select(profile)
        if name is not None:
            by_series[name].append(profile)
    return [sorted(by_series[name], key=lambda p: p.node) for name in sorted(by_series)]


# ---------------------------------------------------------------- meetings


def _ordinals(profile: Profile) -> set[int]:
    return {int(v) for v in profile.get(ORDINAL) if v.isdigit()}


def _top(values: Iterable[str]) -> str | None:
    """The most frequent value, if no other is as frequent."""
    ranked = Counter(values).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _numbers(members: Sequence[Profile]) -> dict[int, tuple[str | None, str | None]]:
    """Each number of the series with its year and city, from the mentions giving one number."""
    single = [p for p in members if len(_ordinals(p)) == 1]
    table = {}
    for number in sorted({n for p in single for n in _ordinals(p)}):
        numbered = [p for p in single if number in _ordinals(p)]
        year = _top(y for p in numbered for y in p.years(START))
        city = _top(c for p in numbered for c in p.get(PLACE))
        table[number] = (year, city)
    return table


def _numbered(profile: Profile, table: dict[int, tuple[str | None, str | None]]) -> int | None:
    """The number of the meeting a mention is, if exactly one number fits it."""
    ordinals, years, cities = _ordinals(profile), profile.years(START), profile.get(PLACE)

    def fits(number: int) -> bool:
        year, city = table[number]
        return (not years or year is None or year in years) and (
            not cities or city is None or city in cities
        )

    if ordinals:
        candidates = [n for n in sorted(ordinals) if n in table and fits(n)]
    else:
        candidates = [
            n for n in table if fits(n) and (table[n][0] in years or table[n][1] in cities)
        ]
    return candidates[0] if len(candidates) == 1 else None


def _unnumbered(profile: Profile) -> Identity | None:
    """A meeting without a number: its year and (if one) city."""
    years, cities = profile.years(START), profile.get(PLACE)
    if len(years) != 1:
        return None
    return ("at", min(years), min(cities) if len(cities) == 1 else "")


def _meeting_ids(members: Sequence[Profile]) -> dict[NodeId, Identity]:
    table = _numbers(members)
    ids: dict[NodeId, Identity] = {}
    for member in members:
        number = _numbered(member, table)
        place = _unnumbered(member) if number is None else None
        if number is not None:
            year, city = table[number]
            ids[member.node] = ("number", f"{number:04d}", year or "", city or "")
        elif place is not None:
            ids[member.node] = place
    placed = {i for i in ids.values() if i[0] == "at" and i[2]}
    for node, identity in list(ids.items()):  # "the 2026 summit" is the 2026 summit in Baku
        if identity[0] != "at" or identity[2]:
            continue
        same_year = [i for i in placed if i[1] == identity[1]]
        if len(same_year) == 1:
            ids[node] = same_year[0]
    return ids


def _agreement(profile: Profile, identity: Identity) -> int:
    """How exactly a member states its identity's values (each stated alone scores)."""
    if identity[0] == "number":
        _, number, year, city = identity
        numbered = _ordinals(profile) == {int(number)}
        return numbered + _alone(profile.years(START), year) + _alone(profile.get(PLACE), city)
    return _alone(profile.years(START), identity[1]) + _alone(profile.get(PLACE), identity[2])


def _alone(values: set[str], value: str) -> int:
    return int(bool(value) and values == {value})


def meetings(found: Iterable[Profile]) -> tuple[Ids, Scores]:
    """The identity of every meeting mention that has one, and how well each states it."""
    ids: Ids = {}
    scores: Scores = {}
    for members in series(found, _meeting_series):
        name = _meeting_series(members[0]) or ()
        for node, identity in _meeting_ids(members).items():
            ids[node] = (*name, *identity)
        scores.update({m.node: _agreement(m, ids[m.node][2:]) for m in members if m.node in ids})
    return ids, scores


def meeting_year(identity: Identity) -> str:
    """The year of a meeting identity (of :func:`meetings`), "" if it has none."""
    rule = identity[2:]
    return rule[2] if rule[0] == "number" else rule[1]


def _meeting_series(profile: Profile) -> tuple[str, ...] | None:
    if profile.kind not in MEETING_KINDS:
        return None
    return profile.kind, profile.one("schema:organizer") or ""


# ---------------------------------------------------------------- presidency terms


def _term_ids(members: Sequence[Profile]) -> dict[NodeId, Identity]:
    ids: dict[NodeId, Identity] = {}
    for member in members:
        starts = member.years(START)
        if len(starts) == 1:
            ids[member.node] = ("from", min(starts))
    begun = sorted({identity[1] for identity in ids.values()})
    for member in members:
        ends = member.years(END)
        if member.node in ids or member.years(START) or len(ends) != 1:
            continue
        end = min(ends)
        before = [y for y in begun if y < end] or [y for y in begun if y == end]
        ids[member.node] = ("from", before[-1]) if before else ("until", end)
    return ids


def terms(found: Iterable[Profile]) -> tuple[Ids, Scores]:
    """The identity of every presidency-term mention that has one, and scores."""
    ids: Ids = {}
    scores: Scores = {}
    for members in series(found, _term_series):
        name = _term_series(members[0]) or ()
        found_ids = _term_ids(members)
        for member in members:
            identity = found_ids.get(member.node)
            if identity is not None:
                ids[member.node] = (*name, *identity)
                scores[member.node] = int(member.years(START) == {identity[1]})
    return ids, scores


def _term_series(profile: Profile) -> tuple[str, ...] | None:
    if profile.kind != Kind.PRESIDENCY_TERM:
        return None
    return profile.one("cica:presidencyOf") or "", profile.one("cica:presidingState") or ""


# ---------------------------------------------------------------- counts


def _count_years(profile: Profile, meeting_years: MeetingYears) -> set[str]:
    events = {
        meeting_years[(key, profile.doc_id)]
        for key in profile.get("cica:asOfEvent")
        if (key, profile.doc_id) in meeting_years
    }
    return profile.years("dcterms:date") | events


def _count_ids(members: Sequence[Profile], meeting_years: MeetingYears) -> dict[NodeId, Identity]:
    ids: dict[NodeId, Identity] = {}
    undated = []
    for member in members:
        years = _count_years(member, meeting_years)
        if len(years) == 1:
            ids[member.node] = ("as of", min(years))
        elif not years:
            undated.append(member)
    dated = set(ids.values())
    if len(dated) == 1:
        for member in undated:
            ids[member.node] = min(dated)
    return ids


def counts(found: Iterable[Profile], meeting_years: MeetingYears) -> tuple[Ids, Scores]:
    """The identity of every count mention (same number, same year) that has one, and scores."""
    ids: Ids = {}
    scores: Scores = {}
    for members in series(found, _count_series):
        name = _count_series(members[0]) or ()
        for node, identity in _count_ids(members, meeting_years).items():
            ids[node] = (*name, *identity)
        for member in members:
            if member.node in ids:
                stated = member.years("dcterms:date") == {ids[member.node][-1]}
                scores[member.node] = int(stated)
    return ids, scores


def _count_series(profile: Profile) -> tuple[str, ...] | None:
    predicate = COUNT_PREDICATES.get(profile.kind)
    if predicate is None:
        return None
    return profile.kind, profile.one("cica:countOf") or "", profile.one(predicate) or ""
