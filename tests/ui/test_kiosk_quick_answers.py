"""Answers of one tap that the data dictionary offers: quick dates above a calendar
(`quick_dates`: today, yesterday, a week ago, from the kiosk's clock) and "same as you"
(`same_as`: 筆頭者 from the applicant's name, 口座名義 from their フリガナ, the deceased's
address from the card's), which answers with one tap and is there to change on coming
back — through the real widgets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.inputs.names import PersonNamePage
from ui.kiosk.screens.questions import QuestionScreen

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
NO_CARD = load_scenario(SCENARIOS / "event_moving_in_no_card.yaml")
CARD = load_scenario(SCENARIOS / "moving_in_card.yaml")


def to_question(key: str, path: Scenario = NO_CARD) -> list[Step]:
    """A move-in (no card unless said) up to the question `key` (its answers before it)."""
    steps: list[Step] = []
    for step in path.steps:
        kind, value = step.action
        if kind == "answers":
            keys = list(value)
            steps.append(Step(answers={k: value[k] for k in keys[: keys.index(key)]}))
            break
        steps.append(step)
    return [*steps, Step(expect=f"question:{key}")]


def scenario(name: str, steps: list[Any], locale: str = "ja", card: Any = None) -> Scenario:
    return Scenario(today=TEST_DAY, name=name, locale=locale, steps=steps, card=card)


def button(screen: QuestionScreen, name: str) -> QAbstractButton:
    found = [b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize("locale", ["ja", "pt_BR"])
def test_quick_dates_above_the_calendar_answer_with_one_tap(
    locale, qapp, kiosk_config, artifact_dir
) -> None:
    steps = to_question("move.date", CARD)
    with scenario_kiosk(
        scenario("quick dates", steps, locale, CARD.card), artifact_dir, kiosk_config
    ) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        tr = run.kiosk.controller.translator
        # The dictionary's quick dates for move.date, counted from the kiosk's clock.
        yesterday = TEST_DAY - timedelta(days=1)
        week = TEST_DAY - timedelta(days=7)
        shown = {
            name: button(screen, name).text()
            for name in ("quick_0", "quick_minus_1", "quick_minus_2", "quick_minus_7")
        }
        day = tr("kiosk.calendar.quick_day", month=yesterday.month, day=yesterday.day)
        assert shown["quick_minus_1"] == f"{tr('kiosk.calendar.yesterday')}\n{day}"
        day = tr("kiosk.calendar.quick_day", month=week.month, day=week.day)
        assert shown["quick_minus_7"] == f"{tr('kiosk.calendar.weeks_ago')}\n{day}"
        assert shown["quick_0"].startswith(tr("kiosk.calendar.today"))
        assert tr("kiosk.calendar.days_ago", n=2) in shown["quick_minus_2"]
        screen.grab().save(str(artifact_dir / f"quick_dates_{locale}.png"))
        # A real tap answers the question: on to the next one.
        QTest.mouseClick(button(screen, "quick_minus_1"), Qt.MouseButton.LeftButton)
        session = run.kiosk.controller.session
        assert session.data["move"]["date"] == yesterday.isoformat()
        assert session.flow is not None and session.flow.current != "move.date"


def test_the_scripted_runner_takes_the_quick_date_when_there_is_one(
    qapp, kiosk_config, artifact_dir
) -> None:
    week_ago = (TEST_DAY - timedelta(days=7)).isoformat()
    steps = [*to_question("move.date"), Step(answer=week_ago)]
    with scenario_kiosk(scenario("quick date script", steps), artifact_dir, kiosk_config) as run:
        before = run.runner.run(scenario("to the date", to_question("move.date")))
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        assert screen.taps_for(week_ago) == ["quick_minus_7"]
        # A day with no quick date still goes through the month.
        assert screen.taps_for((TEST_DAY - timedelta(days=3)).isoformat()) == [
            f"day_{(TEST_DAY - timedelta(days=3)).isoformat()}"
        ]
        assert before.completed, before.errors


def test_same_as_you_answers_the_head_of_the_family_register_and_stays_editable(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(
        scenario("same as you", to_question("registry.head")), artifact_dir, kiosk_config
    ) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        same = button(screen, "same_as")
        assert same.text() == "あなたと同じ：山田　花子"
        screen.grab().save(str(artifact_dir / "same_as_head.png"))
        QTest.mouseClick(same, Qt.MouseButton.LeftButton)
        # One tap answers, and the flow goes on.
        session = run.kiosk.controller.session
        assert session.data["registry"]["head"] == "山田　花子"
        assert session.flow is not None and session.flow.current != "registry.head"
        # Back: in the name widget, surname and given name (筆頭者 keeps no reading).
        QTest.mouseClick(button(screen, "back"), Qt.MouseButton.LeftButton)
        assert session.flow.current == "registry.head"
        assert isinstance(screen.page, PersonNamePage)
        parts = screen.page.person_name.parts
        assert (parts["surname"].written, parts["given"].written) == ("山田", "花子")
        for _ in range(5):
            qapp.processEvents()  # the layout settles before the picture
        screen.grab().save(str(artifact_dir / "same_as_head_filled.png"))
        # Editable: the given name changed before OK.
        QTest.mouseClick(button(screen, "name_part_given"), Qt.MouseButton.LeftButton)
        screen.page.person_name.parts["given"].written = "太郎"
        QTest.mouseClick(button(screen, "answer_ok"), Qt.MouseButton.LeftButton)
        assert session.data["registry"]["head"] == "山田　太郎"


def test_no_same_as_button_before_the_resident_gave_their_own_answer(
    qapp, kiosk_config, artifact_dir
) -> None:
    """The applicant's name comes before 筆頭者 in the flow; a question with no
    `same_as` (the new address's building) shows no such button."""
    with scenario_kiosk(
        scenario("no same as", to_question("new_address.building")), artifact_dir, kiosk_config
    ) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        assert not screen.same_as.isVisible()


BIRTH = load_scenario(SCENARIOS / "event_birth_card.yaml")
DEATH = load_scenario(SCENARIOS / "event_death_card.yaml")


def until(key: str, path: Scenario) -> list[Step]:
    """`path` up to the question `key`, in the flow's order (the answers but `key`)."""
    steps: list[Step] = []
    for step in path.steps:
        kind, value = step.action
        if kind == "answers":
            steps.append(Step(answers={k: v for k, v in value.items() if k != key}))
            break
        steps.append(step)
    return [*steps, Step(expect=f"question:{key}")]


def test_a_babys_name_starts_with_the_parents_surname_and_it_stays_editable(
    qapp, kiosk_config, artifact_dir
) -> None:
    """`surname_from` in the dictionary: the surname (and its reading) from the card's
    name, the widget on the given name; the scripted taps type the given name only."""
    steps = until("children[0].name", BIRTH)
    with scenario_kiosk(
        scenario("baby's surname", steps, card=BIRTH.card), artifact_dir, kiosk_config
    ) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen) and isinstance(screen.page, PersonNamePage)
        widget = screen.page.person_name
        assert (widget.parts["surname"].written, widget.parts["surname"].reading) == (
            "山田",
            "ヤマダ",
        )
        assert widget.active == "given" and widget.parts["given"].written == ""
        screen.grab().save(str(artifact_dir / "surname_from_parent.png"))
        mine = screen.taps_for("山田　太郎")
        assert mine[0] == "kana_タ" and "name_part_surname" not in mine
        # Another surname: back to the surname part, its reading deleted, typed anew.
        run.kiosk.controller.script_hints = {}  # read as the name dictionary reads it
        taps = screen.taps_for("佐藤　太郎")
        assert taps[:4] == ["name_part_surname", "kb_delete", "kb_delete", "kb_delete"]
        for name in taps:
            QTest.mouseClick(button(screen, name), Qt.MouseButton.LeftButton)
        session = run.kiosk.controller.session
        assert session.data["children"][0]["name"] == "佐藤　太郎"
        assert session.data["children"][0]["name_kana"] == "サトウ　タロウ"


def test_the_deceased_takes_the_family_surname_and_the_address_from_the_card(
    qapp, kiosk_config, artifact_dir
) -> None:
    """A death: the deceased's surname starts typed with its reading from the name
    dictionary (the applicant's フリガナ is asked later), and "same as you" offers the
    card's address for theirs."""
    with scenario_kiosk(
        scenario("deceased", until("deceased.name", DEATH), card=DEATH.card),
        artifact_dir,
        kiosk_config,
    ) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen) and isinstance(screen.page, PersonNamePage)
        parts = screen.page.person_name.parts
        assert (parts["surname"].written, parts["surname"].reading) == ("山田", "ヤマダ")
        more = scenario(
            "to the address",
            [
                Step(answers={"deceased.name": "山田　一郎", "deceased.sex": "1"}),
                Step(expect="question:deceased.address"),
            ],
        )
        assert run.runner.run(more).completed
        session = run.kiosk.controller.session
        assert session.data["deceased"]["name_kana"] == "ヤマダ　イチロウ"
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        same = button(screen, "same_as")
        assert same.text() == "あなたと同じ：東京都千代田区千代田1番1号"
        screen.grab().save(str(artifact_dir / "same_address.png"))
        QTest.mouseClick(same, Qt.MouseButton.LeftButton)  # one tap answers
        assert session.data["deceased"]["address"] == "東京都千代田区千代田1番1号"
        assert session.flow is not None and session.flow.current != "deceased.address"


def test_no_surname_to_start_from_without_the_parents_name(qapp, kiosk_config, artifact_dir) -> None:
    """A death without a card: the deceased's name is asked before the applicant's,
    so it starts empty."""
    no_card = load_scenario(SCENARIOS / "event_death_no_card.yaml")
    with scenario_kiosk(
        scenario("no surname", until("deceased.name", no_card)), artifact_dir, kiosk_config
    ) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen) and isinstance(screen.page, PersonNamePage)
        widget = screen.page.person_name
        assert widget.parts["surname"].written == "" and widget.active == "surname"
