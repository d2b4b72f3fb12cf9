"""Text helpers more than one stage needs: dates, numbers, language, display width.

Nothing here knows RDF or the parse; every function works on plain strings.
"""

from __future__ import annotations

from cica_kg.text.dates import DateValue, find_dates
from cica_kg.text.display import display_width, pad, table_lines
from cica_kg.text.lang import detect_lang, is_cjk
from cica_kg.text.numbers import cardinal, ordinal_word, word_ordinal, zh_int, zh_numeral

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
