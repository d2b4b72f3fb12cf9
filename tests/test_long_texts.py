"""Big and long articles: a size limit, parser-sized pieces, progress on a terminal.

Before: a 2 MB single line, or 51 MB of long lines, stopped the build with spaCy's E088
(a text longer than ``nlp.max_length``), exit 3; a 50 MB article ran for many minutes with
no sign of progress. Now an article above 1 MiB is refused at once, a "sentence" longer
than ``MAX_SENTENCE`` reaches spaCy in pieces, and a build on a terminal says how far
extraction has got.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import pytest

import cica_kg.extract
import cica_kg.extract.extractor as extractor
import cica_kg.validate
import cli_fakes
from cica_kg.cli import main
from cica_kg.extract import extract, extract_document
from cica_kg.extract.nlp import english
from cica_kg.ingest import ingest
from cica_kg.ingest.files import MAX_ARTICLE_BYTES
from cica_kg.ingest.segment import MAX_SENTENCE
from cica_kg.model import Document, Passage, Sentence

WORDS = "the member states of the conference agreed to meet again in the coming year and"


def assert_one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cica-kg: error: "), err
    assert "Traceback" not in err and all(word in lines[0] for word in words), err


def _long_line(size: int) -> str:
    """One line of ``size`` characters of words, without a full stop."""
    return (WORDS + " ") * (size // (len(WORDS) + 1)) + "x" * (size % (len(WORDS) + 1))


def test_a_single_line_of_almost_1_mib_is_cut_into_pieces_with_exact_offsets(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text(_long_line(MAX_ARTICLE_BYTES - 1) + "\n", encoding="utf-8")
    doc = ingest(path)
    sentences = doc.sentences()
    assert len(sentences) > MAX_ARTICLE_BYTES // MAX_SENTENCE
    for sentence in sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert 0 < len(sentence.text) <= MAX_SENTENCE
    assert sum(len(s.text.split()) for s in sentences) == len(doc.text.split())


def test_a_big_article_is_refused_with_one_line_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"CICA met. " * (MAX_ARTICLE_BYTES // 10 + 1))
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 2
    assert_one_line_error(capsys.readouterr().err, "big.txt", "limit of 1 MiB", "split")
    assert not (tmp_path / "out").exists()


class _SpyParser:
    """Delegates to the English pipeline, remembering the longest text it was given."""

    def __init__(self) -> None:
        self.nlp = english()
        self.longest = 0

    def pipe(self, texts: Any, **options: Any) -> Any:
        texts = list(texts)
        self.longest = max([self.longest, *map(len, texts)])
        return self.nlp.pipe(texts, **options)

    def __call__(self, text: str) -> Any:
        self.longest = max(self.longest, len(text))
        return self.nlp(text)


def test_spacy_never_sees_a_text_longer_than_max_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    # A hand-made Document (not from ingest) with a 12,000-character sentence and title.
    text = "Kazakhstan proposed CICA in 1992 and " + _long_line(12_000)
    sentence = Sentence("en", 0, len(text), text)
    document = Document("long", "long.txt", text, title=text,
                        passages=(Passage("en", 0, len(text), (sentence,)),))  # fmt: skip
    spy = _SpyParser()
    monkeypatch.setattr(extractor, "english", lambda: spy)
    statements = extract_document(document)
    assert 0 < spy.longest <= MAX_SENTENCE < english().max_length
    for statement in statements:
        for evidence in statement.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


def test_extraction_logs_progress_lines(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(extractor, "PROGRESS_SECONDS", 0.0)
    text = "Kazakhstan hosted the summit. " * 100
    sentences = tuple(
        Sentence("en", i * 30, i * 30 + 29, text[i * 30 : i * 30 + 29]) for i in range(100)
    )
    document = Document("d", "d.txt", text, passages=(Passage("en", 0, len(text), sentences),))
    with caplog.at_level(logging.INFO, logger="cica_kg.extract.extractor"):
        extract([document, document])
    lines = [r.getMessage() for r in caplog.records]
    assert "extract: d: 100 of 100 sentences parsed" in lines
    assert lines[-1] == "extract: 2 of 2 documents done"


def test_build_on_a_terminal_shows_extraction_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def progressing(documents: Any) -> Any:
        logging.getLogger("cica_kg.extract.extractor").info("extract: 1 of 1 documents done")
        logging.getLogger("cica_kg.extract.extractor").warning("a warning stays visible")
        return cli_fakes.fake_extract(documents)

    monkeypatch.setattr(cica_kg.extract, "extract", progressing, raising=False)
    monkeypatch.setattr(cica_kg.validate, "validate", cli_fakes.conforming_validate)
    source = tmp_path / "tiny.txt"
    source.write_text(cli_fakes.TEXT, encoding="utf-8")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--no-decisions"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert "cica-kg: extract: 1 of 1 documents done" in err
    assert "cica-kg: warning: a warning stays visible" in err
    assert err.index("cica-kg: extract: 1 of 1 documents done") < err.index(
        next(line for line in err if line.startswith("cica-kg: extract: ") and "statement" in line)
    )
    logger = logging.getLogger("cica_kg.extract")
    assert logger.handlers == [] and logger.level == logging.NOTSET  # put back as it was
