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


def detect_lang(text: str) -> Lang:
    """``"zh"`` if most letters of ``text`` are CJK ideographs, else ``"en"``.

    >>> detect_lang("亚信会议 (CICA) 成立于2002年"), detect_lang("CICA 亚信")
    ('zh', 'en')
    """
    letters = [c for c in text if c.isalpha()]
    cjk = sum(1 for c in letters if is_cjk(c))
    return "zh" if letters and cjk * 2 > len(letters) else "en"
