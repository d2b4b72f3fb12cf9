"""Rewritten competency queries give the rows their earlier texts gave (decision 0120).

``tests/data/queries-before/`` keeps the text of each query before it was rewritten for
speed. On the bundled article's build and on a generated graph of about 10⁴ triples (the
benchmark's generator, the built article added, as a benchmark tier), the shipped text must
give the same rows in the same order as the earlier one on Oxigraph, and the same rows as
rdflib's engine. ``python -m cica_kg.bench --before tests/data/queries-before`` checks the
same at 10⁶ triples and times both texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from cica_kg.bench import measure
from cica_kg.query import QueryResult, resolve
from cica_kg.query.engines import run_oxigraph, run_rdflib

BEFORE = measure.read_before(Path(__file__).parent / "data" / "queries-before")


@pytest.fixture(scope="module")
def tier(seed_dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Dataset]:
    """A 10⁴-triple benchmark tier with the built article: (Oxigraph store, rdflib Dataset)."""
    workdir = tmp_path_factory.mktemp("tier")
    result, _, path = measure.build_tier(10_000, seed=1, base=seed_dataset, workdir=workdir)
    store, reference = measure.load_both(path, result, workdir)
    return store, reference


@pytest.fixture(scope="module")
def seed_store(seed_build: Path) -> Any:
    import pyoxigraph as ox

    return ox.Store.read_only(str(seed_build / "store"))


def _rows(result: QueryResult) -> list[Any]:
    return [*result.rows, *result.triples]


def test_every_rewritten_query_is_still_shipped() -> None:
    assert BEFORE, "tests/data/queries-before holds the earlier texts"
    for name, text in BEFORE.items():
        assert resolve(name).text != text, f"{name}: the shipped text is the earlier one"


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_same_rows_as_before_on_the_bundled_build(seed_store: Any, name: str) -> None:
    query = resolve(name)
    options = measure.options_for(query)
    new = run_oxigraph(seed_store, query.text, options=options)
    old = run_oxigraph(seed_store, BEFORE[name], options=options)
    assert new.rows, f"{name} answers on the bundled build"
    assert _rows(new) == _rows(old)


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_same_rows_as_before_and_as_rdflib_on_a_generated_graph(
    tier: tuple[Any, Dataset], name: str
) -> None:
    store, reference = tier
    query = resolve(name)
    options = measure.options_for(query)
    new = run_oxigraph(store, query.text, options=options)
    old = run_oxigraph(store, BEFORE[name], options=options)
    assert len(new.rows) > 1, f"{name} answers with several rows on the generated graph"
    assert _rows(new) == _rows(old)
    assert measure.same_rows(new, run_rdflib(reference, query.text, options=options)) != "NO"


def test_the_benchmark_times_earlier_texts_on_a_written_tier(
    seed_dataset: Dataset, tmp_path: Path
) -> None:
    """``python -m cica_kg.bench --nquads FILE --queries cq13 --before DIR``, in process."""
    from cica_kg.bench.report import run_queries

    nquads = tmp_path / "seed.nq"
    seed_dataset.serialize(nquads, format="nquads")
    before = Path(__file__).parent / "data" / "queries-before"
    tier = run_queries(nquads, workdir=tmp_path / "work", before=before, only={"cq13"})
    [timing] = tier.queries
    assert (timing.name, timing.same_as_before, timing.identical) == ("cq13", "yes", "yes")
    assert timing.rows > 0 and timing.before_ms is not None and timing.before_rdflib_ms is not None
