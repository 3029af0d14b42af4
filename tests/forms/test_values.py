"""One formatter per field type (forms.values): 〒 postal codes, 和暦 and western
dates, choices, yes/no, as the kiosk, the staff rows, the admin previews and the PDF
forms all show them."""

from __future__ import annotations

from datetime import date

import pytest

from forms import values
from forms.catalogue import load_catalogue
from i18n import translator


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_postal_codes():
    assert values.postal_code("1000001") == "〒100-0001"
    assert values.postal_code("１００－０００１") == "〒100-0001"  # full-width, as typed
    assert values.postal_code("12") == "12"  # not a postal code: as it is
    assert values.postal_code("10000", typing=True) == "〒100-00"
    assert values.postal_code("100", typing=True) == "100"


def test_dates_for_each_reader():
    day = date(2025, 4, 1)
    assert values.wareki(day) == "令和7年4月1日"
    assert values.wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert values.western(day) == "2025年4月1日"
    assert values.date_text(day, resident="ja") == "令和7年4月1日"
    assert values.date_text(day, resident="en") == "2025-04-01 (令和7年4月1日)"
    assert values.date_text(day) == "令和7年4月1日（2025-04-01）"  # staff
    assert values.date_text(date(1850, 1, 2)) == "1850-01-02"  # before 明治: no era


def test_answers_by_field_type(catalogue):
    spec = {f.type: f for f in catalogue.dictionary.values()}
    ja, en = translator("ja"), translator("en")
    assert (
        values.answer_text(catalogue, spec["date"], "2025-04-01", ja)
        == "令和7年4月1日（2025-04-01）"
    )
    assert values.answer_text(catalogue, spec["date"], "2025-04-01", en, resident="ja") == (
        "令和7年4月1日"
    )
    assert values.answer_text(catalogue, spec["date"], "not a date", ja) == "not a date"
    assert values.answer_text(catalogue, spec["postal_code"], "4300929", ja) == "〒430-0929"
    assert values.answer_text(catalogue, spec["yes_no"], True, ja) == "はい"
    assert values.answer_text(catalogue, spec["yes_no"], False, en) == "No"
    assert values.answer_text(catalogue, spec["date"], None, ja) == values.EMPTY
    choice = spec["choice"]
    first = catalogue.choices[choice.choices][0]
    assert values.answer_text(catalogue, choice, first.value, ja) == first.label["ja"]
    both = values.choices([first.value, first.value], lambda v: f"<{v}>", "・")
    assert both == f"<{first.value}>・<{first.value}>"


def test_each_format_is_written_once():
    """The 〒 and 和暦 shapes stand in forms.values only (and 和暦 itself in forms.wareki)."""
    from pathlib import Path

    root = Path(__file__).parents[2]
    found = {"〒{": [], "format_wareki(": []}
    for package in ("forms", "kiosk", "ui", "i18n"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle, places in found.items():
                if needle in text:
                    places.append(path.relative_to(root).as_posix())
    assert found["〒{"] == ["forms/values.py"]
    assert sorted(found["format_wareki("]) == ["forms/values.py", "forms/wareki.py"]
