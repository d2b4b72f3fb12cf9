"""Ingest (cica_kg.ingest.files): files to Documents with exact offsets, furniture removed."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from cica_kg.errors import InputError
from cica_kg.ingest.files import (
    MAX_ARTICLE_BYTES,
    collect_sources,
    decode,
    ingest,
    load_documents,
)
from cica_kg.model import Document
from cica_kg.resources import corpus_dir

SEED_ID = "cica-china-org-cn-2019-04-17"
TITLE = "Conference on Interaction and Confidence-Building Measures in Asia"
ARTICLE = "Home > News\n\nA Title\n\nUpdated:2020-01-02 | By:Example Wire\n\nOne. Two.\n"
FURNITURE = ("Home >", "English|", "Updated:", "By:", "Contact Us", "|")


@pytest.fixture(scope="module")
def seed() -> Document:
    return ingest(corpus_dir() / f"{SEED_ID}.txt")


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def _check_offsets(doc: Document) -> None:
    for passage in doc.passages:
        for sentence in passage.sentences:
            assert doc.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()
            assert passage.start <= sentence.start < sentence.end <= passage.end
    if doc.byline is not None:
        assert doc.text[doc.byline.start : doc.byline.end] == doc.byline.text


# --- the bundled article ---------------------------------------------------------------


def test_seed_metadata(seed: Document) -> None:
    assert (seed.doc_id, seed.date, seed.publisher, seed.title) == (
        SEED_ID, "2019-04-17", "China.org.cn", TITLE,
    )  # fmt: skip
    assert seed.byline is not None
    assert seed.byline.text == "Updated:2019-04-17 | By:China.org.cn"
    assert seed.source_url is None


def test_seed_text_is_the_file_unchanged(seed: Document) -> None:
    path = corpus_dir() / f"{SEED_ID}.txt"
    assert seed.text == path.read_bytes().decode("utf-8")


def test_seed_passages_and_sentence_counts(seed: Document) -> None:
    assert [p.lang for p in seed.passages] == ["en", "zh"]
    en, zh = seed.passages
    paragraphs = [p for p in seed.text[en.start : en.end].split("\n\n") if p.strip()]
    assert len(paragraphs) == 7
    assert len(en.sentences) == 12  # 2+1+2+1+2+2+2 over the seven paragraphs
    assert len(zh.sentences) == 9  # nine 。 in the Chinese paragraph
    assert len(seed.sentences("en")) == 12 and len(seed.sentences()) == 21
    assert en.sentences[0].text.startswith("The idea of establishing")
    assert en.sentences[0].text.endswith("47th Session of the UN General Assembly.")
    assert en.sentences[-1].text.endswith("promoting regional stability and prosperity.")
    assert zh.sentences[0].text == "亚信会议全称为亚洲相互协作与信任措施会议。"
    assert zh.sentences[-1].text.endswith("为促进地区稳定繁荣发挥着重要作用。")


def test_seed_offsets_exact_and_no_furniture(seed: Document) -> None:
    _check_offsets(seed)
    for sentence in seed.sentences():
        assert not any(marker in sentence.text for marker in FURNITURE), sentence.text
        assert sentence.text != TITLE


def test_fixture_articles_offsets() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "articles"
    documents = load_documents([fixtures])
    assert len(documents) == 7
    for doc in documents:
        _check_offsets(doc)
        assert doc.passages, doc.doc_id
        for sentence in doc.sentences():
            assert not any(marker in sentence.text for marker in FURNITURE), sentence.text


# --- collecting sources ------------------------------------------------------------------


def test_collect_sources_expands_directories(tmp_path: Path) -> None:
    b = _write(tmp_path / "b.txt", "B.")
    a = _write(tmp_path / "a.txt", "A.")
    _write(tmp_path / "a.meta.json", "{}")
    _write(tmp_path / "notes.md", "x")
    _write(tmp_path / "sub" / "c.txt", "C.")
    assert collect_sources([tmp_path]) == [a, b]
    assert collect_sources([b, a, tmp_path / "a.meta.json", b]) == [b, a]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file or directory"),
        (lambda d: d, "holds no .txt articles"),
    ],
)
def test_collect_sources_errors(tmp_path: Path, make: object, message: str) -> None:
    _write(tmp_path / "only.meta.json", "{}")
    with pytest.raises(InputError, match=message) as info:
        collect_sources([make(tmp_path)])  # type: ignore[operator]
    assert "\n" not in str(info.value)


# --- bad files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b" \n\t\r\n", "file is empty"),
        (b"\xef\xbb\xbf\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),
        ("CICA".encode("utf-16"), "UTF-16 encoded"),
        (b"line one\nline two\ncaf\xe9 three\n", r"invalid byte 0xE9 at byte offset 21 \(line 3\)"),
    ],
)
def test_bad_files_are_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = _write(tmp_path / "bad.txt", content)
    with pytest.raises(InputError, match=message) as info:
        ingest(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest(tmp_path / "nope.txt")


def test_only_furniture_gives_no_passages(tmp_path: Path) -> None:
    path = _write(tmp_path / "menu.txt", "English|中文|Français\nHome > News\n\nContact Us\n")
    doc = ingest(path)
    assert doc.passages == () and doc.title is None and doc.byline is None


# --- offsets: BOM, line endings ------------------------------------------------------------


def test_bom_is_removed_and_offsets_slice_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    doc = ingest(path)
    assert doc.text == ARTICLE == path.read_bytes().decode("utf-8-sig")
    assert [s.text for s in doc.sentences()] == ["One.", "Two."]
    assert doc.sentences()[0].start == ARTICLE.index("One.")


def test_crlf_is_kept_and_sentences_exclude_it(tmp_path: Path) -> None:
    content = ARTICLE.replace("\n", "\r\n") + "\r\nThree is\r\nwrapped. Four.\r\n"
    doc = ingest(_write(tmp_path / "crlf.txt", content))
    assert doc.text == content
    assert [s.text for s in doc.sentences()] == ["One.", "Two.", "Three is\r\nwrapped.", "Four."]
    _check_offsets(doc)


def test_decode_is_the_text_offsets_point_into() -> None:
    assert decode("\ufeffabc\r\n".encode(), path="x.txt") == "abc\r\n"


# --- furniture, title and passages ---------------------------------------------------------


def test_title_byline_and_repeated_title(tmp_path: Path) -> None:
    content = "A Title\n\nUpdated:2020-01-02 | By:Example Wire\n\nA Title\n\nOne. Two.\n\nShare\n"
    doc = ingest(_write(tmp_path / "t.txt", content))
    assert (doc.title, doc.date, doc.publisher) == ("A Title", "2020-01-02", "Example Wire")
    assert [s.text for s in doc.sentences()] == ["One.", "Two."]


def test_no_heading_means_no_title(tmp_path: Path) -> None:
    doc = ingest(_write(tmp_path / "t.txt", "The forum met in 2002. It grew.\n"))
    assert doc.title is None and len(doc.sentences()) == 2


def test_language_runs_make_passages(tmp_path: Path) -> None:
    content = "One en.\n\nTwo en.\n\n中文一。\n\n中文二。\n\nBack to English.\n"
    doc = ingest(_write(tmp_path / "mixed.txt", content))
    assert [(p.lang, len(p.sentences)) for p in doc.passages] == [("en", 2), ("zh", 2), ("en", 1)]


def test_furniture_inside_the_body_splits_passages(tmp_path: Path) -> None:
    doc = ingest(_write(tmp_path / "p.txt", "First part.\nShare\nSecond part.\n"))
    assert [len(p.sentences) for p in doc.passages] == [1, 1]
    assert all("Share" not in doc.text[p.start : p.end] for p in doc.passages)


# --- sidecar -------------------------------------------------------------------------------


def test_sidecar_fills_what_the_text_does_not_say(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.txt", "The forum met in 2002. It grew.\n")
    meta = {"title": "T", "publisher": "P", "date": "2019-04-17", "source_url": "http://x/"}
    _write(tmp_path / "s.meta.json", json.dumps(meta))
    doc = ingest(path)
    assert (doc.title, doc.publisher, doc.date, doc.source_url) == (
        "T",
        "P",
        "2019-04-17",
        "http://x/",
    )
    assert doc.byline is None


def test_text_wins_over_sidecar_and_disagreement_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path / "s.txt", ARTICLE)
    _write(tmp_path / "s.meta.json", json.dumps({"publisher": "Other", "date": "2020-01-02"}))
    with caplog.at_level(logging.WARNING, logger="cica_kg.ingest.files"):
        doc = ingest(path)
    assert (doc.publisher, doc.date) == ("Example Wire", "2020-01-02")
    assert "differs from 'Other'" in caplog.text


def test_sidecar_title_line_is_not_body(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.txt", "One. Two.\n\nSide Title\n\nThree.\n")
    _write(tmp_path / "s.meta.json", json.dumps({"title": "Side Title"}))
    assert [s.text for s in ingest(path).sentences()] == ["One.", "Two.", "Three."]


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ('{"title": "x",\n "date": }', r"s\.meta\.json:2:10: invalid JSON"),
        ("[1, 2]", "must hold a JSON object"),
        ('{"title": 5}', "field 'title' must be a string"),
        ('{"date": "17 April 2019"}', "field 'date'"),
        ('{"date": "2019-02-30"}', "field 'date'"),
        ('{"languages": "en"}', "field 'languages'"),
    ],
)
def test_bad_sidecar_is_input_error(tmp_path: Path, sidecar: str, message: str) -> None:
    path = _write(tmp_path / "s.txt", "Text.\n")
    _write(tmp_path / "s.meta.json", sidecar)
    with pytest.raises(InputError, match=message):
        ingest(path)


# --- load_documents ------------------------------------------------------------------------


def test_load_documents_sorted_by_doc_id(tmp_path: Path) -> None:
    _write(tmp_path / "zeta.txt", "Z.")
    _write(tmp_path / "alpha.txt", "A.")
    assert [d.doc_id for d in load_documents([tmp_path / "zeta.txt", tmp_path])] == [
        "alpha", "zeta",
    ]  # fmt: skip


def test_duplicate_doc_id_is_input_error(tmp_path: Path) -> None:
    _write(tmp_path / "one" / "same.txt", "A.")
    _write(tmp_path / "two" / "same.txt", "B.")
    with pytest.raises(InputError, match="document id 'same'"):
        load_documents([tmp_path / "one", tmp_path / "two"])


# --- hostile sidecars ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://exa mple.org/", "holds ' ' at character 11"),
        ('http://example.org/<script>"', "holds '<'"),
        ("http://example.org/\x7f", "holds '\\x7f'"),
        ("javascript:alert(1)", "is not an http:// or https:// URL"),
        ("file:///etc/passwd", "is not an http:// or https:// URL"),
        ("mailto:someone@example.org", "is not an http:// or https:// URL"),
        ("//example.org/no-scheme", "is not an http:// or https:// URL"),
        ("http:///no-host", "is not an http:// or https:// URL"),
        ("http://example.org:port/", "is not a URL"),
        ("http://[::1/", "is not a URL"),
    ],
)
def test_sidecar_url_must_be_an_http_iri(tmp_path: Path, url: str, message: str) -> None:
    # A javascript: (or any non-http(s)) URL is refused, not dropped: it would be published
    # as the article's schema:url, and a URL an IRI cannot hold stopped the build at the end.
    path = _write(tmp_path / "s.txt", "Text.\n")
    _write(tmp_path / "s.meta.json", json.dumps({"source_url": url}))
    with pytest.raises(InputError, match="field 'source_url'") as info:
        ingest(path)
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    "url", ["http://example.org/", "HTTPS://example.org/a?b=c#d", "https://例子.中国/新闻/1"]
)
def test_sidecar_http_urls_are_kept(tmp_path: Path, url: str) -> None:
    path = _write(tmp_path / "s.txt", "Text.\n")
    _write(tmp_path / "s.meta.json", json.dumps({"source_url": url}))
    assert ingest(path).source_url == url


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
        ('{"title": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
        (json.dumps({"title": "x" * 2001}), "field 'title' is 2001 characters long"),
        ('{"publisher": "\\ud800"}', "field 'publisher' holds a lone surrogate"),
        (" " * (64 * 1024 + 1), "sidecar of 64.0 KiB is more than the limit of 64 KiB"),
    ],
)
def test_hostile_sidecar_is_one_line_input_error(
    tmp_path: Path, sidecar: str, message: str
) -> None:
    path = _write(tmp_path / "s.txt", "Text.\n")
    _write(tmp_path / "s.meta.json", sidecar)
    with pytest.raises(InputError) as info:
        ingest(path)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert "s.meta.json" in str(info.value)


# --- size limit and file names ---------------------------------------------------------------


def test_article_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    line = b"word " * (MAX_ARTICLE_BYTES // 5)
    at_limit = _write(tmp_path / "at-limit.txt", line + b"x" * (MAX_ARTICLE_BYTES - len(line)))
    assert len(ingest(at_limit).text) == MAX_ARTICLE_BYTES
    big = _write(tmp_path / "big.txt", b"word." * (3 * MAX_ARTICLE_BYTES // 5) + b"x" * 3)
    with pytest.raises(InputError) as info:
        ingest(big)
    assert str(info.value) == (
        f"{big}: article of 3 MiB is more than the limit of 1 MiB; extraction takes about "
        "30 s per MiB; split it into several files"
    )


def test_file_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "good.txt", "Text.\n")
    try:
        _write(tmp_path / os.fsdecode(b"caf\xe9.txt"), "Text.\n")
    except OSError:  # pragma: no cover - a file system that stores UTF-8 names only
        pytest.skip("this file system refuses non-UTF-8 names")
    # Before, the name became the document id "unnamed"; two such files were one document.
    with pytest.raises(InputError, match=r"caf\\xe9\.txt: file name is not valid UTF-8"):
        load_documents([tmp_path])
