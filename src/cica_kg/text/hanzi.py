"""Traditional Chinese read through simplified script, offsets kept (OpenCC, decision 0086).

The rules and the lexicon are written in simplified characters. A traditional-script text is
matched through :func:`simplified`, which converts character by character with OpenCC's
``t2s`` table, so that ``simplified(text)[i]`` stands for ``text[i]``: every offset found in the
converted text points at the same characters of the original, and quotes stay in the
original script.

>>> simplified("亞洲相互協作與信任措施會議")
'亚洲相互协作与信任措施会议'
>>> len(simplified("臺灣")) == len("臺灣")
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _converter() -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


@lru_cache(maxsize=8192)
def _char(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def simplified(text: str) -> str:
    """``text`` with each traditional character replaced by its simplified form (same length)."""
    if text.isascii():
        return text
    return "".join(_char(c) if ord(c) > 0x2E7F else c for c in text)


def is_traditional(text: str) -> bool:
    """Whether the text has characters that simplified script writes otherwise."""
    return simplified(text) != text
