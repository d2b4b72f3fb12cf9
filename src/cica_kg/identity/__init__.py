"""Identity: one node for one real-world thing, whichever articles mention it.

The stage between ``extract`` and ``build``. Entities the rules compose from what a sentence
says (a meeting, a presidency term, a count) are minted per document from what that document
knows, so two articles, or two sentences, may name one meeting twice ("the 2002 Almaty
summit", "the first summit"). :func:`resolve` gives them one key from what all the
statements say (the rules of :mod:`~cica_kg.identity.rules`); entities named in the lexicon
already have one key everywhere, and memberships are keyed by member, role and organization.
Values are never merged: where articles disagree, both stay with their evidence (decision
0090; ``queries/cq18-disagreements.rq`` lists them).

>>> resolve([])
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from cica_kg.identity.profiles import (
    NodeId,
    Profile,
    canonical_entities,
    merged,
    per_document,
    profiles,
    rewrite,
)
from cica_kg.identity.rules import Identity, counts, meeting_year, meetings, terms
from cica_kg.model import Statement

__all__ = ["resolve"]


def resolve(statements: Sequence[Statement]) -> list[Statement]:
    """The statements with every group of entities that are one thing given one entity.

    The result depends on the statements, not on their order: keys and names come from a
    representative chosen by fixed rules, and the build sorts what it writes.
    """
    split = per_document(statements)
    found = profiles(split)
    meeting_ids, meeting_scores = meetings(found.values())
    meeting_ids = _inherited(meeting_ids, found)
    years = {(k, doc): meeting_year(i) for (_, k, doc), i in meeting_ids.items() if meeting_year(i)}
    term_ids, term_scores = terms(found.values())
    count_ids, count_scores = counts(found.values(), years)
    ids = {**meeting_ids, **_inherited(term_ids, found), **count_ids}  # a count's key is its date
    scores = {**meeting_scores, **term_scores, **count_scores}
    mapping = canonical_entities(_groups(ids, found), scores)
    return merged(rewrite(split, mapping, found))


def _inherited(
    ids: Mapping[NodeId, Identity], found: Mapping[NodeId, Profile]
) -> dict[NodeId, Identity]:
    """``ids``, and for a mention a document says too little of to place, the identity every
    other document gives the same key, if they give one."""
    by_key: dict[tuple[str, str], set[Identity]] = defaultdict(set)
    for (kind, key, _doc), identity in ids.items():
        by_key[(kind, key)].add(identity)
    result = dict(ids)
    for node in found:
        same = by_key.get(node[:2], set())
        if node not in result and len(same) == 1:
            result[node] = next(iter(same))
    return result


def _groups(ids: Mapping[NodeId, Identity], found: Mapping[NodeId, Profile]) -> list[list[Profile]]:
    """The mentions of each identity, in a fixed order."""
    groups: dict[Identity, list[Profile]] = defaultdict(list)
    for node in sorted(ids):
        groups[ids[node]].append(found[node])
    return [groups[identity] for identity in sorted(groups)]
