"""Fuzzing the article ingester (cica_kg.ingest) with hypothesis: random bytes, hostile text.

Whatever a file holds, ingest either raises the documented :class:`InputError` (one line)
or returns a Document whose every sentence slices the original text exactly, stripped,
in order, inside its passage, and no longer than ``MAX_SENTENCE``. Bounded to a few
seconds: ``max_examples`` per test below, no example database (nothing is written).
``pytest -n0 --hypothesis-show-statistics tests/test_ingest_fuzz.py`` counts the examples
run and how many were refused (``InputError``) or read.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cica_kg.errors import InputError
from cica_kg.ingest import ingest, load_documents
from cica_kg.ingest.segment import MAX_SENTENCE
from cica_kg.model import Document

FUZZ = settings(
    max_examples=500,
    deadline=None,  # a long-word example may take a few ms more; the count bounds the time
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces an article may be made of: prose in several scripts, sentence marks and the
# abbreviations around them, furniture, controls, BOMs in the middle, every kind of line end.
_TOKENS = st.sampled_from(
    [
        "CICA", "Kazakhstan", "亚信会议", "峰会", "Россия", "العربية", "한국어", "👍🏽", "e\u0301",
        ". ", "! ", "? ", "... ", "…", "。", "！", "？", "」", "“", "”", "(", ")", "[", "'",
        "Dr.", "U.S.", "No.", "Inc.", "(a).", "1.", "iv.", "3.5", "Home >", "Updated:2019-04-17",
        " | By:China.org.cn", "English|中文|Français", "Contact Us", "©", "时间：2014年5月20日",
        "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\t", "\f", "\v", "\x1b", "\x85", "\u2028",
        "\u2029", "\x1c", "\u3000", "\xa0", "\ufeff", "\x00", "\x07", "\x7f", " ", "  ",
    ]
)  # fmt: skip
_LONG_WORDS = st.builds(
    lambda char, n: char * n, st.sampled_from(["a", ".", "亚", "-", "\u0301", " "]),
    st.integers(1, 3 * MAX_SENTENCE),
)  # fmt: skip
_TEXT = st.lists(
    st.one_of(_TOKENS, st.text(max_size=20), _LONG_WORDS, st.just("word " * 500)),
    max_size=40,
).map("".join)  # fmt: skip
_OTHER_BOMS = [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
_PREFIXES = st.sampled_from([b""] * 6 + [codecs.BOM_UTF8] * 3 + _OTHER_BOMS)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _check(doc: Document, data: bytes, *, sidecar: bool = False) -> None:
    """The invariants of a Document read from file content ``data`` (and a ``sidecar``)."""
    text = doc.text
    assert text == data.decode("utf-8").removeprefix("\ufeff")
    previous_end = 0
    for passage in doc.passages:
        assert 0 <= passage.start < passage.end <= len(text)
        for sentence in passage.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.text and sentence.text == sentence.text.strip()
            assert len(sentence.text) <= MAX_SENTENCE
            assert passage.start <= sentence.start < sentence.end <= passage.end
            assert sentence.start >= previous_end
            previous_end = sentence.end
    if doc.byline is not None:
        assert text[doc.byline.start : doc.byline.end] == doc.byline.text
    assert sidecar or doc.title is None or doc.title in text


def _ingest(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        doc = ingest(path)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc) and str(path) in str(exc)
        event("refused (InputError)")
        return
    event("read")
    _check(doc, data)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes(workdir: Path, data: bytes) -> None:
    _ingest(workdir / "bytes.txt", data)


@FUZZ
@given(prefix=_PREFIXES, text=_TEXT)
def test_random_text(workdir: Path, prefix: bytes, text: str) -> None:
    _ingest(workdir / "text.txt", prefix + text.encode("utf-8"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
_SIDECAR = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "title": st.one_of(st.text(max_size=40), _JSON),
            "publisher": st.one_of(st.text(max_size=40), _JSON),
            "date": st.one_of(st.sampled_from(["2019-04-17", "2019", "2019-02-30"]), _JSON),
            "source_url": st.one_of(
                st.sampled_from(["http://example.org/a", "javascript:x", "http://a b"]),
                st.text(max_size=40).map(lambda t: "https://example.org/" + t),
                _JSON,
            ),
            "languages": st.one_of(st.lists(st.sampled_from(["en", "zh"])), _JSON),
        },
    ).map(json.dumps),
    _JSON.map(json.dumps),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


@settings(FUZZ, max_examples=300)
@given(sidecar=_SIDECAR, text=_TEXT)
def test_random_sidecars(workdir: Path, sidecar: str, text: str) -> None:
    article = workdir / "side" / "a.txt"
    article.parent.mkdir(exist_ok=True)
    (article.parent / "a.meta.json").write_bytes(sidecar.encode("utf-8", "surrogatepass"))
    data = ("Text. " + text).encode("utf-8")
    article.write_bytes(data)
    try:
        doc = load_documents([article.parent])[0]
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        event("refused (InputError)")
        return
    event("read")
    assert doc.source_url is None or doc.source_url.lower().startswith(("http://", "https://"))
    _check(doc, data, sidecar=True)
