"""Tell English and Chinese text apart."""

from __future__ import annotations

from cica_kg.model import Lang


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a CJK ideograph (Han character)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


IDEOGRAPH_WEIGHT = 3
"""How many letters of another script one CJK ideograph counts for in :func:`detect_lang`."""
_WEIGHED_FROM = 10
"""A text with fewer ideographs ("CICA 亚信") is Chinese only if most of its letters are."""


def detect_lang(text: str) -> Lang:
    """``"zh"`` if CJK ideographs outweigh the other letters, else ``"en"``.

    From ten ideographs on, an ideograph weighs :data:`IDEOGRAPH_WEIGHT` letters (a Chinese
    word is one or two characters, an English one about five letters), so a Chinese paragraph
    that gives names in English in brackets stays Chinese; a shorter text is Chinese when most
    of its letters are.

    >>> detect_lang("亚信会议 (CICA) 成立于2002年"), detect_lang("CICA, or 亚信 in Chinese")
    ('zh', 'en')
    >>> detect_lang("纳扎尔巴耶夫（Nursultan Nazarbayev）倡议召开亚洲相互协作与信任措施会议")
    'zh'
    """
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if is_cjk(c))
    if not letters:
        return "en"
    weighed = cjk >= _WEIGHED_FROM and cjk * IDEOGRAPH_WEIGHT > len(letters) - cjk
    return "zh" if weighed or cjk * 2 > len(letters) else "en"
