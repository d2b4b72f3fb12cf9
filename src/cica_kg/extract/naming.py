"""Names of composed entities (summits, sessions, terms) and their Chinese surface forms."""

from __future__ import annotations

from cica_kg.extract.lexicon import by_key
from cica_kg.model import Entity, Value
from cica_kg.text.numbers import zh_numeral


def short_name(entity: Entity) -> str:
    """An abbreviation of the entity if the lexicon knows one ("CICA"), else its label."""
    entry = by_key().get((entity.kind, entity.key))
    if entry:
        for alias in entry.aliases:
            if alias.isupper() and len(alias) <= 6 and "." not in alias:
                return alias
    return entity.label_en


def zh_forms(entity: Entity) -> tuple[str, ...]:
    """Every Chinese form of a lexicon entity (longest first), or its zh label."""
    entry = by_key().get((entity.kind, entity.key))
    if entry:
        return entry.zh_forms()
    return (entity.label_zh,) if entity.label_zh else ()


def zh_short(entity: Entity) -> str | None:
    """The shortest Chinese form ("亚信会议" rather than the full name), if any."""
    forms = zh_forms(entity)
    return min(forms, key=len) if forms else None


def zh_date_forms(value: Value) -> tuple[str, ...]:
    """How a date is written in Chinese: "1992-10" → ("1992年10月",)."""
    parts = value.lexical.split("-")
    year = parts[0] + "年"
    if len(parts) == 1:
        return (year,)
    month = f"{year}{int(parts[1])}月"
    if len(parts) == 2:
        return (month,)
    return (f"{month}{int(parts[2])}日",)


def zh_number_forms(number: int) -> tuple[str, ...]:
    """Digits and, below 100, Chinese numerals: 26 → ("26", "二十六")."""
    return (str(number), zh_numeral(number)) if 0 < number < 100 else (str(number),)


def zh_ordinal_forms(number: int, noun: str) -> tuple[str, ...]:
    """Chinese ordinals before a noun: (1, "峰会") → ("第一次峰会", "首届峰会", ...)."""
    forms = []
    for digits in zh_number_forms(number):
        forms += [f"第{digits}届{noun}", f"第{digits}次{noun}"]
    if number == 1:
        forms += [f"首届{noun}", f"首次{noun}"]
    return tuple(forms)


def year_of(value: Value | None) -> str | None:
    """The year of a date value."""
    return value.lexical[:4] if value else None
