"""Chinese word starts by jieba, its dictionary read from a compact index (decision 0133).

jieba loads its prefix dictionary (half a million words and prefixes) into a Python dict
on first use: 0.5–0.8 s, though an article's Chinese asks it a few thousand questions. The
index holds the same dictionary as sorted keys and their frequencies, so loading it is
reading one file, and each question a binary search. The words jieba finds are jieba's own
(its segmenter runs unchanged; only the dictionary it asks differs in form).

The index is a file in the project's cache directory (:func:`cache_root`), named by jieba's
version and the dictionary's SHA-256, built once from jieba's dictionary and written
atomically. A damaged index is reported (a warning) and built again; a file there that the
project did not write is never replaced.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import sys
import zlib
from array import array
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from cica_kg.errors import OutputError
from cica_kg.files import write_atomic

if TYPE_CHECKING:
    import jieba

FORMAT = 1
"""The index format; a change names a new file."""
MAGIC = b"cica-kg jieba index\n"
REMEMBERED = 200_000
"""Look-ups a :class:`FrozenFreq` remembers before it starts again (bounded memory)."""
CACHE_ENV = "CICA_KG_CACHE"
"""Overrides the cache directory (default ``$XDG_CACHE_HOME/cica-kg`` or ``~/.cache/cica-kg``)."""
_log = logging.getLogger(__name__)


class DamagedIndexError(ValueError):
    """An index file that is truncated, altered or of another format."""


class FrozenFreq(Mapping[str, int]):
    """jieba's word → frequency dictionary over sorted UTF-8 keys (read-only)."""

    def __init__(self, keys: bytes, offsets: memoryview, freqs: memoryview) -> None:
        self._keys, self._offsets, self._freqs = keys, offsets, freqs
        self._count = len(freqs)
        self._found: dict[str, int] = {}

    def _find(self, key: str) -> int:
        """The position of ``key``, or -1; remembered (jieba asks ``in`` then ``[]`` of each
        fragment, and the same fragments recur), up to :data:`REMEMBERED` keys."""
        at = self._found.get(key)
        if at is None:
            if len(self._found) >= REMEMBERED:
                self._found.clear()
            at = self._found[key] = self._search(key)
        return at

    def _search(self, key: str) -> int:
        """The position of ``key`` by binary search over the sorted keys, or -1."""
        wanted, keys, offsets = key.encode("utf-8"), self._keys, self._offsets
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            if keys[offsets[middle] : offsets[middle + 1]] < wanted:
                low = middle + 1
            else:
                high = middle
        if low < self._count and keys[offsets[low] : offsets[low + 1]] == wanted:
            return low
        return -1

    def __getitem__(self, key: str) -> int:
        at = self._find(key) if isinstance(key, str) else -1
        if at < 0:
            raise KeyError(key)
        return int(self._freqs[at])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        at = self._find(key) if isinstance(key, str) else -1
        return default if at < 0 else int(self._freqs[at])

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        for at in range(self._count):
            yield self._keys[self._offsets[at] : self._offsets[at + 1]].decode("utf-8")


def word_starts(text: str) -> set[int]:
    """The offsets in ``text`` where jieba's words begin (as ``jieba.tokenize`` gives)."""
    return {start for _word, start, _end in tokenizer().tokenize(text)}


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer over the default dictionary, read from the index (once a process)."""
    jieba = _import_jieba()
    jieba.setLogLevel(60)
    result = jieba.Tokenizer()
    result.FREQ, result.total = dictionary(result)
    result.initialized = True
    return result


def _import_jieba() -> ModuleType:
    """``import jieba`` without ``pkg_resources`` (0.12 s of its 0.2 s): jieba then opens its
    data files by their path, the same files."""
    if "jieba" not in sys.modules:
        blocked = "pkg_resources" not in sys.modules
        if blocked:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ImportError
        try:
            importlib.import_module("jieba")
        finally:
            if blocked:
                del sys.modules["pkg_resources"]
    return sys.modules["jieba"]


def dictionary(source: jieba.Tokenizer) -> tuple[Mapping[str, int], int]:
    """jieba's prefix dictionary and total frequency: from the index, which is built (and
    written) when missing or damaged; a plain dict when the index cannot be written."""
    jieba = _import_jieba()
    dict_bytes = Path(str(jieba.__file__)).with_name(jieba.DEFAULT_DICT_NAME).read_bytes()
    path = index_path(jieba.__version__, hashlib.sha256(dict_bytes).hexdigest())
    data = _read(path)
    if data is not None:
        try:
            return parse_index(data)
        except DamagedIndexError as exc:
            _log.warning("%s: damaged jieba index (%s); building it again", path, exc)
    freq, total = source.gen_pfdict(source.get_dict_file())
    if data is None or data.startswith(MAGIC):  # never replace a file the project did not write
        try:
            _mkdir(path.parent)
            write_atomic(path, dump_index(freq, total))
        except OutputError as exc:
            _log.warning("%s; jieba's dictionary is read in full on every build", exc)
    else:
        _log.warning("%s: not a cica-kg jieba index; left as it is", path)
    return freq, total


def cache_root() -> Path:
    """The project's cache directory: ``$CICA_KG_CACHE``, else ``$XDG_CACHE_HOME/cica-kg``,
    else ``~/.cache/cica-kg``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base, "cica-kg")


def index_path(version: str, digest: str) -> Path:
    """Where the index of jieba ``version``'s dictionary (its SHA-256 ``digest``) lives."""
    name = f"jieba-{version}-{digest[:16]}-f{FORMAT}-{sys.byteorder}.idx"
    return cache_root() / "jieba" / name


def _mkdir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {directory}: {exc.strerror}") from exc


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _log.warning("%s: unreadable jieba index (%s); building it again", path, exc)
        return None


def dump_index(freq: Mapping[str, int], total: int) -> bytes:
    """The index file of jieba's ``freq`` and ``total``: header line, offsets, freqs, keys."""
    words = sorted(word.encode("utf-8") for word in freq)
    offsets, position = array("Q", [0]), 0
    for word in words:
        position += len(word)
        offsets.append(position)
    freqs = array("Q", (freq[word.decode("utf-8")] for word in words))
    body = offsets.tobytes() + freqs.tobytes() + b"".join(words)
    header = {"format": FORMAT, "count": len(words), "total": total, "size": len(body),
              "crc32": zlib.crc32(body)}  # fmt: skip
    return MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body


def parse_index(data: bytes) -> tuple[FrozenFreq, int]:
    """The dictionary and total of an index file.

    Raises:
        DamagedIndexError: the file is not a whole index of this format.
    """
    if not data.startswith(MAGIC) or b"\n" not in data[len(MAGIC) :]:
        raise DamagedIndexError("no index header")
    line, body = data[len(MAGIC) :].split(b"\n", 1)
    try:
        header = json.loads(line)
        count, total, size, crc = (int(header[k]) for k in ("count", "total", "size", "crc32"))
    except (ValueError, KeyError, TypeError) as exc:
        raise DamagedIndexError(f"unreadable header: {exc}") from exc
    if header.get("format") != FORMAT or len(body) != size or zlib.crc32(body) != crc:
        raise DamagedIndexError("size or checksum does not match its header")
    view = memoryview(body)
    offsets = view[: 8 * (count + 1)].cast("Q")
    freqs = view[8 * (count + 1) : 8 * (2 * count + 1)].cast("Q")
    keys = bytes(view[8 * (2 * count + 1) :])
    if len(offsets) != count + 1 or offsets[count] != len(keys):
        raise DamagedIndexError("offsets do not match the keys")
    return FrozenFreq(keys, offsets, freqs), total
