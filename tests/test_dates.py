"""Date normalisation and date finding (cica_kg.text.dates), table-driven."""

from __future__ import annotations

import pytest

from cica_kg.text.dates import DateValue, compare_dates, find_dates, normalise_date


@pytest.mark.parametrize(
    ("text", "lang", "iso", "datatype"),
    [
        ("October 1992", "en", "1992-10", "xsd:gYearMonth"),
        ("Oct. 1992", "en", "1992-10", "xsd:gYearMonth"),
        ("Oct 1992", "en", "1992-10", "xsd:gYearMonth"),
        ("Sept. 2014", "en", "2014-09", "xsd:gYearMonth"),
        ("in 1992", "en", "1992", "xsd:gYear"),
        ("since 2016.", "en", "2016", "xsd:gYear"),
        ("June 4, 2002", "en", "2002-06-04", "xsd:date"),
        ("June 4th, 2002", "en", "2002-06-04", "xsd:date"),
        ("4 June 2002", "en", "2002-06-04", "xsd:date"),
        ("the 4th of June, 2002", "en", "2002-06-04", "xsd:date"),
        ("on 4 June 2002", "en", "2002-06-04", "xsd:date"),
        ("2002-06-04", "en", "2002-06-04", "xsd:date"),
        ("1992-10", "en", "1992-10", "xsd:gYearMonth"),
        ("2014", "en", "2014", "xsd:gYear"),
        ("1992年10月", "zh", "1992-10", "xsd:gYearMonth"),
        ("2002年6月4日", "zh", "2002-06-04", "xsd:date"),
        ("2014年", "zh", "2014", "xsd:gYear"),
        ("于2014年", "zh", "2014", "xsd:gYear"),
        ("二〇一四年", "zh", "2014", "xsd:gYear"),
        ("一九九二年十月", "zh", "1992-10", "xsd:gYearMonth"),
        ("二〇〇二年六月四日", "zh", "2002-06-04", "xsd:date"),
        ("二〇〇二年十二月三十一日", "zh", "2002-12-31", "xsd:date"),
        ("２０１４年５月", "zh", "2014-05", "xsd:gYearMonth"),
        ("2002年6月4日", "en", "2002-06-04", "xsd:date"),  # Chinese forms read in any language
    ],
)
def test_normalise_date_reads_stated_dates(text: str, lang: str, iso: str, datatype: str) -> None:
    value = normalise_date(text, lang=lang)
    assert value is not None
    assert (value.iso, value.datatype) == (iso, datatype)


@pytest.mark.parametrize(
    "text",
    [
        "the 1990s",
        "mid-1990s",
        "spring 2014",
        "summer of 2002",
        "early 2000s",
        "2014 Shanghai Summit",
        "20-21 May 2014",  # a range is not one date
        "February 30, 2002",
        "2002-02-30",
        "2002-13",
        "2002年13月",
        "2003年2月29日",
        "1990年代",
        "47th",
        "26",
        "10 years",
        "",
        "yesterday",
    ],
)
def test_normalise_date_rejects_vague_impossible_and_non_dates(text: str) -> None:
    assert normalise_date(text, lang="zh" if "年" in text else "en") is None


def test_leap_day_is_a_date() -> None:
    assert normalise_date("29 February 2004") == DateValue("2004-02-29", "xsd:date", "day")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "first proposed by President Nazarbayev of Kazakhstan in October 1992 "
            "at the 47th Session of the UN General Assembly.",
            "en",
            [("October 1992", "1992-10")],
        ),
        ("The number of CICA member states increased to 26 at the 2014 Shanghai Summit.",
         "en", [("2014", "2014")]),
        ("After 10 years of deliberation, the summit was held in June 2002.",
         "en", [("June 2002", "2002-06")]),
        ("China assumed the presidency in May 2014 and renewed its term in 2016.",
         "en", [("May 2014", "2014-05"), ("2016", "2016")]),
        ("the 1990s, the mid-1990s, 1500 people, No. 2014, 2014th, 3,2014, 26 states",
         "en", []),
        ("Its first steps, 1999-2006", "en", [("1999", "1999"), ("2006", "2006")]),
        ("Updated:2019-04-17 10:05", "en", [("2019-04-17", "2019-04-17")]),
        ("1992年10月,哈萨克斯坦总统在第47届联合国大会上", "zh", [("1992年10月", "1992-10")]),
        ("经过长达10年的专家论证和外交协调,2002年6月,", "zh", [("2002年6月", "2002-06")]),
        ("截止到 2014年的上海亚信峰会,亚信会议已有26个成员国", "zh", [("2014年", "2014")]),
        ("中国自2014年5月担任,2016年连任", "zh",
         [("2014年5月", "2014-05"), ("2016年", "2016")]),
        ("5000年历史, 1990年代, 第47届, 26个", "zh", []),
        ("in 2014 and in 2016", "zh", []),  # a Chinese year needs 年
    ],
)  # fmt: skip
def test_find_dates(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_dates(text, lang=lang)
    assert [(m.surface, m.value.iso) for m in mentions] == expected
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface


@pytest.mark.parametrize(
    ("text", "lang", "first", "last"),
    [
        ("held on 20-21 May 2014, it", "en", "2014-05-20", "2014-05-21"),
        ("held on May 20-21, 2014, it", "en", "2014-05-20", "2014-05-21"),
        ("峰会于2014年5月20日至21日在上海举行", "zh", "2014-05-20", "2014-05-21"),
    ],
)
def test_find_dates_reads_day_ranges(text: str, lang: str, first: str, last: str) -> None:
    (mention,) = find_dates(text, lang=lang)
    assert mention.value.iso == first
    assert mention.until is not None and mention.until.iso == last


def test_fullwidth_digits_keep_offsets() -> None:
    text = "会议于２０１４年５月举行"
    (mention,) = find_dates(text, lang="zh")
    assert (mention.surface, mention.value.iso) == ("２０１４年５月", "2014-05")
    assert text[mention.start : mention.end] == mention.surface


@pytest.mark.parametrize(
    ("a", "b", "result"),
    [
        ("2014", "2014-05", 0),
        ("2014-05", "2014-05-20", 0),
        ("1992-10", "2002-06-04", -1),
        ("2016", "2014-05-20", 1),
        ("2014-05-21", "2014-05-20", 1),
        ("2014-05-20", "2014-05-20", 0),
    ],
)
def test_compare_dates_at_common_precision(a: str, b: str, result: int) -> None:
    assert compare_dates(a, b) == result


@pytest.mark.parametrize("bad", ["May 2014", "2014-13", "14", "2014-02-30"])
def test_compare_dates_rejects_non_iso(bad: str) -> None:
    with pytest.raises(ValueError):
        compare_dates(bad, "2014")


def test_date_value_datatypes() -> None:
    assert DateValue.of(2014) == DateValue("2014", "xsd:gYear", "year")
    assert DateValue.of(1992, 10).datatype == "xsd:gYearMonth"
    assert DateValue.from_iso("2002-06-04").precision == "day"
