"""Incremental builds: unchanged articles come from the extraction cache, and the result is a
clean build's, byte for byte (extract/cache.py, extract/incremental.py, decision 0110)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import cica_kg.extract
import cli_fakes
from cica_kg.build.formats import load_dataset
from cica_kg.cli import main
from cica_kg.extract import cache as extraction_cache
from cica_kg.extract import extract
from cica_kg.extract.cache import ExtractionCache, fingerprint, version_inputs
from cica_kg.extract.incremental import extract_cached
from cica_kg.ingest import load_documents
from cica_kg.iris import FACTS_GRAPH
from cica_kg.model import Document, Statement
from cica_kg.pipeline import CACHE_DIR, run_build

DEV = Path(__file__).parent / "data" / "dev-corpus"
ARTICLES = (DEV / "en" / "en07-secretariat.txt", DEV / "en" / "en13-istanbul-2010-summit.txt",
            DEV / "zh" / "zh13-almaty-2002-shuangyu.txt")  # fmt: skip
OUTPUTS = ("cica.ttl", "cica.trig", "linkset.trig", "void.ttl", "validation.txt")


class Spy:
    """The real extractor, counting the documents it is given."""

    def __init__(self) -> None:
        self.documents: list[str] = []
        self.real = extract

    def __call__(self, documents: Sequence[Document]) -> list[Statement]:
        self.documents.extend(d.doc_id for d in documents)
        return self.real(documents, workers=1)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    seen = Spy()
    monkeypatch.setattr(cica_kg.extract, "extract", seen)
    return seen


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    for article in ARTICLES:
        shutil.copy(article, directory / article.name)
    return directory


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_a_rebuild_after_one_change_extracts_it_alone_and_equals_a_clean_build(
    corpus: Path, tmp_path: Path, spy: Spy
) -> None:
    out = tmp_path / "out"
    first = run_build([corpus], out_dir=out)
    assert sorted(spy.documents) == sorted(a.stem for a in ARTICLES)
    assert len(list((out / CACHE_DIR).glob("??/*.json"))) == len(ARTICLES)
    spy.documents.clear()
    again = run_build([corpus], out_dir=out)
    assert spy.documents == []  # nothing changed: every article from the cache
    assert again.statements == first.statements
    changed = corpus / ARTICLES[1].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("2010", "2011"), "utf-8")
    run_build([corpus], out_dir=out)
    assert spy.documents == [ARTICLES[1].stem]
    clean = tmp_path / "clean"
    run_build([corpus], out_dir=clean, cache=False)
    assert not (clean / "cache").exists()
    incremental, fresh = _files(out), _files(clean)
    facts = [to_isomorphic(load_dataset(o / "cica.ttl").graph(FACTS_GRAPH)) for o in (out, clean)]
    assert isomorphic(*facts), graph_diff(*facts)
    assert [n for n in OUTPUTS if incremental[n] != fresh[n]] == []
    assert len(list((out / CACHE_DIR).glob("??/*.json"))) == len(ARTICLES)  # old entry pruned


def test_cached_extraction_gives_the_statements_of_extract(corpus: Path, tmp_path: Path) -> None:
    documents = load_documents([corpus])
    expected = extract(documents, workers=1)
    store = ExtractionCache(tmp_path / "cache")
    written = extract_cached(documents, cache=store)
    read = extract_cached(documents, cache=store)
    assert (written.extracted, read.extracted, read.reused) == (3, 0, 3)
    assert written.statements == expected == read.statements
    assert extract_cached(documents, cache=None).statements == expected


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fake extractor (cli_fakes), recording the documents it extracts."""
    seen: list[str] = []

    def counting(documents: Sequence[Document]) -> list[Statement]:
        seen.extend(d.doc_id for d in documents)
        return cli_fakes.fake_extract(documents)

    monkeypatch.setattr(cica_kg.extract, "extract", counting)
    return seen


def _documents() -> list[Document]:
    other = Document("other", "other.txt", "Nothing here.", passages=())
    return [cli_fakes.DOCUMENT, other]


def test_a_damaged_entry_is_detected_and_extracted_again(tmp_path: Path, fake: list[str]) -> None:
    store = ExtractionCache(tmp_path / "cache")
    first = extract_cached(_documents(), cache=store)
    entry = next(p for p in sorted(store.root.glob("??/*.json")) if p.stat().st_size > 300)
    data = entry.read_bytes()
    for damage in (data[: len(data) // 2], data.replace(b"proposed", b"Proposed"), b"\0" * 10):
        entry.write_bytes(damage)
        fake.clear()
        again = extract_cached(_documents(), cache=ExtractionCache(store.root))
        assert fake == ["tiny"] and again.damaged == (str(entry),)
        assert again.statements == first.statements
        assert entry.read_bytes() == data  # rewritten whole


def test_a_changed_lexicon_changes_the_extractor_version(tmp_path: Path) -> None:
    package = Path(extraction_cache.__file__).resolve().parent.parent
    copy = tmp_path / "cica_kg"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "reference"))
    names = ("spacy", "jieba")
    original = fingerprint(version_inputs(package), root=package, distributions=names)
    assert fingerprint(version_inputs(copy), root=copy, distributions=names) == original
    gazetteer = copy / "data" / "gazetteer.tsv"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint(version_inputs(copy), root=copy, distributions=names) != original
    assert fingerprint(version_inputs(package), root=package, distributions=("spacy",)) != original


def test_a_new_extractor_version_extracts_every_article_again(
    tmp_path: Path, fake: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ExtractionCache(tmp_path / "cache")
    extract_cached(_documents(), cache=store)
    fake.clear()
    assert extract_cached(_documents(), cache=store).reused == 2 and fake == []
    monkeypatch.setattr("cica_kg.extract.incremental.extractor_version", lambda: "changed")
    assert extract_cached(_documents(), cache=store).extracted == 2
    assert sorted(fake) == ["other", "tiny"]


def test_prune_removes_only_unused_entries(tmp_path: Path, fake: list[str]) -> None:
    store = ExtractionCache(tmp_path / "cache")
    extract_cached(_documents(), cache=store)
    entries = sorted(store.root.glob("??/*.json"))
    foreign = entries[0].parent / ("0" * 64 + ".json")
    foreign.write_text("a user's file, not an entry\n", encoding="utf-8")
    notes = store.root / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    assert store.prune({entries[0].stem}) == 1
    assert sorted(store.root.rglob("*.*")) == sorted([entries[0], foreign, notes])


def test_no_cache_writes_no_cache_and_extracts_everything(
    tmp_path: Path, fake: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import cica_kg.validate

    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    source = tmp_path / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out)]) == 0
    assert (out / CACHE_DIR).is_dir() and fake == ["tiny"]
    fake.clear()
    assert main(["build", str(source), "--out", str(out)]) == 0
    assert fake == []
    assert main(["build", "--no-cache", str(source), "--out", str(tmp_path / "plain")]) == 0
    assert fake == ["tiny"] and not (tmp_path / "plain" / "cache").exists()


def test_extraction_in_a_worker_beside_gives_the_statements_of_extraction_here() -> None:
    """With the model not loaded here, a worker extracts while ``meanwhile`` runs here
    (decision 0134); the statements are those of extraction in this process."""
    import os

    from cica_kg.extract.nlp import english

    documents = load_documents(ARTICLES[:1])
    here = extract_cached(documents, cache=None, workers=1)
    english.cache_clear()  # as in a fresh build process: the model is not loaded here
    ran: list[int] = []
    beside = extract_cached(documents, cache=None, meanwhile=lambda: ran.append(os.getpid()))
    assert ran == [os.getpid()]  # the worker path was taken
    assert english.cache_info().currsize == 0  # the model was loaded in the worker only
    assert beside.statements == here.statements
    assert (beside.extracted, beside.reused) == (1, 0)
