"""load_store's two ways of writing (decision 0107) give the same store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cica_kg.store import oxigraph
from cica_kg.store.oxigraph import load_store, open_store, store_info


def _quads(store_dir: Path) -> list[str]:
    dataset = ox.Dataset(open_store(store_dir))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # blank nodes: random ids
    return sorted(str(quad) for quad in dataset)


def test_a_large_graph_written_straight_equals_one_gathered_in_memory(
    seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trig = seed_build / "cica.trig"
    small = load_store(trig, tmp_path / "small", materialise=True)
    monkeypatch.setattr(oxigraph, "IN_MEMORY_BELOW", 0)  # every file counts as large
    large = load_store(trig, tmp_path / "large", materialise=True)
    assert _quads(small) == _quads(large)
    assert store_info(small)["inferred"] == store_info(large)["inferred"] > 50
    assert store_info(small)["quads"] == store_info(large)["quads"]


def test_an_nquads_file_gives_the_store_its_trig_gives(seed_build: Path, tmp_path: Path) -> None:
    """The benchmark loads its tiers from ``.nq`` files the way the build loads its TriG."""
    nquads = tmp_path / "cica.nq"
    store = ox.Store()
    store.bulk_load(path=str(seed_build / "cica.trig"), format=ox.RdfFormat.TRIG)
    store.dump(output=str(nquads), format=ox.RdfFormat.N_QUADS)
    from_trig = load_store(seed_build / "cica.trig", tmp_path / "trig")
    from_nquads = load_store(nquads, tmp_path / "nq")
    assert _quads(from_trig) == _quads(from_nquads)


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_the_ontology_in_the_datas_bulk_load_gives_the_same_store(
    seed_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """A large file without inferences is read with the ontology after it, in one load."""
    source = tmp_path / f"cica{suffix}"
    if suffix == ".nq":
        store = ox.Store()
        store.bulk_load(path=str(seed_build / "cica.trig"), format=ox.RdfFormat.TRIG)
        store.dump(output=str(source), format=ox.RdfFormat.N_QUADS)
    else:
        source.write_bytes((seed_build / "cica.trig").read_bytes().rstrip(b"\n"))  # no last EOL
    small = load_store(source, tmp_path / "small")
    monkeypatch.setattr(oxigraph, "IN_MEMORY_BELOW", 0)
    large = load_store(source, tmp_path / "large")
    assert _quads(small) == _quads(large)
    ontology = ox.NamedNode("https://w3id.org/cica-kg/graph/ontology")
    assert any(True for _ in open_store(large).quads_for_pattern(None, None, None, ontology))


def test_a_syntax_error_in_a_large_file_names_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cica_kg.errors import InputError

    bad = tmp_path / "bad.trig"
    bad.write_text("<http://e/s> <http://e/p> <http://e/o> .\n\n<http://e/s> <http://e/p> .\n")
    monkeypatch.setattr(oxigraph, "IN_MEMORY_BELOW", 0)
    with pytest.raises(InputError, match=r"bad\.trig: not valid .*line 3"):
        load_store(bad, tmp_path / "store")
    assert not (tmp_path / "store").exists()
