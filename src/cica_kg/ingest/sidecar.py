"""The ``<stem>.meta.json`` sidecar of an article: title, publisher, date, source URL, languages.

A sidecar is one JSON object of short fields, read with the article by
:func:`~cica_kg.ingest.files.ingest` (what the text itself says wins). It may hold at most
:data:`MAX_SIDECAR_BYTES`, its text fields at most :data:`MAX_FIELD_CHARS` characters, and
its ``source_url`` must be an http(s) URL usable as an IRI: it is published as the
article's ``schema:url``, so another scheme (``javascript:``, ``file:``) is refused, not
dropped. :func:`read_at_most` is the bounded file read of articles and sidecars alike.

>>> read_sidecar(Path("no-such-article.txt"))
Sidecar(title=None, publisher=None, source_url=None, date=None, languages=None)
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cica_kg.errors import InputError
from cica_kg.text.dates import DateValue

SIDECAR_SUFFIX = ".meta.json"
MAX_SIDECAR_BYTES = 64 * 1024
"""The largest ``.meta.json`` sidecar read, in bytes."""
MAX_FIELD_CHARS = 2000
"""The longest text field of a sidecar (title, publisher, source_url), in characters."""
# What an IRI may not hold (RFC 3987: spaces, controls, <>"{}|\^`): Turtle could not write it.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


@dataclass(frozen=True)
class Sidecar:
    """The fields read from ``<stem>.meta.json``."""

    title: str | None = None
    publisher: str | None = None
    source_url: str | None = None
    date: str | None = None
    languages: tuple[str, ...] | None = None


def read_sidecar(path: Path) -> Sidecar:
    """The metadata in ``<stem>.meta.json`` next to ``path`` (empty if there is none).

    Raises:
        InputError: the sidecar is larger than :data:`MAX_SIDECAR_BYTES`, not a UTF-8 JSON
            object (or nested too deeply to read), has a field of the wrong type or too long,
            a date that is not ISO, or a ``source_url`` that is not an http(s) URL.
    """
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return Sidecar()
    try:
        data = read_at_most(
            sidecar, MAX_SIDECAR_BYTES, what="sidecar", hint="a sidecar holds a few short fields"
        )
        raw: Any = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{sidecar}: sidecar is not UTF-8; re-save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{sidecar}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg}); fix or remove it"
        ) from None
    except RecursionError:
        raise InputError(
            f"{sidecar}: JSON nested too deeply to read; a sidecar is one flat object of fields"
        ) from None
    if not isinstance(raw, dict):
        raise InputError(f"{sidecar}: sidecar must hold a JSON object; fix or remove it")
    fields = {key: _string_field(raw, key, sidecar) for key in Sidecar.__dataclass_fields__}
    if fields["date"] is not None:
        try:
            fields["date"] = DateValue.from_iso(fields["date"]).iso
        except ValueError as exc:
            raise InputError(f"{sidecar}: field 'date': {exc}; use YYYY-MM-DD") from None
    languages = raw.get("languages")
    if languages is not None and not (
        isinstance(languages, list) and all(isinstance(x, str) for x in languages)
    ):
        raise InputError(f"{sidecar}: field 'languages' must be a list of codes like \"en\"")
    return Sidecar(
        title=fields["title"],
        publisher=fields["publisher"],
        source_url=_check_url(fields["source_url"], sidecar),
        date=fields["date"],
        languages=tuple(languages) if languages is not None else None,
    )


def _string_field(raw: dict[str, Any], key: str, sidecar: Path) -> str | None:
    """Sidecar field ``key`` as a non-empty string or None ("languages" is read elsewhere)."""
    value = raw.get(key)
    if key == "languages" or value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{sidecar}: field {key!r} must be a string or null; fix the sidecar")
    if len(value) > MAX_FIELD_CHARS:
        raise InputError(
            f"{sidecar}: field {key!r} is {len(value)} characters long, more than "
            f"{MAX_FIELD_CHARS}; shorten it"
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{sidecar}: field {key!r} holds a lone surrogate ({exc.object[exc.start]!r}), "
            "which is no character; fix the sidecar"
        ) from None
    return value.strip() or None


def _check_url(url: str | None, sidecar: Path) -> str | None:
    """``url`` if it is an absolute http(s) URL that can be written as an IRI.

    Raises:
        InputError: another scheme (``javascript:``, ``file:``...), no host, a bad port,
            or a character an IRI may not hold (a space, ``<``, ``"``...).
    """
    if url is None:
        return None
    where = f"{sidecar}: field 'source_url' {url[:80]!r}"
    bad = _NOT_IN_IRI.search(url)
    if bad is not None:
        raise InputError(
            f"{where} holds {bad.group()!r} at character {bad.start() + 1}, which a URL may "
            "not; percent-encode it (a space is %20)"
        )
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number, or out of range, raises ValueError
    except ValueError as exc:
        raise InputError(f"{where} is not a URL ({exc}); fix the sidecar") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"{where} is not an http:// or https:// URL with a host; only those are "
            "published as the article's schema:url, fix or remove the field"
        )
    return url


def read_at_most(path: Path, limit: int, *, what: str, hint: str) -> bytes:
    """The bytes of file ``path``, read only if it holds at most ``limit`` of them.

    Raises:
        InputError: the file is missing, unreadable, or larger than ``limit`` (the message
            ends with ``hint``).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
            if len(data) > limit:
                size = max(os.fstat(handle.fileno()).st_size, len(data))
                raise InputError(
                    f"{path}: {what} of {_size(size)} is more than the limit of {_size(limit)}; "
                    f"{hint}"
                )
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); pass a readable file") from None
    return data


def _size(size: int) -> str:
    """A size in bytes for a message: "1 MiB", "50.2 MiB", "64 KiB", "12 bytes"."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value.is_integer() else f"{value:.1f} {unit}"
    return f"{size} bytes"
