"""The kiosk can be used with a keyboard or a numeric keypad alone: Tab / + and
Shift+Tab / - move between controls, Enter presses, digits go to the keypad, Escape
goes back. Every control a resident can reach has an accessible name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.scenario import Scenario, Step
from kiosk.session import Screen
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk

CARD = {
    "name": "見本　花子",
    "address": "埼玉県さいたま市浦和区高砂三丁目15番1号",  # moving in: from another city
    "birth_date": "19800412",
    "sex": "2",
    "pin": "1234",
}


def key(window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, k, modifier)
    QApplication.processEvents()


def focus_on(window, name: str, forward_key=Qt.Key.Key_Tab, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Move the focus with the keyboard until the named control has it."""
    for _ in range(limit):
        focused = QApplication.focusWidget()
        if focused is not None and focused.objectName() == name:
            return
        key(window, forward_key)
    raise AssertionError(f"could not reach {name!r} by keyboard")


def test_a_resident_gets_through_the_card_path_with_keys_only(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = Scenario(today=TEST_DAY, name="keyboard", card=CARD, steps=[Step(expect="attract")])
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        run.runner.run()
        window = run.kiosk.window
        session = run.kiosk.controller.session
        window.activateWindow()
        window.setFocus()
        focus_on(window, "event_moving_in")
        key(window, Qt.Key.Key_Return)
        assert session.screen == Screen.CARD_CHOICE
        focus_on(window, "card_use", forward_key=Qt.Key.Key_Plus)  # numeric keypad "+"
        key(window, Qt.Key.Key_Enter)
        run.runner.hooks.insert_card()
        run.runner._wait_for(lambda: session.screen == Screen.PIN, "the PIN screen")
        for digit in "1234":
            key(window, getattr(Qt.Key, f"Key_{digit}"))
        run.runner._settle()
        run.runner._wait_for(lambda: session.screen == Screen.CARD_CONFIRM, "the card's data")
        focus_on(window, "confirm_ok")
        key(window, Qt.Key.Key_Return)
        assert session.screen == Screen.QUESTION
        # Escape goes back one question at a time, like the Back button.
        focus_on(window, "answer_no")
        key(window, Qt.Key.Key_Return)
        assert session.flow is not None and session.flow.current == "insurance.kind"
        key(window, Qt.Key.Key_Escape)
        assert session.flow.current == "household.has_children"


def test_every_control_a_resident_can_reach_has_an_accessible_name(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = Scenario(
        today=TEST_DAY,
        name="names",
        card=CARD,
        steps=[
            Step(tap="event_moving_in"),
            Step(insert_card=True),
            Step(wait="pin"),
            Step(type="1234"),
            Step(wait="card_confirm"),
            Step(tap="confirm_ok"),
        ],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        nameless = [
            b.objectName()
            for b in run.kiosk.window.findChildren(QAbstractButton)
            if b.isVisible() and not b.accessibleName().strip()
        ]
        assert nameless == []
