"""Numbers written in words or digits, in English and in Chinese: one table of each kind."""

from __future__ import annotations

CARDINAL_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
"""English cardinal words below twenty; the tens are :data:`TENS`."""

TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip

ZH_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9,
}  # fmt: skip
"""Chinese numerals for the digits (十 "ten" is handled by :func:`zh_int`)."""

_SPELLED_ORDINALS = 6
"""Labels spell out "first" … "sixth" and write "7th" on; minted IRIs depend on it."""


def cardinal(word: str) -> int | None:
    """The value of an English cardinal word: "six" → 6, "twenty" → 20, else None."""
    lower = word.lower()
    return CARDINAL_WORDS.get(lower, TENS.get(lower))


def word_ordinal(word: str) -> int | None:
    """The value of an ordinal in words: "fifth" → 5, "forty-seventh" → 47, "twentieth" → 20.

    >>> word_ordinal("forty-seventh"), word_ordinal("thirtieth"), word_ordinal("47th")
    (47, 30, None)
    """
    lower = word.lower()
    if lower in ORDINAL_WORDS:
        return ORDINAL_WORDS[lower]
    tens, _, unit = lower.partition("-")
    if tens in TENS and ORDINAL_WORDS.get(unit, 10) < 10:
        return TENS[tens] + ORDINAL_WORDS[unit]
    for tens_word, value in TENS.items():
        if lower == tens_word[:-1] + "ieth":
            return value
    return None


def ordinal_word(number: int) -> str:
    """An English ordinal for a label: 1 → "first", 47 → "47th"."""
    if 0 < number <= _SPELLED_ORDINALS:
        return next(word for word, value in ORDINAL_WORDS.items() if value == number)
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def zh_int(text: str) -> int:
    """An integer written in ASCII digits or Chinese numerals (一九九二, 十二, 二十一).

    Raises:
        ValueError: ``text`` is not a number below one hundred in Chinese numerals or digits.

    >>> zh_int("一九九二"), zh_int("二十六"), zh_int("十"), zh_int("26")
    (1992, 26, 10, 26)
    """
    if text.isdigit():
        return int(text)
    try:
        if "十" not in text:
            return int("".join(str(ZH_DIGITS[c]) for c in text))
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1:
            raise KeyError(text)
        return (ZH_DIGITS[tens] if tens else 1) * 10 + (ZH_DIGITS[units] if units else 0)
    except KeyError:
        raise ValueError(f"not a Chinese numeral: {text!r}") from None


def zh_numeral(number: int) -> str:
    """A number from 1 to 99 in Chinese numerals: 26 → "二十六", 10 → "十".

    Raises:
        ValueError: ``number`` is outside 1–99.
    """
    if not 0 < number < 100:
        raise ValueError(f"no Chinese numeral form for {number}")
    digits = "〇一二三四五六七八九"
    tens, units = divmod(number, 10)
    word = (digits[tens] if tens > 1 else "") + ("十" if tens else "")
    return word + (digits[units] if units else "")
