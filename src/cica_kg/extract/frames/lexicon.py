"""The frame lexicon (``data/frames.toml``): frames, their trigger words and typed slots.

See the file's header for the format. Loading checks every frame and slot and names the
frame or slot at fault (:class:`~cica_kg.errors.ResourceError`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from cica_kg.errors import ResourceError

SOURCE = "cica_kg/data/frames.toml"
TYPES = frozenset(
    {
        "state",
        "period",
        "city",
        "place",
        "organization",
        "body",
        "person",
        "date",
        "meeting",
        "document",
        "member-ordinal",
        "observer-ordinal",
        "member-count",
        "observer-count",
        "signatory-count",
        "state-adj",
        "secretariat-role",
        "state-role",
        "principle",
        "cbm-area",
        "cooperation-area",
        "component",
        "charter",
        "address",
        "session",
        "aim",
        "security-concept",
        "frequency",
    }
)
"""The typed-mention types a slot may take (see :mod:`cica_kg.extract.frames.typed`)."""


@dataclass(frozen=True)
class Slot:
    """One argument of a frame: which mentions fill it and what it states."""

    name: str
    types: frozenset[str]
    predicate: str | None = None
    many: bool = False
    default: str | None = None
    after: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    fallback: bool = True
    required: bool = False
    before: tuple[str, ...] = ()  # or: the mention is followed by one of these words
    scope: str = "clause"  # "sentence": a list slot takes every mention of the sentence
    prefer: frozenset[str] = frozenset()  # of the candidates, these types win over the others
    en_before: bool = False  # in English, the mention stands before the trigger (or after "by")
    field_default: str | None = None  # "topic": on a field line, the article's organization
    event_property: str | None = None  # the value is also the frame's meeting's (this property)

    @property
    def inverse(self) -> bool:
        """Whether the property is stated from the value to the hub (``^prop``)."""
        return bool(self.predicate and self.predicate.startswith("^"))


@dataclass(frozen=True)
class Frame:
    """A kind of statement CICA texts make, its trigger words and its slots."""

    name: str
    hub: str
    en: tuple[str, ...]
    zh: tuple[str, ...]
    slots: tuple[Slot, ...]
    confidence: float = 0.8
    role: str | None = None
    context_en: tuple[str, ...] = ()
    context_zh: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()
    continues: int = 0  # the next N sentences may go on with its lists ("The first covers ...")

    @property
    def hub_slot(self) -> str | None:
        """The slot whose entity the facts are about (``hub = "slot:NAME"``), if any."""
        return self.hub.removeprefix("slot:") if self.hub.startswith("slot:") else None

    def slot(self, name: str) -> Slot:
        """The slot called ``name``."""
        return next(s for s in self.slots if s.name == name)


def _slot(frame: str, name: str, spec: dict[str, Any]) -> Slot:
    where = f"{SOURCE}: frame {frame!r}, slot {name!r}"
    types = frozenset(spec.get("types", ()))
    unknown = types - TYPES
    if not types or unknown:
        raise ResourceError(
            f"{where}: unknown or missing types {sorted(unknown)}; use {sorted(TYPES)}"
        )
    known = {"types", "property", "many", "default", "after", "not_after", "fallback", "required",
             "before", "scope", "prefer", "en_before", "field_default",
             "event_property"}  # fmt: skip
    extra = set(spec) - known
    if extra:
        raise ResourceError(f"{where}: unknown keys {sorted(extra)}; use {sorted(known)}")
    return Slot(
        name,
        types,
        spec.get("property"),
        bool(spec.get("many", False)),
        spec.get("default"),
        tuple(spec.get("after", ())),
        tuple(spec.get("not_after", ())),
        bool(spec.get("fallback", True)),
        bool(spec.get("required", False)),
        tuple(spec.get("before", ())),
        str(spec.get("scope", "clause")),
        frozenset(spec.get("prefer", ())),
        bool(spec.get("en_before", False)),
        spec.get("field_default"),
        spec.get("event_property"),
    )


def _frame(name: str, spec: dict[str, Any]) -> Frame:
    slots = tuple(_slot(name, s, v) for s, v in spec.get("slot", {}).items())
    frame = Frame(
        name,
        str(spec.get("hub", "")),
        tuple(spec.get("en", ())),
        tuple(spec.get("zh", ())),
        slots,
        float(spec.get("confidence", 0.8)),
        spec.get("role"),
        tuple(spec.get("context_en", ())),
        tuple(spec.get("context_zh", ())),
        tuple(spec.get("yields_to", ())),
        int(spec.get("continues", 0)),
    )
    if not frame.hub or not (frame.en or frame.zh):
        raise ResourceError(f"{SOURCE}: frame {name!r} needs a hub and en or zh triggers")
    if frame.hub_slot is not None and frame.hub_slot not in {s.name for s in slots}:
        raise ResourceError(f"{SOURCE}: frame {name!r}: hub names no slot {frame.hub_slot!r}")
    return frame


def parse_frames(text: str) -> tuple[Frame, ...]:
    """The frames of a TOML text in the format of ``data/frames.toml``.

    Raises:
        ResourceError: the text is not TOML, or a frame or slot is malformed.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ResourceError(f"{SOURCE}: not valid TOML: {exc}") from exc
    return tuple(_frame(name, spec) for name, spec in data.get("frame", {}).items())


@lru_cache(maxsize=1)
def frames() -> tuple[Frame, ...]:
    """The bundled frames."""
    return parse_frames(resources.files("cica_kg").joinpath("data/frames.toml").read_text("utf-8"))
