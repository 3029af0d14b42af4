"""An OK that also leaves the next optional fact empty (`then_none` in the data
dictionary): on the 番地 screen, 「決定（建物名なし）」 answers the 番地 and leaves the
building empty, a screen less for a house; the keyboard's own 決定 still asks for the
building, also after coming back to the 番地 — through the real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.questions import QuestionScreen
from ui.kiosk.scripted import visible_part

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
NO_CARD = load_scenario(SCENARIOS / "event_moving_in_no_card.yaml")


def to_banchi() -> Scenario:
    steps = [Step.model_validate(s) for s in to_question(NO_CARD, "new_address.banchi")]
    return Scenario(today=TEST_DAY, name="to the banchi", locale="ja", steps=steps)


def tap(run: Any, name: str) -> None:
    """A tap on the screen shown now, once it has settled as a resident sees it (a
    screen is built anew when it comes back)."""
    run.runner._settle()
    window = run.kiosk.window
    screen = window.current_screen()
    found = [b for b in screen.findChildren(QAbstractButton, name) if b.isVisible()]
    assert len(found) == 1, name
    assert visible_part(found[0]) == found[0].rect(), f"{name} not wholly in sight"
    QTest.mouseClick(found[0], Qt.MouseButton.LeftButton)


def test_ok_without_a_building_answers_both_and_the_plain_ok_still_asks(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(to_banchi(), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        session = run.kiosk.controller.session
        flow = session.flow
        assert flow is not None
        assert screen.then_none.text() == "決定（建物名なし）"
        screen.grab().save(str(artifact_dir / "banchi.png"))
        # An empty 番地 is refused by either OK: nothing is left empty by the second.
        tap(run, "answer_then_none")
        assert flow.current == "new_address.banchi"
        assert flow.current_value() is None
        assert session.data["new_address"].get("building") is None
        for name in ("num_2", "num_hyphen", "num_5", "answer_then_none"):
            tap(run, name)
        assert session.data["new_address"]["banchi"] == "2-5"
        assert session.data["new_address"]["building"] == ""
        assert flow.current == "registry.domicile"  # the building's screen not shown
        # The form's 方書 box leads back to the 番地's screen, which gave it.
        assert session.question_for_fact("new_address.building") == "new_address.banchi"
        # Back to the 番地, and the plain OK: now the building is asked after all.
        tap(run, "back")
        assert flow.current == "new_address.banchi"
        tap(run, "answer_ok")
        assert flow.current == "new_address.building"
        assert session.data["new_address"]["building"] is None
        assert not run.kiosk.window.current_screen().then_none.isVisible()  # not here
        for name in ("num_3", "num_0", "num_1", "answer_ok"):
            tap(run, name)
        assert session.data["new_address"]["building"] == "301"
        # The building answered on its own screen: the 番地's OK leaves it be.
        tap(run, "back")
        tap(run, "back")
        assert flow.current == "new_address.banchi"
        tap(run, "answer_ok")
        assert session.data["new_address"]["building"] == "301"


def test_the_pages_not_shown_take_the_new_language_and_only_then(
    qapp, kiosk_config, artifact_dir, monkeypatch
) -> None:
    """A refresh gives the shown page its words; the other input pages take theirs
    when the language changes (their keyboards redrew every key on each screen)."""
    from PySide6.QtCore import QCoreApplication

    from ui.kiosk.screens.inputs.typed import KeypadPage

    with scenario_kiosk(to_banchi(), artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert isinstance(screen, QuestionScreen)
        keypad = screen.pages[KeypadPage]
        assert keypad is not screen.page
        words: list[object] = []
        monkeypatch.setattr(keypad, "retranslate", lambda tr: words.append(tr))
        screen.refresh()
        assert words == []  # not shown, same language: nothing to redo
        run.kiosk.controller.set_locale("en")
        QCoreApplication.processEvents()
        assert words and words[-1] is run.kiosk.controller.translator
