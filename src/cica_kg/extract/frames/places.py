"""A city and the state it lies in, from the words between their typed mentions.

English: "Almaty, Kazakhstan", "Almaty (Kazakhstan)", "Almaty in Kazakhstan", "Astana, the
capital of Kazakhstan", "Kazakhstan's capital Astana", "the Turkish city of Istanbul", "Astana
is the Kazakh capital". Chinese: 哈萨克斯坦阿拉木图, 哈萨克斯坦首都阿斯塔纳, 土耳其的伊斯坦布尔,
阿斯塔纳是哈萨克斯坦首都, 阿拉木图（哈萨克斯坦）. A state adjective ("Kazakh") is typed
``state-adj``. The gap is the whole text between the two names, so a list or a clause between
them states nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from cica_kg.extract.frames.typed import Typed
from cica_kg.text.hanzi import simplified

_CAPITAL = r"(?:capital(?: city)?|city|largest city|former capital|old capital)"
_EN_STATE_FIRST = re.compile(rf"^(?:[’']s(?: {_CAPITAL})?,?|{_CAPITAL}(?: of)?,?)$", re.I)
_EN_CITY_FIRST = re.compile(
    rf"^(?:\(|in|is in|lies in|located in|,? (?:is )?the {_CAPITAL} of|, {_CAPITAL} of)$", re.I
)
_EN_COMMA_THEN = re.compile(r"^(?:$|[,.;:)]|(?:in|on|at|and|from|to|during|for|where|which)\b)")
_EN_CITY_THEN_ADJ = re.compile(r"^(?:,|is)? ?the$", re.I)
_EN_ADJ_NOUN = re.compile(rf"^\s*{_CAPITAL}\b", re.I)
_EN_ADJ_FIRST = re.compile(rf"^{_CAPITAL}(?: of)?,?$", re.I)
_ZH_STATE_FIRST = re.compile(
    r"^(?:的)?(?:首都|首府|旧都|故都|前首都|最大城市|城市|南部城市|北部城市|东部城市|西部城市)?(?:的)?$"
)
_ZH_CITY_FIRST = re.compile(r"^(?:（|\(|位于|在|是|为)$")
_ZH_CITY_FIRST_CAPITAL = re.compile(r"^(?:的)?(?:首都|首府|城市)")


def city_states(
    text: str, start: int, typed: Sequence[Typed], lang: str
) -> Iterator[tuple[Typed, Typed]]:
    """(city, state) pairs the sentence states; ``text`` is the sentence, ``start`` its offset."""
    plain = simplified(text) if lang == "zh" else text
    ordered = sorted((t for t in typed if t.type in {"city", "state", "state-adj"}), key=_start)
    for first, second in pairwise(ordered):
        gap = plain[first.end - start : second.start - start]
        after = plain[second.end - start :]
        if lang != "zh":
            gap, after = " ".join(gap.split()), after.lstrip()
        if first.type == "city" and second.type != "city":
            if _city_first(gap, after, second, lang):
                yield first, second
        elif second.type == "city" and first.type != "city" and _state_first(gap, first, lang):
            yield second, first


def _start(mention: Typed) -> int:
    return mention.start


def _city_first(gap: str, after: str, state: Typed, lang: str) -> bool:
    if lang == "zh":
        return (
            state.type == "state"
            and _ZH_CITY_FIRST.match(gap) is not None
            and (gap not in {"是", "为"} or _ZH_CITY_FIRST_CAPITAL.match(after) is not None)
        )
    if state.type == "state-adj":  # "Astana is the Kazakh capital"
        return _EN_CITY_THEN_ADJ.match(gap) is not None and _EN_ADJ_NOUN.match(after) is not None
    if gap == ",":  # "Almaty, Kazakhstan", not "in Almaty, China proposed ..."
        return _EN_COMMA_THEN.match(after) is not None
    return _EN_CITY_FIRST.match(gap) is not None


def _state_first(gap: str, state: Typed, lang: str) -> bool:
    if lang == "zh":
        return state.type == "state" and _ZH_STATE_FIRST.match(gap) is not None
    if state.type == "state-adj":  # "the Turkish city of Istanbul", "the Kazakh capital, Astana"
        return _EN_ADJ_FIRST.match(gap) is not None
    return _EN_STATE_FIRST.match(gap) is not None
