"""Keyboard-first work at the desk, with real key presses: F2 calls, F4 starts, Space
or Ctrl+N ticks a procedure and the focus moves to the next one still open (never into
窓口名), F8 completes, and Enter never completes, returns or cancels. Every key is
named in its control's tooltip and in the help overlay (F1)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from tests.ui.staff.conftest import focused, press, shoot
from tests.ui.staff.seed import family, submit


def test_a_whole_application_with_keys_only(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    window = desktop.sign_in()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    desk = desktop.desk
    state = lambda: desk.current.detail.summary.state  # noqa: E731
    press(window, Qt.Key.Key_F2)
    desktop.wait_opened(sub.reception_number)
    qtbot.waitUntil(lambda: state() == "called")
    qtbot.waitUntil(lambda: focused() == "start_review")
    desktop.wait_idle()
    press(window, Qt.Key.Key_Return)  # Enter: nothing happens
    press(window, Qt.Key.Key_Enter)
    desktop.wait_idle()
    assert store.detail(admin, sub.application_id).summary.state == "called"
    press(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: state() == "in_review")
    procedures = [p.procedure_id for p in desk.current.detail.summary.procedures]
    assert len(procedures) >= 3
    qtbot.waitUntil(lambda: focused() == f"procedure_{procedures[0]}")
    for n, procedure_id in enumerate(procedures, 1):
        if n == 2:
            press(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        else:
            assert focused() == f"procedure_{procedure_id}"
            press(window, Qt.Key.Key_Space)
        qtbot.waitUntil(
            lambda pid=procedure_id: any(
                p.procedure_id == pid and p.state == "done"
                for p in desk.current.detail.summary.procedures
            )
        )
        following = procedures[n] if n < len(procedures) else None
        want = f"procedure_{following}" if following else "complete"
        qtbot.waitUntil(lambda want=want: focused() == want)
        assert window.counter.text() == "3番窓口"  # never typed into
        assert focused() != "counter"
    shoot(qtbot, window, artifact_dir / "all_ticked_focus_on_complete.png")
    desktop.wait_idle()
    press(window, Qt.Key.Key_Return)  # on 完了 itself: Enter still does nothing
    desktop.wait_idle()
    assert store.detail(admin, sub.application_id).summary.state == "in_review"
    press(window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: state() == "completed")
    qtbot.waitUntil(lambda: focused() == "call_next")
    done = [r.action for r in store.history(admin, sub.application_id)]
    assert done.count("procedure_done") == len(procedures)
    assert "release" not in done and "return" not in done


def test_every_key_is_in_a_tooltip_and_in_the_help(qtbot, desktop, store, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    buttons = window.detail.buttons
    assert "F2" in window.call_next.toolTip()
    for name, key in (
        ("start_review", "F4"),
        ("complete", "F8"),
        ("return", "F7"),
        ("reprint", "Ctrl+P"),
    ):
        assert key in buttons[name].toolTip(), name
    assert "Ctrl+F" in window.queue.search.toolTip()
    # Ctrl+F: to the search field; F1: the list of keys.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() == "search"
    press(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "help_dialog") is not None)
    help_dialog = window.findChild(QDialog, "help_dialog")
    keys = [
        label.text()
        for label in help_dialog.findChildren(QLabel)
        if label.objectName().startswith("help_key_")
    ]
    assert {"F1", "F2", "F4", "F7", "F8", "Ctrl+P", "Ctrl+F"} <= set(keys)
    assert any("Ctrl+1" in k for k in keys)
    help_dialog.reject()
    qtbot.waitUntil(lambda: window.help is None)


def test_destructive_buttons_are_not_reached_by_tab(qtbot, desktop, store, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.take_into_review(sub.reception_number)
    for name in ("release", "return", "cancel"):
        assert window.detail.buttons[name].focusPolicy() == Qt.FocusPolicy.ClickFocus
    for button in window.detail.buttons.values():
        assert not button.autoDefault()
    assert window.counter.focusPolicy() == Qt.FocusPolicy.ClickFocus
