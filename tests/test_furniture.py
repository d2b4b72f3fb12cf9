"""Page-furniture recognition (cica_kg.ingest.furniture), table-driven."""

from __future__ import annotations

import time

import pytest

from cica_kg.ingest.furniture import (
    MAX_BYLINE,
    Byline,
    is_breadcrumb,
    is_footer,
    is_heading,
    is_language_menu,
    read_byline,
)

MENU = (
    "中文|English|Français|Русский язык| 日本語|Español|عربي|Deutsch| 한국어|Português|Türkçe"
    "|Bahasa Indonesia| Қазақ тілі|Tiếng Việt|lingua italiana"
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (MENU, True),
        ("English | 中文 | Français", True),
        ("Updated:2019-04-17 | By:China.org.cn", False),
        ("Security | Economy | Culture | Environment", False),
        ("Kazakhstan, China and Russia met.", False),
    ],
)
def test_language_menu(line: str, expected: bool) -> None:
    assert is_language_menu(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Home > The Belt and Road Initiative 2019", True),
        ("Home » World", True),
        ("首页 > 国际 > 亚洲", True),
        ("Homeland security > all else, he said.", False),
    ],
)
def test_breadcrumb(line: str, expected: bool) -> None:
    assert is_breadcrumb(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Contact Us", True),
        ("Share this article | Contact Us | Privacy", True),
        ("Print  Email  Share", True),
        ("Copyright © China Internet Information Center. All Rights Reserved", True),
        ("© 2019 China.org.cn", True),
        ("联系我们", True),
        ("Share prices fell.", False),
        ("Contact us for details on the summit.", False),
    ],
)
def test_footer(line: str, expected: bool) -> None:
    assert is_footer(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated:2019-04-17 | By:China.org.cn", Byline("2019-04-17", "China.org.cn")),
        ("更新时间:2014-05-22 | 来源:亚洲时事摘要", Byline("2014-05-22", "亚洲时事摘要")),
        (
            "Published: 2020-03-02 10:31 | Source: Xinhua | Editor: Li",
            Byline("2020-03-02", "Xinhua"),
        ),
        ("By Asia Affairs Digest staff, 5 October 2022", Byline("2022-10-05", None)),
        ("By:China.org.cn", Byline(None, "China.org.cn")),
        ("By the end of 2002, the forum had met.", None),
        ("Note: the summit was held in 2002.", None),
        ("Updated: soon", None),
    ],
)
def test_byline(line: str, expected: Byline | None) -> None:
    assert read_byline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Conference on Interaction and Confidence-Building Measures in Asia", True),
        ("亚信第四次峰会在上海举行", True),
        ("The forum met in 2002.", False),
        ("亚信会议全称为亚洲相互协作与信任措施会议。", False),
        ("word " * 20, False),
    ],
)
def test_heading(line: str, expected: bool) -> None:
    assert is_heading(line.strip()) is expected


@pytest.mark.parametrize(
    "line",
    [
        "Date: a" + " " * 100_000 + "b",  # the value's spaces were tried at every position
        "Date: " + "2019-04-17 " * 10_000,  # every date of the value was parsed
        "By Li, " + "5 October 2022 " * 10_000,
    ],
)
def test_a_long_line_is_no_byline_and_is_read_quickly(line: str) -> None:
    started = time.perf_counter()
    assert read_byline(line) is None  # a byline is short (at most MAX_BYLINE characters)
    assert time.perf_counter() - started < 1.0
    assert len(line) > MAX_BYLINE


def test_a_long_or_questioning_headline_is_still_a_title() -> None:
    from cica_kg.ingest.furniture import is_title

    assert is_title(
        "Why the forum matters: seven questions about its members, its bodies and its next meeting"
    )
    assert is_title("问答：这个论坛有哪些成员，怎样开会？")
    assert is_title("Ministers Meet in Almaty / 外长在阿拉木图会晤")
    assert not is_title("The ministers met in Almaty and adopted a statement on the forum's work.")
