"""Extraction across worker processes, with the same statements as one process gives.

Documents are split into contiguous shares of about equal text; each worker extracts its
share with the serial extractor (one ``nlp.pipe`` over the share) and the shares come back
in document order, so :func:`cica_kg.extract.extract` merges them exactly as it merges the
serial results. Workers are forked after this process has loaded the spaCy model, jieba's
dictionary and the place names, so each starts warm and the loading is paid once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from cica_kg.model import Document, Statement

Serial = Callable[[Sequence[Document]], list[list[Statement]]]
"""Extracts a share of documents in one process: each document's statements, in order."""

MIN_SHARE = 8
"""The fewest documents worth a worker: forking, pickling and tearing a worker down cost about
0.15 s of CPU, a development article about 0.03 s. On this shared 2-core machine two workers
took the 30 development articles from 1.09 s to 0.74 s at load 2, and gained nothing at load
3-5 (each got half a core); decision 0095."""
SHARES_PER_WORKER = 4
"""Shares per worker, so a worker that finishes early takes another."""
MAX_SHARE = 64
"""The most documents a share holds, so results stream back (progress, memory) from a large
corpus (decision 0111)."""


def cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def workers(documents: Sequence[Document]) -> int:
    """How many processes to extract ``documents`` with: 1 without ``fork`` (the model
    would load again in each worker) or for fewer than two shares' worth of documents."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(cores(), len(documents) // MIN_SHARE))


def extract_each(
    documents: Sequence[Document], serial: Serial, *, workers: int
) -> Iterator[list[Statement]]:
    """The statements of each document, in document order: ``serial`` (a module-level
    function, as :func:`cica_kg.extract.extractor.extract_each`) run on shares of the
    documents by ``workers`` processes."""
    warm(documents)
    shares = split(documents, max(workers * SHARES_PER_WORKER, -(-len(documents) // MAX_SHARE)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=follow,
                             initargs=(os.getpid(),)) as pool:  # fmt: skip
        try:
            for results in pool.map(serial, shares):
                yield from results
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def follow(parent: int) -> None:
    """In a worker: end when ``parent`` ends, however it ends (SIGKILL on Linux; a build
    killed by SIGTERM left its workers extracting on)."""
    from cica_kg.worker import _die_with_parent

    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def split(documents: Sequence[Document], parts: int) -> list[list[Document]]:
    """``documents`` in at most ``parts`` contiguous runs of about equal text length."""
    total = sum(len(d.text) for d in documents) or 1
    shares: list[list[Document]] = [[]]
    done = 0
    for document in documents:
        if shares[-1] and done >= total * len(shares) / parts:
            shares.append([])
        shares[-1].append(document)
        done += len(document.text)
    return shares


def warm(documents: Sequence[Document]) -> None:
    """Load in this process what every worker needs, before the workers are forked."""
    from cica_kg.extract.concept_patterns import patterns
    from cica_kg.extract.entities import places
    from cica_kg.extract.frames.lexicon import frames
    from cica_kg.extract.nlp import english

    english()
    patterns()
    frames()
    places()
    if any(document.sentences("zh") for document in documents):
        from cica_kg.text.hanzi import simplified
        from cica_kg.text.wordseg import tokenizer

        tokenizer()
        simplified("亞")  # OpenCC's converter
