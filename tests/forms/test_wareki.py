"""和暦: era boundaries to the day, 元年, and the reverse parse."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.wareki import WarekiError, format_wareki, parse_wareki


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(2025, 4, 1), "令和7年4月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
    ],
)
def test_format_at_era_boundaries(day: date, text: str) -> None:
    assert format_wareki(day) == text
    assert parse_wareki(text) == day


def test_format_options() -> None:
    assert format_wareki("2019-05-01", gannen=False) == "令和1年5月1日"
    assert format_wareki(date(2025, 4, 1), short=True) == "令7年4月1日"
    assert format_wareki(date(2025, 4, 1), fullwidth=True) == "令和７年４月１日"
    assert format_wareki(date(2025, 4, 1), with_day=False) == "令和7年4月"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("平成３１年４月３０日", date(2019, 4, 30)),
        ("R1.5.1", date(2019, 5, 1)),
        ("r7/4/1", date(2025, 4, 1)),
        ("H1.1.8", date(1989, 1, 8)),
        ("昭64年1月7日", date(1989, 1, 7)),
        (" 令和 元 年 5 月 1 日 ", date(2019, 5, 1)),
    ],
)
def test_parse_variants(text: str, day: date) -> None:
    assert parse_wareki(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "平成31年5月1日",  # that day is 令和元年
        "昭和64年1月8日",  # that day is 平成元年
        "令和元年4月30日",  # before 令和 began
        "平成元年1月7日",
        "令和7年2月30日",  # no such day
        "令和0年1月1日",
        "2025-04-01",
        "",
    ],
)
def test_parse_rejects_days_outside_their_era(text: str) -> None:
    with pytest.raises(WarekiError) as info:
        parse_wareki(text)
    assert info.value.key == "forms.wareki.invalid"


@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31)))
def test_round_trip(day: date) -> None:
    assert parse_wareki(format_wareki(day)) == day
    assert parse_wareki(format_wareki(day, gannen=False, short=True)) == day


def test_every_day_across_the_heisei_reiwa_boundary() -> None:
    start = date(2019, 4, 25)
    texts = [format_wareki(start + timedelta(days=n)) for n in range(10)]
    assert texts[5] == "平成31年4月30日" and texts[6] == "令和元年5月1日"
    assert all(t.startswith("平成") for t in texts[:6])
    assert all(t.startswith("令和") for t in texts[6:])
