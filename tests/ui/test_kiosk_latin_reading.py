"""Where the フリガナ of a name in Latin letters is asked, the kiosk suggests it on the
keyboard (SILVA MARIA → シルバ　マリア): one OK when right, corrected key by key when not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.inputs.typed import LatinReadingPage

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FOREIGN = load_scenario(SCENARIOS / "foreign_resident_moving_in.yaml")


def to_reading(locale: str, text_size: str = "standard") -> Scenario:
    return Scenario(
        today=TEST_DAY,
        name="to フリガナ",
        locale=locale,
        text_size=text_size,  # type: ignore[arg-type]
        steps=[Step.model_validate(s) for s in to_question(FOREIGN, "applicant.name_kana")],
    )


def tap(qtbot, screen, name: str) -> None:  # type: ignore[no-untyped-def]
    buttons = [b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()]
    assert buttons, f"no visible {name}"
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("text_size", ["standard", "extra_large"])
@pytest.mark.parametrize("locale", ["pt_BR", "ja"])
def test_the_reading_of_a_latin_name_is_suggested_and_corrected_before_ok(
    locale, text_size, qapp, qtbot, kiosk_config, artifact_dir
) -> None:
    # The name typed in Portuguese (in Japanese the name screen takes kanji by their
    # reading), then the language changed on the reading's screen.
    with scenario_kiosk(to_reading("pt_BR", text_size), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        run.kiosk.controller.set_locale(locale)
        QCoreApplication.processEvents()
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen.page, LatinReadingPage)
        keyboard = screen.page.keyboard
        assert keyboard.text == "シルバ\u3000マリア"
        assert keyboard.pages.currentIndex() == 0  # the kana keys, to correct it
        assert run.kiosk.controller.translator("kiosk.reading.suggested") in screen.help.text()
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QCoreApplication.processEvents()
        run.kiosk.window.grab().save(str(artifact_dir / f"reading_{locale}_{text_size}.png"))
        assert screen.body_scroll.horizontalScrollBar().maximum() == 0
        # The resident writes her reading ヴァ rather than バ: delete back to it, retype.
        for _ in range(5):
            tap(qtbot, screen, "kb_delete")
        for name in ("kana_ウ", "kb_dakuten", "kana_ア", "kb_small", "kb_space"):
            tap(qtbot, screen, name)
        for name in ("kana_マ", "kana_リ", "kana_ア"):
            tap(qtbot, screen, name)
        assert keyboard.text == "シルヴァ\u3000マリア"
        tap(qtbot, screen, "answer_ok")
        data = run.kiosk.controller.session.data
        assert data["applicant"]["name_kana"] == "シルヴァ\u3000マリア"
        assert run.kiosk.controller.session.screen_id == "question:applicant.sex"


def test_a_correct_suggestion_is_one_tap_for_the_scripted_resident(
    qapp, kiosk_config, artifact_dir
) -> None:
    steps = [
        *to_reading("pt_BR").steps,
        Step(answer="シルバ\u3000マリア"),
        Step(expect="question:applicant.sex"),
    ]
    scenario = to_reading("pt_BR").model_copy(update={"steps": steps})
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
    # The touches of the whole run, less those up to the reading: the one OK.
    shorter = to_reading("pt_BR")
    with scenario_kiosk(shorter, artifact_dir / "to_reading", kiosk_config) as run:
        up_to = run.runner.run()
    assert summary.touches - up_to.touches == 1


def test_a_name_in_kana_gets_no_latin_suggestion(qapp, kiosk_config, artifact_dir) -> None:
    """Only a name in Latin letters is read by the model."""
    steps = to_question(FOREIGN, "applicant.name_kana")
    steps[2]["answers"]["applicant.name"] = "ヤマダ　ハナコ"
    scenario = Scenario(
        today=TEST_DAY,
        name="kana name",
        locale="pt_BR",
        steps=[Step.model_validate(s) for s in steps],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert screen.page.note() == ""
        assert run.kiosk.controller.translator("kiosk.reading.suggested") not in screen.help.text()
