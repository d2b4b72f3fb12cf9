"""text/wordseg.py: jieba over the dictionary index finds jieba's words; the index file is a
cache (keyed by versions, written atomically, a damaged one rebuilt, a foreign one kept)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cica_kg.text import wordseg

SENTENCES = [
    "亚洲相互协作与信任措施会议（简称亚信会议）成立于1992年，是一个多边论坛。",
    "2014年5月，亚信第四次峰会在上海举行，通过了《上海宣言》。",
    "亞信秘書處設在阿斯塔納。",  # traditional script
    "成员国：阿富汗、阿塞拜疆、中国、埃及、印度。",
]
SMALL = {"亚": 3, "亚信": 5, "会": 0, "会议": 7, "議": 1}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty project cache directory, and no tokenizer loaded from another one."""
    monkeypatch.setenv(wordseg.CACHE_ENV, str(tmp_path))
    wordseg.tokenizer.cache_clear()
    yield tmp_path
    wordseg.tokenizer.cache_clear()


@pytest.fixture(scope="module")
def real_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project cache directory holding the index of jieba's own dictionary (built once)."""
    root = tmp_path_factory.mktemp("jieba-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(wordseg.CACHE_ENV, str(root))
        wordseg.tokenizer.cache_clear()
        yield root
    wordseg.tokenizer.cache_clear()


class _Source:
    """Stands in for jieba's tokenizer as the dictionary's source (a five-word dictionary)."""

    def get_dict_file(self) -> None:
        return None

    def gen_pfdict(self, _file: Any) -> tuple[dict[str, int], int]:
        return dict(SMALL), 16


def _index_file(cache: Path) -> Path:
    (path,) = (cache / "jieba").iterdir()
    return path


@pytest.mark.parametrize("sentence", SENTENCES)
def test_word_starts_are_jiebas_own(real_cache: Path, sentence: str) -> None:
    import jieba

    jieba.setLogLevel(60)
    assert wordseg.word_starts(sentence) == {start for _w, start, _e in jieba.tokenize(sentence)}


def test_the_index_reads_back_the_dictionary_it_holds() -> None:
    freq, total = wordseg.parse_index(wordseg.dump_index(SMALL, 16))
    assert total == 16
    assert dict(freq) == SMALL
    assert len(freq) == len(SMALL)
    assert "会" in freq and "信" not in freq and 3 not in freq
    assert freq.get("会议") == 7 and freq.get("亚信会") is None and freq.get("x", 1) == 1
    with pytest.raises(KeyError):
        freq["信"]


def test_remembered_look_ups_answer_as_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordseg, "REMEMBERED", 2)  # forgets every two keys
    freq, _total = wordseg.parse_index(wordseg.dump_index(SMALL, 16))
    for _round in range(3):
        for key in [*SMALL, "信", "亚信会", "会议x"]:
            assert (key in freq) == (key in SMALL)
            assert freq.get(key) == SMALL.get(key)
    assert len(freq._found) <= 2


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:-3], lambda data: data[:-1] + bytes([data[-1] ^ 1]), lambda _: b""],
    ids=["truncated", "altered", "empty"],
)
def test_a_damaged_index_is_refused(damage: Any) -> None:
    with pytest.raises(wordseg.DamagedIndexError):
        wordseg.parse_index(damage(wordseg.dump_index(SMALL, 16)))


def test_the_index_is_written_once_then_read(cache: Path) -> None:
    assert wordseg.dictionary(_Source()) == (SMALL, 16)  # type: ignore[arg-type]
    path = _index_file(cache)
    assert not [p for p in path.parent.iterdir() if p != path]  # no temporary file left
    freq, total = wordseg.dictionary(None)  # type: ignore[arg-type]  # read, not rebuilt
    assert (dict(freq), total) == (SMALL, 16)


def test_a_damaged_index_is_rebuilt_with_a_warning(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wordseg.dictionary(_Source())  # type: ignore[arg-type]
    path = _index_file(cache)
    path.write_bytes(path.read_bytes()[:-5])
    with caplog.at_level(logging.WARNING, logger=wordseg.__name__):
        assert wordseg.dictionary(_Source()) == (SMALL, 16)  # type: ignore[arg-type]
    assert "damaged jieba index" in caplog.text
    assert wordseg.parse_index(path.read_bytes())[1] == 16  # written again, whole


def test_a_file_the_project_did_not_write_is_left_alone(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wordseg.dictionary(_Source())  # type: ignore[arg-type]
    path = _index_file(cache)
    path.write_bytes(b"someone else's file")
    with caplog.at_level(logging.WARNING, logger=wordseg.__name__):
        assert wordseg.dictionary(_Source()) == (SMALL, 16)  # type: ignore[arg-type]
    assert path.read_bytes() == b"someone else's file"
    assert "not a cica-kg jieba index" in caplog.text


def test_an_unwritable_cache_still_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv(wordseg.CACHE_ENV, str(blocked))
    with caplog.at_level(logging.WARNING, logger=wordseg.__name__):
        assert wordseg.dictionary(_Source()) == (SMALL, 16)  # type: ignore[arg-type]
    assert "read in full" in caplog.text


def test_the_index_is_named_by_jiebas_version_and_dictionary(cache: Path) -> None:
    names = {wordseg.index_path(v, d) for v in ("0.42.1", "0.42.2") for d in ("ab" * 32, "cd" * 32)}
    assert len(names) == 4
    assert all(path.parent == cache / "jieba" for path in names)


def test_importing_jieba_leaves_pkg_resources_importable(real_cache: Path) -> None:
    wordseg.tokenizer()
    assert "jieba" in __import__("sys").modules
    assert __import__("sys").modules.get("pkg_resources", "not imported") is not None
