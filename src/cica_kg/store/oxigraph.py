"""The persistent embedded store: the built graph loaded once into Oxigraph, opened read-only.

``load_store`` writes ``build/store/`` (facts, evidence, linkset, external data, ontology
and, optionally, the OWL-RL inferences in their own named graph); ``open_store`` opens it
read-only for queries. A query's default graph is :data:`QUERY_DEFAULT_GRAPHS` (the text's
graphs, the ontology and the inferences); the linkset and external data are reached with
``GRAPH``. See docs/decisions/0050-store-and-engines.md and 0073-query-default-graph.md.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from cica_kg import graphs
from cica_kg.errors import InputError, OutputError
from cica_kg.prefixes import PREFIXES

QUERY_DEFAULT_GRAPHS = graphs.QUERY_DEFAULT
"""The default graph of every query: what the text says, the ontology and its inferences.

The linkset and external-data graphs stay named graphs only (``GRAPH <…/linkset>``), so an
``owl:sameAs`` link or an external row never answers a question about the text."""
INFERENCE_GRAPHS = (graphs.FACTS, graphs.ONTOLOGY)
"""The graphs OWL-RL reasons over (never the linkset's ``owl:sameAs`` links)."""
MANIFEST = "cica-kg-store.json"
_INFERRED = ox.NamedNode(graphs.INFERRED)
IN_MEMORY_BELOW = 32 << 20
"""A TriG file smaller than this (bytes) is gathered in memory and written in one bulk load;
a larger one is bulk-loaded straight into the store (at 10⁶ triples going through memory
cost 60 % more CPU). See docs/decisions/0107-store-one-bulk-write.md."""


class StoreError(InputError):
    """The store is missing, locked or not a readable Oxigraph store."""


def default_store_dir() -> Path:
    """Where ``cica-kg build`` writes the store (``build/store`` under the working directory)."""
    return Path("build") / "store"


def load_store(
    source: Path | Any,
    store_dir: Path,
    *,
    materialise: bool = False,
    ontology: Sequence[Path] | None = None,
) -> Path:
    """Load a TriG file (an N-Quads file if its name ends ``.nq``, or an rdflib ``Dataset``)
    and the ontology into a store at ``store_dir``.

    The store is written in a temporary directory next to ``store_dir`` and swapped into
    place, so a failed load leaves the previous store untouched. Each bulk write into RocksDB
    costs a set of table files and their syncs whatever its size, so a small graph is
    gathered in memory with the ontology and inferences and written once; a large one
    (:data:`IN_MEMORY_BELOW`) is written straight, then the ontology with the inferences.
    ``ontology`` defaults to the bundled ``ontology/cica.ttl`` and ``concepts.ttl``; with
    ``materialise`` the OWL-RL inferences go into the named graph ``.../graph/inferred``.

    Raises:
        InputError: the TriG or an ontology file is missing or malformed.
        OutputError: the store directory cannot be written.
    """
    store_dir = Path(store_dir)
    tmp = store_dir.with_name(f".{store_dir.name}.tmp-{os.getpid()}")
    started = time.perf_counter()
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(tmp))
    except OSError as exc:
        raise OutputError(f"{store_dir}: cannot create the store ({exc})") from exc
    try:
        target = ox.Store() if _small(source) else store  # small: one bulk write (0107)
        if target is store and not materialise:  # the ontology in the data's bulk write
            extra, inferred = _ontology_and_inferences(store, ontology, materialise=False)
            loaded = _load_graph(store, source, tail=extra)
        else:  # the inferences read the loaded data
            loaded = _load_graph(target, source)
            extra, inferred = _ontology_and_inferences(target, ontology, materialise=materialise)
        if not loaded:
            target.bulk_extend(extra)
        if target is not store:
            store.bulk_extend(target)
        del extra, target
        store.optimize()
        counts = {"quads": len(store), "inferred": inferred}
        store.flush()
        del store
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _write_manifest(tmp, source, counts, materialise, time.perf_counter() - started)
    _swap(tmp, store_dir)
    return store_dir


def _small(source: Path | Any) -> bool:
    if not isinstance(source, (str, os.PathLike)):
        return False
    try:
        return Path(source).stat().st_size < IN_MEMORY_BELOW
    except OSError:
        return False  # missing: _load_graph says so


def _ontology_and_inferences(
    store: Any, ontology: Sequence[Path] | None, *, materialise: bool
) -> tuple[Any, int]:
    """An in-memory store of the ontology graph and (with ``materialise``) the inferences
    over :data:`INFERENCE_GRAPHS` of ``store`` and the ontology; the number of inferences."""
    extra = ox.Store()
    for path in _ontology_files(ontology):
        _bulk(extra, path, ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graphs.ONTOLOGY))
    if not materialise:
        return extra, 0
    scratch = ox.Store()
    for name in INFERENCE_GRAPHS:
        scratch.bulk_extend(store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    scratch.bulk_extend(extra)
    inferred = materialise_into(scratch)
    extra.bulk_extend(scratch.quads_for_pattern(None, None, None, _INFERRED))
    return extra, inferred


def _load_graph(store: Any, source: Path | Any, *, tail: Any = None) -> bool:
    """Load ``source`` into ``store``; with ``tail`` (a store) its quads too, in the same bulk
    load where the file is read in one (one bulk write instead of two: 0.9 s less at 10⁶
    triples, decision 0107's addendum). Whether ``tail`` was loaded."""
    if isinstance(source, (str, os.PathLike)):
        from cica_kg.store.parts import load_in_parts

        path = Path(source)
        if path.suffix == ".nq":  # the benchmark's tiers (decision 0138)
            _bulk(store, path, ox.RdfFormat.N_QUADS, tail=tail)
            return tail is not None
        if path.is_file() and load_in_parts(store, path):  # a streamed build's: in parts
            return False
        _bulk(store, path, ox.RdfFormat.TRIG, tail=tail)
        return tail is not None
    data = source.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, ox.RdfFormat.N_QUADS)
    return False


def _bulk(store: Any, path: Path, fmt: Any, *, to_graph: Any = None, tail: Any = None) -> None:
    """Bulk-load the file at ``path``, then (``tail``) that store's quads written in ``fmt``
    after it: the file's line numbers are the error's, and Oxigraph's blank-node labels
    (random 128-bit) do not meet the file's."""
    if not path.is_file():
        raise InputError(f"{path}: no such file; run `cica-kg build` to produce it")
    try:
        if tail is None:
            store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        else:
            with path.open("rb") as data:
                after = b"\n" + tail.dump(format=fmt)
                store.bulk_load(io.BufferedReader(_Joined(data, after), 1 << 20), format=fmt)
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt} ({str(exc).splitlines()[0]})") from exc


class _Joined(io.RawIOBase):
    """A file's bytes, then more bytes, read as one stream."""

    def __init__(self, first: BinaryIO, then: bytes) -> None:
        self._parts: list[BinaryIO] = [first, io.BytesIO(then)]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._parts:
            count = self._parts[0].readinto(buffer)  # type: ignore[attr-defined]
            if count:
                return int(count)
            self._parts.pop(0)
        return 0


def _ontology_files(ontology: Sequence[Path] | None) -> list[Path]:
    if ontology is not None:
        return [Path(p) for p in ontology]
    from cica_kg.resources import ontology_file

    return [ontology_file("cica.ttl"), ontology_file("concepts.ttl")]


def _write_manifest(
    tmp: Path, source: Path | Any, counts: dict[str, int], materialise: bool, seconds: float
) -> None:
    manifest = {
        "source": str(source) if isinstance(source, (str, os.PathLike)) else "rdflib Dataset",
        "materialised": materialise,
        "load_seconds": round(seconds, 3),
        **counts,
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")


def _swap(tmp: Path, store_dir: Path) -> None:
    old = store_dir.with_name(f".{store_dir.name}.old-{os.getpid()}")
    try:
        if store_dir.exists():
            store_dir.replace(old)
        tmp.replace(store_dir)
    except OSError as exc:
        raise OutputError(f"{store_dir}: cannot replace the store ({exc})") from exc
    shutil.rmtree(old, ignore_errors=True)


def open_store(store_dir: Path, *, read_only: bool = True) -> Any:
    """Open the store at ``store_dir`` (read-only by default) and return a ``pyoxigraph.Store``.

    Raises:
        StoreError: the directory is missing (run `cica-kg build` first), or is not a
            readable store (corrupt, or locked by a writer).
    """
    store_dir = Path(store_dir)
    if not (store_dir / MANIFEST).is_file() and not (store_dir / "CURRENT").is_file():
        if not store_dir.exists():
            raise StoreError(f"{store_dir}: no store here; run `cica-kg build` first")
        raise StoreError(
            f"{store_dir}: not a cica-kg store (no {MANIFEST}); run `cica-kg build` first"
        )
    try:
        return ox.Store.read_only(str(store_dir)) if read_only else ox.Store(str(store_dir))
    except (OSError, RuntimeError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StoreError(
            f"{store_dir}: the store cannot be opened ({reason}); "
            "delete the directory and run `cica-kg build` again"
        ) from exc


def store_info(store_dir: Path) -> dict[str, Any]:
    """The manifest written with the store (counts, source, whether it was materialised)."""
    try:
        loaded: dict[str, Any] = json.loads((Path(store_dir) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{store_dir}: no readable {MANIFEST}; run `cica-kg build` first") from exc
    return loaded


def materialise_into(store: Any) -> int:
    """Add the OWL-RL inferences over :data:`INFERENCE_GRAPHS` to the graph ``graph/inferred``.

    Only new triples about the graph's own resources are kept (no reflexive ``owl:sameAs``,
    no ``rdf:type owl:Thing``/``rdfs:Resource``). Returns the number of triples added.
    """
    from cica_kg.store.inference import infer_triples

    triples = infer_triples(store, base=PREFIXES["cicar"], graphs=INFERENCE_GRAPHS)
    graph = ox.NamedNode(graphs.INFERRED)
    store.extend(ox.Quad(s, p, o, graph) for s, p, o in triples)
    return len(triples)


def default_graph() -> list[Any]:
    """:data:`QUERY_DEFAULT_GRAPHS` as pyoxigraph nodes (the ``default_graph`` query option)."""
    return [ox.NamedNode(name) for name in QUERY_DEFAULT_GRAPHS]


def after_build(trig_path: Path, out_dir: Path, *, materialise: bool = True) -> Path:
    """The pipeline's hook: load ``trig_path`` into ``out_dir/store`` after it is written."""
    return load_store(trig_path, Path(out_dir) / "store", materialise=materialise)
