"""Extraction that reads unchanged articles from the cache and extracts only the others.

The statements are merged across documents exactly as :func:`cica_kg.extract.extract`
merges them (document order, evidence appended), so a build from the cache equals a clean
build (decision 0110). Articles are extracted as a stream: by worker processes in shares
(:mod:`~cica_kg.extract.parallel`), or here one at a time, so no more than a share is held
parsed, and each document's result is written to the cache as it arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from cica_kg import background
from cica_kg.extract import parallel
from cica_kg.extract.cache import ExtractionCache, document_key, extractor_version
from cica_kg.extract.extractor import extract_each
from cica_kg.model import Document, Statement

Tick = Callable[[int], None]
"""Receives the number of documents done so far."""


@dataclass(frozen=True)
class Extraction:
    """The merged statements, and how many documents were extracted or read back."""

    statements: list[Statement]
    extracted: int
    reused: int
    damaged: tuple[str, ...]  # cache entries found damaged (their articles re-extracted)


def extract_cached(
    documents: Sequence[Document],
    *,
    cache: ExtractionCache | None,
    workers: int | None = None,
    tick: Tick | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Extraction:
    """Every statement of ``documents``, as :func:`cica_kg.extract.extract` gives them; with
    a ``cache``, unchanged documents are read from it and the others written to it.

    ``meanwhile`` is work to do while a forked worker extracts (a few documents, the spaCy
    model not loaded here: the worker loads it, this process runs ``meanwhile``; decision
    0134). Otherwise it is not called.

    Raises:
        OutputError: the cache cannot be written.
    """
    version = extractor_version() if cache is not None else ""
    keys = [document_key(d, version) for d in documents]
    cached = {k for k in keys if cache is not None and cache.has(k)}
    missing = [d for d, k in zip(documents, keys, strict=True) if k not in cached]
    count = parallel.workers(missing) if workers is None else workers
    beside = _beside(missing, meanwhile) if meanwhile and count == 1 and missing else None
    fresh = beside if beside is not None else _extracted(missing, workers=count)
    merged: dict[tuple[object, ...], Statement] = {}
    extracted = 0
    for number, (document, key) in enumerate(zip(documents, keys, strict=True), start=1):
        found = cache.get(key) if cache is not None and key in cached else None
        if found is None:  # not cached, or a damaged entry: extract it (here, if damaged)
            found = next(fresh) if key not in cached else next(_extracted([document], workers=1))
            extracted += 1
            if cache is not None:
                cache.put(key, found)
        _merge(merged, found)
        if tick is not None:
            tick(number)
    next(fresh, None)  # lets the workers' pool shut down
    damaged = tuple(str(path) for path in cache.damaged) if cache else ()
    return Extraction(list(merged.values()), extracted, len(documents) - extracted, damaged)


def _extracted(documents: Sequence[Document], *, workers: int) -> Iterator[list[Statement]]:
    """Each document's statements in order: by ``workers`` processes in shares, or here one
    document at a time through :func:`cica_kg.extract.extract` (looked up at each call, the
    seam the tests replace; one ``nlp.pipe`` a document measured no slower than one a
    corpus: 1.68 s against 1.82 s of CPU for the 30 development articles)."""
    if workers > 1:
        yield from parallel.extract_each(documents, extract_each, workers=workers)
        return
    import cica_kg.extract

    for document in documents:
        yield cica_kg.extract.extract([document])


def _beside(
    documents: Sequence[Document], meanwhile: Callable[[], None]
) -> Iterator[list[Statement]] | None:
    """Each document's statements, extracted by a forked worker while ``meanwhile`` runs
    here; None (nothing done) when that gains nothing: the model is loaded here already,
    the extractor is not the real one (a replaced one must run where it is seen), no fork."""
    import cica_kg.extract
    from cica_kg.extract import extractor
    from cica_kg.extract.nlp import english

    if english.cache_info().currsize or cica_kg.extract.extract is not extractor.extract:
        return None
    pending = background.start(lambda: list(_extracted(documents, workers=1)), what="extract")
    if pending is None:
        return None
    try:
        meanwhile()
        return iter(pending.result())
    finally:
        pending.cancel()


def _merge(merged: dict[tuple[object, ...], Statement], statements: list[Statement]) -> None:
    """Add one document's statements as :func:`cica_kg.extract.extract` does."""
    for statement in statements:
        key = (statement.subject, statement.predicate, statement.obj)
        known = merged.get(key)
        evidence = (known.evidence if known else ()) + statement.evidence
        merged[key] = Statement(*key, evidence=evidence)
