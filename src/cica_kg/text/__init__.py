"""Text helpers more than one stage needs: dates, numbers, language, display width.

Nothing here knows RDF or the parse; every function works on plain strings. Each name is
imported from its module on first use, so a caller of one helper (``cica-kg query`` renders
with :mod:`~cica_kg.text.display` only) does not compile the date patterns.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cica_kg.text.dates import DateValue, find_dates
    from cica_kg.text.display import display_width, pad, table_lines
    from cica_kg.text.lang import detect_lang, is_cjk
    from cica_kg.text.numbers import cardinal, ordinal_word, word_ordinal, zh_int, zh_numeral

_HOMES = {
    "DateValue": "dates",
    "find_dates": "dates",
    "display_width": "display",
    "pad": "display",
    "table_lines": "display",
    "detect_lang": "lang",
    "is_cjk": "lang",
    "cardinal": "numbers",
    "ordinal_word": "numbers",
    "word_ordinal": "numbers",
    "zh_int": "numbers",
    "zh_numeral": "numbers",
}
"""Each public name → the module of this package that defines it."""

__all__ = [
    "DateValue",
    "cardinal",
    "detect_lang",
    "display_width",
    "find_dates",
    "is_cjk",
    "ordinal_word",
    "pad",
    "table_lines",
    "word_ordinal",
    "zh_int",
    "zh_numeral",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the ones not yet imported included (for completion)."""
    return sorted({*globals(), *__all__})
