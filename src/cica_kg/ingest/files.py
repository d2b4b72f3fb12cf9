"""Ingest: read article files into :class:`~cica_kg.model.Document` objects.

``Document.text`` is the file decoded as UTF-8 with a leading byte-order mark removed and
nothing else changed (line endings included), so every offset of a passage, sentence or
byline slices it exactly. Page furniture (language menu, breadcrumb, byline, footer,
repeated title) is recognised line by line and left out of the passages, never cut
from the text. See docs/decisions/0020-ingest-offsets.md.

An article may hold at most :data:`MAX_ARTICLE_BYTES` (1 MiB): extraction takes about
30 s per MiB (spaCy's parser, measured on the development corpus), so a longer file is
refused with a message saying to split it. The ``.meta.json`` sidecar is read and checked
by :mod:`~cica_kg.ingest.sidecar`.

>>> from cica_kg.resources import corpus_dir
>>> doc = load_documents([corpus_dir()])[0]
>>> doc.date, doc.publisher, [p.lang for p in doc.passages]
('2019-04-17', 'China.org.cn', ['en', 'zh'])
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cica_kg.errors import InputError
from cica_kg.ingest.furniture import (
    is_breadcrumb,
    is_footer,
    is_language_menu,
    is_title,
    read_byline,
    same_title,
)
from cica_kg.ingest.segment import split_sentences
from cica_kg.ingest.sidecar import SIDECAR_SUFFIX, read_at_most, read_sidecar
from cica_kg.model import Document, Passage, Sentence
from cica_kg.text.lang import detect_lang

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)  # fmt: skip
_CONTROL_BYTES = frozenset(range(32)) - frozenset(b"\t\n\r\f\v\x1b") | {0x7F}
MAX_ARTICLE_BYTES = 1024 * 1024
"""The largest article file read, in bytes (1 MiB: about half a minute of extraction)."""


@dataclass(frozen=True)
class _Line:
    """A non-blank line: stripped span, and whether a blank line precedes it."""

    start: int
    end: int
    text: str
    after_blank: bool


def collect_sources(paths: Sequence[Path]) -> list[Path]:
    """The article files named by ``paths``: files as given, directories as their ``*.txt``.

    A directory contributes its ``*.txt`` files (sorted, not recursive); ``*.meta.json``
    sidecars are never articles, and a path given twice is read once.

    Raises:
        InputError: a path does not exist, a directory holds no ``.txt`` article, or a
            file name is not valid UTF-8.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(f for f in path.glob("*.txt") if f.is_file())
            if not files:
                raise InputError(
                    f"{path}: directory holds no .txt articles; add UTF-8 .txt files "
                    "or name the article files themselves"
                )
            found.extend(files)
        elif path.is_file():
            if not path.name.endswith(SIDECAR_SUFFIX):
                found.append(path)
        else:
            raise InputError(f"{path}: no such file or directory; check the path")
    unique: dict[Path, Path] = {}
    for path in found:
        _check_name(path)
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _check_name(path: Path) -> None:
    """Refuse a path that is not valid UTF-8 (its stem becomes the document id, in IRIs).

    Raises:
        InputError: naming the path with its undecodable bytes escaped.
    """
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise InputError(
            f"{shown}: file name is not valid UTF-8; rename it (the name is the document id)"
        ) from None


def decode(data: bytes, *, path: Path | str) -> str:
    """The article text of file content ``data``: UTF-8 decoded, leading BOM removed.

    Raises:
        InputError: empty, binary, UTF-16/32, or not valid UTF-8 (with byte offset and line).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise InputError(
                f"{path}: file is {name} encoded; convert it to UTF-8 "
                f"(e.g. iconv -f {name} -t UTF-8)"
            )
    if b"\x00" in data or _looks_binary(data):
        raise InputError(f"{path}: binary file, not a text article; pass UTF-8 .txt files only")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}:{line}: not UTF-8: invalid byte 0x{data[exc.start]:02X} at byte offset "
            f"{exc.start} (line {line}); re-save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{path}: file is empty; remove it or add the article text")
    return text


def _looks_binary(data: bytes) -> bool:
    """Whether the first 8 KiB are mostly control bytes or undecodable."""
    sample = data[:8192]
    if not sample:
        return False
    control = sum(1 for b in sample if b in _CONTROL_BYTES)
    replaced = sample.decode("utf-8", errors="replace").count("\ufffd")
    return control > len(sample) * 0.1 or replaced > len(sample) * 0.3


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text`` with stripped spans (any of \\n, \\r\\n, \\r ends a line)."""
    lines: list[_Line] = []
    previous_end = 0
    for match in re.finditer(r"[^\r\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        gap = text[previous_end:start]
        blank = bool(lines) and len(re.findall(r"\r\n|\r|\n", gap)) >= 2
        lines.append(_Line(start, end, text[start:end], blank))
        previous_end = end
    return lines


def _classify(lines: Sequence[_Line], sidecar_title: str | None) -> list[str]:
    """The role of each line: "furniture", "byline", "title" or "body"."""
    roles: list[str] = []
    title: str | None = None
    seen_content = has_byline = in_body = False  # a byline-like line in the body is content
    for line in lines:
        text = line.text
        if is_language_menu(text) or is_breadcrumb(text) or is_footer(text):
            role = "furniture"
        elif not in_body and read_byline(text) is not None:
            role = "furniture" if has_byline else "byline"
            has_byline = True
        elif seen_content and same_title(text, (title, sidecar_title)):
            role = "furniture"
        elif not seen_content:
            seen_content = True
            role = "title" if is_title(text) else "body"
            title = text if role == "title" else None
        else:
            role = "body"
        in_body = in_body or role == "body"
        roles.append(role)
    return roles


def _paragraphs(lines: Sequence[_Line], roles: Sequence[str]) -> list[tuple[int, int, bool]]:
    """Body paragraphs as (start, end, follows_other_lines): blank lines and furniture split."""
    paragraphs: list[tuple[int, int, bool]] = []
    interrupted = True
    for line, role in zip(lines, roles, strict=True):
        if role != "body":
            interrupted = True
        elif paragraphs and not interrupted and not line.after_blank:
            start, _, broken = paragraphs[-1]
            paragraphs[-1] = (start, line.end, broken)
        else:
            paragraphs.append((line.start, line.end, interrupted))
            interrupted = False
    return paragraphs


def _passages(text: str, paragraphs: Sequence[tuple[int, int, bool]]) -> tuple[Passage, ...]:
    """Consecutive paragraphs of one language, not separated by furniture, as passages."""
    passages: list[Passage] = []
    for start, end, interrupted in paragraphs:
        lang = detect_lang(text[start:end])
        sentences = tuple(
            Sentence(lang, s, e, text[s:e])
            for s, e in split_sentences(text, lang=lang, start=start, end=end)
        )
        if passages and not interrupted and passages[-1].lang == lang:
            last = passages[-1]
            passages[-1] = Passage(lang, last.start, end, last.sentences + sentences)
        else:
            passages.append(Passage(lang, start, end, sentences))
    return tuple(passages)


def _prefer_text(path: Path, name: str, in_text: str | None, in_sidecar: str | None) -> str | None:
    """The text's value if it states one, else the sidecar's; a disagreement is logged."""
    if in_text is not None and in_sidecar is not None and in_text != in_sidecar:
        log.warning(
            "%s: %s %r in the text differs from %r in the sidecar; using the text",
            path,
            name,
            in_text,
            in_sidecar,
        )
    return in_text if in_text is not None else in_sidecar


def ingest(path: Path) -> Document:
    """Read one article file into a Document (doc_id = file stem).

    Raises:
        InputError: unreadable, empty, binary or non-UTF-8 file, a file larger than
            :data:`MAX_ARTICLE_BYTES`, or a malformed sidecar.
    """
    data = read_at_most(
        path, MAX_ARTICLE_BYTES, what="article",
        hint="extraction takes about 30 s per MiB; split it into several files",
    )  # fmt: skip
    text = decode(data, path=path)
    sidecar = read_sidecar(path)
    lines = _lines(text)
    roles = _classify(lines, sidecar.title)
    title = next((ln.text for ln, r in zip(lines, roles, strict=True) if r == "title"), None)
    byline_line = next((ln for ln, r in zip(lines, roles, strict=True) if r == "byline"), None)
    date = publisher = None
    byline = None
    if byline_line is not None:
        found = read_byline(byline_line.text)
        date, publisher = (found.date, found.publisher) if found else (None, None)
        byline = Sentence(
            detect_lang(byline_line.text), byline_line.start, byline_line.end, byline_line.text
        )
    passages = _passages(text, _paragraphs(lines, roles))
    if sidecar.languages is not None and set(sidecar.languages) != {p.lang for p in passages}:
        log.warning(
            "%s: sidecar languages %s differ from those found %s",
            path,
            sorted(sidecar.languages),
            sorted({p.lang for p in passages}),
        )
    return Document(
        doc_id=path.stem,
        path=str(path),
        text=text,
        title=_prefer_text(path, "title", title, sidecar.title),
        publisher=_prefer_text(path, "publisher", publisher, sidecar.publisher),
        date=_prefer_text(path, "date", date, sidecar.date),
        source_url=sidecar.source_url,
        passages=passages,
        byline=byline,
    )


def load_documents(paths: Sequence[Path]) -> list[Document]:
    """Ingest every article named by ``paths`` (see :func:`collect_sources`), sorted by doc_id.

    Raises:
        InputError: as :func:`collect_sources` and :func:`ingest`, or two files share a stem.
    """
    documents: dict[str, Document] = {}
    for path in collect_sources(paths):
        document = ingest(path)
        other = documents.get(document.doc_id)
        if other is not None:
            raise InputError(
                f"{path}: document id {document.doc_id!r} is also the id of {other.path}; "
                "rename one of the files (the id is the file name stem)"
            )
        documents[document.doc_id] = document
    return [documents[key] for key in sorted(documents)]
