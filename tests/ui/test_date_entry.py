"""The kiosk's date keypad: the era it starts in comes from the data dictionary, a
date shown from an earlier answer is typed over, and the scripted taps for a date
type exactly that date."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.inputs.dates import CalendarPage, DateEntryPage
from ui.kiosk.screens.questions import QuestionScreen
from ui.widgets.date_entry import DateEntryWidget


def tap(widget: DateEntryWidget, name: str) -> None:
    button = widget.findChild(QAbstractButton, name)
    assert button is not None, name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def typed(widget: DateEntryWidget, taps: list[str]) -> list[date]:
    chosen: list[date] = []
    widget.date_chosen.connect(chosen.append)
    for name in taps:
        tap(widget, name)
    return chosen


@pytest.mark.parametrize(
    ("start", "value", "era_tap"),
    [
        ("令和", date(2024, 2, 29), None),
        ("令和", date(1980, 4, 12), "era_showa"),
        ("昭和", date(1980, 4, 12), None),
        ("昭和", date(2019, 5, 1), "era_reiwa"),  # 令和元年
        ("昭和", date(1926, 12, 25), None),  # 昭和元年
        ("令和", date(1910, 3, 3), "era_western"),  # before 大正
    ],
)
def test_scripted_taps_type_the_date_and_skip_an_era_already_shown(
    qtbot, start, value, era_tap
) -> None:
    widget = DateEntryWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.reset(None, default_era=start)
    taps = widget.taps_for(value)
    assert [t for t in taps if t.startswith("era_")] == ([era_tap] if era_tap else [])
    assert typed(widget, taps) == [value]


def test_typing_over_a_date_from_an_earlier_answer_replaces_each_part(qtbot) -> None:
    widget = DateEntryWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.reset(date(1930, 4, 12))  # 昭和5年: a one-digit year shown
    assert widget.era == "昭和" and widget.parts == {"year": "5", "month": "4", "day": "12"}
    chosen = typed(widget, ["key_5", "key_5", "key_0", "key_1", "key_0", "key_2", "answer_ok"])
    assert chosen == [date(1980, 1, 2)]
    # Picking a part and typing replaces that part only.
    chosen.clear()
    tap(widget, "date_month")
    chosen = typed(widget, ["key_0", "key_7", "answer_ok"])
    assert chosen == [date(1980, 7, 2)]


def test_an_adults_birth_date_starts_in_showa_and_a_childs_in_reiwa(
    qapp, kiosk_config, artifact_dir
) -> None:
    """`era` in dictionary.yaml: 昭和 for the applicant, none (令和) for a child."""
    scenario = Scenario(
        today=TEST_DAY,
        name="eras",
        steps=[
            Step(tap="event_birth"),
            Step(tap="card_skip"),
            Step(
                answers={
                    "allowance.receiving": False,
                    "insurance.kind": "kokuho",
                    "applicant.name": "山田　花子",
                    "applicant.name_kana": "ヤマダ　ハナコ",
                }
            ),
            Step(expect="question:applicant.birth_date"),
        ],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        assert run.runner.run().errors == []
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        assert isinstance(screen.page, DateEntryPage)
        assert screen.page.date_entry.isVisible()
        assert screen.page.date_entry.era == "昭和"
        more = [
            Step(
                answers={
                    "applicant.birth_date": "1980-04-12",
                    "applicant.address": "大阪府大阪市北区中之島1丁目3番20号",
                    "applicant.phone": "",
                    "applicant.occupation": "employee",
                    "applicant.pension_type": "kosei",
                    "household.applicant_is_head": True,
                    "previous_head.same": True,
                    "applicant.has_card": True,
                    "filer.kind": "self",
                    "household.member_count": 0,
                    "household.child_count": 1,
                    "children[0].name": "山田　太郎",
                    "children[0].name_kana": "ヤマダ　タロウ",
                }
            ),
            Step(expect="question:children[0].birth_date"),
        ]
        assert run.runner.run(Scenario(name="eras, child", steps=more)).errors == []
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        # After a birth the calendar first (the baby was born days ago); an older
        # child's date is one tap away, on the keypad in 令和.
        assert isinstance(screen.page, CalendarPage)
        other = Scenario(name="eras, other date", steps=[Step(tap="date_keypad")])
        assert run.runner.run(other).errors == []
        assert isinstance(screen.page, DateEntryPage)
        assert screen.page.date_entry.era == "令和"


@pytest.mark.parametrize(
    ("taps", "value"),
    [
        # 昭和15年3月3日: March is 3 (no other month starts with 3), the 3rd is 3 then OK.
        (["key_1", "key_5", "key_3", "key_3", "answer_ok"], date(1940, 3, 3)),
        # 昭和55年4月12日: the month moves on to the day by itself after 4.
        (["key_5", "key_5", "key_4", "key_1", "key_2", "answer_ok"], date(1980, 4, 12)),
        # A 1 may be January or the start of 10, 11, 12: it waits for the next digit.
        (["key_5", "key_5", "key_1", "key_1", "key_5", "answer_ok"], date(1980, 11, 5)),
        # A day from 4 up is whole: the next digit starts the day again.
        (["key_5", "key_5", "key_6", "key_4", "key_5", "answer_ok"], date(1980, 6, 5)),
    ],
)
def test_a_part_no_digit_could_lengthen_is_typed_as_one_digit(qtbot, taps, value) -> None:
    widget = DateEntryWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.reset(None, default_era="昭和")
    assert typed(widget, taps) == [value]


def test_scripted_taps_use_the_fewest_digits(qtbot) -> None:
    widget = DateEntryWidget()
    qtbot.addWidget(widget)
    widget.reset(None, default_era="昭和")
    assert widget.taps_for(date(1940, 3, 3)) == ["key_1", "key_5", "key_3", "key_3", "answer_ok"]
    assert widget.taps_for(date(1980, 1, 12)) == [
        "key_5", "key_5", "key_0", "key_1", "key_1", "key_2", "answer_ok"
    ]
