"""Text helpers more than one stage needs: dates, numbers, language, display width.

Nothing here knows RDF or the parse; every function works on plain strings. Each name is
imported from its module on first use, so a caller of one helper (``cica-kg query`` renders
with :mod:`~cica_kg.text.display` only) does not compile the date patterns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cica_kg.lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _HOMES, __all__)
