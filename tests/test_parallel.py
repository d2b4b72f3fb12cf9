"""extract/parallel.py: worker processes give the statements one process gives, in order."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from cica_kg.bench.gold import DEV_CORPUS
from cica_kg.extract import extract, parallel
from cica_kg.ingest.files import load_documents
from cica_kg.model import Document, Passage

needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked"
)


def _articles() -> list[Path]:
    """Three English and three Chinese development articles (one in traditional script)."""
    en = sorted((DEV_CORPUS / "en").glob("*.txt"))[:3]
    zh = sorted((DEV_CORPUS / "zh").glob("*.txt"))
    return en + zh[:2] + [p for p in zh if p.name.startswith("zh11")]


@needs_fork
def test_workers_give_the_serial_statements_in_the_serial_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = load_documents(_articles())
    serial = extract(documents, workers=1)
    monkeypatch.setattr(parallel, "SHARES_PER_WORKER", 2)  # 4 shares: several per worker
    shared = extract(documents, workers=2)
    assert shared == serial
    assert len({e.doc_id for s in serial for e in s.evidence}) == len(documents)


def _document(doc_id: str, size: int) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "x" * size, passages=(Passage("en", 0, size, ()),))


def test_split_keeps_the_order_in_runs_of_about_equal_text() -> None:
    documents = [_document(f"d{i}", size) for i, size in enumerate([50, 10, 10, 30, 60, 40])]
    shares = parallel.split(documents, 3)
    assert [d for share in shares for d in share] == documents
    assert [sum(len(d.text) for d in share) for share in shares] == [70, 90, 40]
    assert parallel.split(documents[:1], 4) == [documents[:1]]
    assert parallel.split([], 2) == [[]]


def test_a_small_corpus_is_extracted_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert parallel.workers([_document("d", 10)] * (2 * parallel.MIN_SHARE - 1)) == 1
    if "fork" in multiprocessing.get_all_start_methods():
        assert parallel.workers([_document("d", 10)] * (2 * parallel.MIN_SHARE)) == 2
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert parallel.workers([_document("d", 10)] * 100) == 1


_HOLDING = """
import os, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as a build has it (a test runner may ignore it)
from cica_kg.extract import parallel
from cica_kg.model import Document, Passage

def hold(share):
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers' lines never mix
    time.sleep(3600)
    return []

parallel.warm = lambda documents: None  # no model: the workers only hold
docs = [Document(f"d{i}", f"d{i}.txt", "x" * 10, passages=(Passage("en", 0, 10, ()),))
        for i in range(8)]
list(parallel.extract_each(docs, hold, workers=2))
"""


def _ends(handle: int, within: float) -> bool:
    """Whether the process of pidfd ``handle`` ends within ``within`` seconds (an upper
    bound, not a timing)."""
    import select

    return bool(select.select([handle], [], [], within)[0])


@needs_fork
@pytest.mark.skipif(not hasattr(__import__("os"), "pidfd_open"), reason="needs pidfd_open")
def test_workers_end_with_a_build_killed_by_sigterm() -> None:
    import contextlib
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(parallel.__file__).resolve().parents[2])}
    build = subprocess.Popen([sys.executable, "-c", _HOLDING], stdout=subprocess.PIPE, env=env,
                             text=True)  # fmt: skip
    assert build.stdout is not None
    workers: list[int] = []
    try:
        workers.extend(os.pidfd_open(int(build.stdout.readline())) for _ in range(2))
        build.send_signal(signal.SIGTERM)
        assert build.wait(timeout=60) == -signal.SIGTERM
        assert all(_ends(worker, within=60) for worker in workers)
    finally:  # leave nothing behind, whatever failed
        build.kill()
        build.wait()
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(worker, signal.SIGKILL)
            os.close(worker)
