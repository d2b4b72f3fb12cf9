"""The records of composed entities: summit facts merge; find gives the latest that agrees."""

from __future__ import annotations

import pytest

from cica_kg.extract.records import PostFacts, SummitFacts, find
from cica_kg.kinds import Kind
from cica_kg.model import Entity, Value

CICA = Entity(Kind.INTERNATIONAL_ORGANIZATION, "CICA", "CICA")
ALMATY = Entity(Kind.CITY, "Almaty", "Almaty")
SHANGHAI = Entity(Kind.CITY, "Shanghai", "Shanghai")
FIRST = Entity(Kind.SUMMIT, "CICA summit 2002 Almaty", "CICA summit (Almaty, 2002)")
FOURTH = Entity(Kind.SUMMIT, "CICA summit 2014 Shanghai", "CICA summit (Shanghai, 2014)")


def _summits() -> dict[Entity, SummitFacts]:
    return {
        FIRST: SummitFacts(place=ALMATY, org=CICA, date=Value("2002-06", "xsd:gYearMonth")),
        FOURTH: SummitFacts(ordinal=4, place=SHANGHAI, org=CICA, date=Value("2014", "xsd:gYear")),
    }


def test_summit_facts_know_their_year_and_whether_they_describe_a_summit() -> None:
    assert _summits()[FIRST].year == "2002"
    assert SummitFacts(org=CICA).year is None
    assert not SummitFacts(org=CICA).described()
    assert SummitFacts(ordinal=2).described()


def test_newer_facts_are_put_over_older_ones_and_unknowns_keep_them() -> None:
    merged = _summits()[FIRST].merged(SummitFacts(ordinal=1, org=CICA))
    assert merged == SummitFacts(ordinal=1, place=ALMATY, org=CICA, date=_summits()[FIRST].date)


@pytest.mark.parametrize(
    ("facts", "found"),
    [
        ({"year": "2002", "place": None}, FIRST),
        ({"place": SHANGHAI}, FOURTH),
        ({"org": CICA}, FOURTH),  # the latest of those that agree
        ({"ordinal": 1, "place": ALMATY}, FIRST),  # unknown on the record side: no conflict
        ({"place": ALMATY, "year": "2014"}, None),
        ({"year": "2019"}, None),
    ],
)
def test_find_gives_the_latest_entity_whose_facts_agree(
    facts: dict[str, object], found: Entity | None
) -> None:
    assert find(_summits(), **facts) == found


def test_find_fails_on_a_fact_the_record_does_not_have() -> None:
    person = Entity(Kind.PERSON, "Xi Jinping", "Xi Jinping")
    post = Entity(Kind.POST, "President (Xi Jinping)", "President")
    posts = {post: PostFacts(person, "President")}
    with pytest.raises(AttributeError):
        find(posts, place=ALMATY)
