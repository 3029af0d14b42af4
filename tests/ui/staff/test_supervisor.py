"""The supervisor's live view (ui.supervisor, `madoguchi supervisor`) through the real
window: waiting per department and line with the longest wait, what each clerk holds
(more than one pointed out), what needs action (card left, print failed, 外字) with an
alert that a new flag raises live and 確認した clears; F11 full screen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.store import Store
from kiosk.store.supervision import Overview
from kiosk.supervision import SupervisorModel
from tests.ui.staff.conftest import LIVE_WAIT_MS, shoot
from tests.ui.staff.seed import PASSWORD, family, submit
from ui.supervisor.app import SupervisorApp


def texts(model: Any) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


@pytest.fixture
def supervisor(qtbot, store: Store, staff_account) -> Any:
    app = SupervisorApp(store, window_options={"watch_options": {"retry_interval": 0.3}})
    yield app
    app.close()


def sign_in(qtbot, app: SupervisorApp, username: str = "sato") -> Any:
    app.sign_in(username, PASSWORD)
    qtbot.waitUntil(lambda: app.window is not None, timeout=15000)
    window = app.window
    window.resize(1600, 1000)
    window.show_window()
    qtbot.waitUntil(lambda: window.loads > 0, timeout=15000)
    return window


def test_the_live_view_waits_held_flags_and_alert(
    qtbot, store, admin, staff_account, supervisor, catalogue, clock, artifact_dir
) -> None:
    first = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    clock.advance(timedelta(minutes=12))
    second = submit(store, catalogue=catalogue, data=family("鈴木 花子"), render=False)
    third = submit(store, catalogue=catalogue, data=family("田中 一郎"), render=False)
    fourth = submit(store, catalogue=catalogue, data=family("高橋 次郎"), render=False)
    store.call(staff_account, second.application_id, "3番")
    store.call(staff_account, third.application_id, "3番")  # sato holds two
    store.record_terminal_note(first.application_id, "kiosk.card_left", terminal_id="kiosk-1F")
    clock.advance(timedelta(minutes=5))
    window = sign_in(qtbot, supervisor)
    departments = texts(window.departments)
    # first and fourth wait; first arrived 17 minutes ago.
    assert ["市民課", "2", "17分"] in departments
    assert ["保険年金課", "2", "17分"] in departments
    assert texts(window.groups) == [["受付 A 列", "2", "17分"]]
    held = texts(window.held)
    assert held == [
        ["佐藤 花子（sato）", "2", f"{second.reception_number}、{third.reception_number}", "5分"]
    ]
    assert window.held.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # two
    flags = texts(window.flags)
    assert [first.reception_number, "キオスクにカードの置き忘れ", "kiosk-1F"] in flags
    assert window.alert.isVisible() and first.reception_number in window.alert.text()
    shoot(qtbot, window, artifact_dir / "supervisor.png")
    qtbot.mouseClick(window.acknowledge, Qt.MouseButton.LeftButton)
    assert first.reception_number not in window.alert.text()
    assert not window.acknowledge.isEnabled()
    # A print fails at a kiosk: the view hears it live and raises the alert again.
    with qtbot.waitSignal(window.alerted, timeout=LIVE_WAIT_MS) as raised:
        store.record_print_result(fourth.application_id, "ticket", ok=False, terminal_id="k2")
    assert raised.args == [1]
    assert fourth.reception_number in window.alert.text()
    assert "印刷できなかった" in window.alert.text()
    assert first.reception_number not in window.alert.text()  # seen already
    shoot(qtbot, window, artifact_dir / "supervisor_alert.png")


def test_f11_toggles_full_screen(qtbot, store, staff_account, catalogue) -> None:
    app = SupervisorApp(store, fullscreen=True)
    try:
        window = sign_in(qtbot, app)
        qtbot.waitUntil(window.isFullScreen, timeout=5000)
        # F11 is the window's shortcut: it works in the active window, which the window
        # makes itself once shown (the closed sign-in dialog left none active).
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        QTest.keyClick(window, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=5000)
    finally:
        app.close()


def test_the_model_alerts_only_for_new_flags(store, admin, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    store.record_terminal_note(sub.application_id, "kiosk.card_left")
    model = SupervisorModel()
    first: Overview = store.supervisor_overview(admin)
    # Unseen: news (𠮷 in the seed's name is a 外字 to check).
    assert [f.kind for f in model.update(first)] == ["card_left", "glyph"]
    assert model.update(store.supervisor_overview(admin)) == []
    store.record_print_result(sub.application_id, "forms", ok=False)
    assert [f.kind for f in model.update(store.supervisor_overview(admin))] == ["print_failed"]
    store.record_print_result(sub.application_id, "forms", ok=True)
    assert [f.kind for f in store.supervisor_overview(admin).flags] == ["card_left", "glyph"]
