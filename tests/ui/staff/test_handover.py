"""Handover between counters as its own action (引継ぎ…): from 市民課 to 保険年金課, the
application waits in 保険年金課's queue only, at the resident's original arrival, shown
as a handover (from which counter); F2 at 市民課 never takes it back, F2 at 保険年金課 takes
it before a later arrival; the lobby board shows the number with where to go next."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from kiosk.store import InvalidTransition, Store, Submission
from tests.ui.staff.conftest import LIVE_WAIT_MS, Desktop, press, shoot
from tests.ui.staff.test_counters import _call_next, _choose_department, _submit
from ui.display.app import LobbyDisplay

SHIMIN, HOKEN = "市民課", "保険年金課"


def test_a_handover_waits_for_the_next_counter_at_its_arrival(
    qtbot, desktop: Desktop, store, admin, catalogue, clock, artifact_dir
) -> None:
    both = _submit(store, catalogue, "鈴木 花子", ("juminido_tennyu", "kokuho_join"))
    clock.advance(timedelta(minutes=10))
    later = _submit(store, catalogue, "田中 一", ("juminido_tennyu", "kokuho_join"))
    lobby = LobbyDisplay(store, watch_options={"retry_interval": 0.3})
    lobby.view.resize(1920, 1080)
    lobby.view.show()
    try:
        lobby.start()
        window = desktop.sign_in()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        detail = window.detail
        _choose_department(desktop, SHIMIN)
        assert _call_next(desktop) == both.reception_number
        press(window, Qt.Key.Key_F4)
        qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "in_review")
        desktop.tick("juminido_tennyu")
        qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.procedures[0].state == "done")
        desktop.wait_idle()
        qtbot.mouseClick(detail.buttons["hand_over"], Qt.MouseButton.LeftButton)
        dialog = detail.dialog
        assert [dialog.department.itemText(i) for i in range(dialog.department.count())] == [
            HOKEN
        ]  # only where work is left
        shoot(qtbot, dialog, artifact_dir / "handover_dialog.png")
        qtbot.mouseClick(dialog.findChild(type(detail.buttons["release"]), "dialog_ok"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "submitted")
        desktop.wait_idle()
        summary = desktop.desk.current.detail.summary
        assert (summary.handover_to, summary.handover_from) == (HOKEN, "3番窓口")
        assert summary.submitted_at < later_submitted(store, admin, later)  # arrival kept
        # The lobby shows where the resident goes next.
        view = lobby.view
        qtbot.waitUntil(lambda: view.next_list.isVisible(), timeout=LIVE_WAIT_MS)
        assert view.next_list.text() == f"{both.reception_number} → {HOKEN}"
        shoot(qtbot, view, artifact_dir / "lobby_next_counter.png")
        # 市民課 is not given it back: it calls the later arrival.
        window.activateWindow()  # offscreen, the closed dialog hands activation to nobody
        qtbot.waitUntil(window.isActiveWindow)
        assert _call_next(desktop) == later.reception_number
        qtbot.mouseClick(detail.buttons["release"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "submitted")
        desktop.wait_idle()
        # 保険年金課's queue shows it as a handover, before the later arrival.
        _choose_department(desktop, HOKEN)
        model = desktop.desk.model
        rows = [model.item(r).reception_number for r in range(model.rowCount())]
        assert rows.index(both.reception_number) < rows.index(later.reception_number)
        state = model.index(model.row_of(both.application_id), 1).data()
        assert state == "引継ぎ待ち（3番窓口から）"
        shoot(qtbot, window, artifact_dir / "handover_queue.png")
        assert _call_next(desktop) == both.reception_number
        qtbot.waitUntil(lambda: not view.next_list.isVisible(), timeout=LIVE_WAIT_MS)
        trail = [(r.action, r.before, r.after) for r in store.history(admin, both.application_id)]
        assert ("hand_over", "3番窓口", HOKEN) in trail
    finally:
        lobby.close()


def later_submitted(store: Store, admin: Any, sub: Submission) -> Any:
    return store.detail(admin, sub.application_id).summary.submitted_at


def test_a_handover_needs_work_left_there_and_the_holder(
    store, admin, staff_account, catalogue
) -> None:
    sub = _submit(store, catalogue, "鈴木 花子", ("juminido_tennyu", "kokuho_join"))
    store.call(staff_account, sub.application_id, "3番窓口")
    with pytest.raises(InvalidTransition):
        store.hand_over(staff_account, sub.application_id, "環境課")  # nothing to do there
    detail = store.hand_over(staff_account, sub.application_id, HOKEN)
    assert detail.summary.state == "submitted" and detail.summary.holder is None
    board = store.lobby_board()
    assert [(n.reception_number, n.department) for n in board.next_counters] == [
        (sub.reception_number, HOKEN)
    ]
    assert store.call_next(staff_account, "3番窓口", procedure_counter=SHIMIN) is None
    called = store.call_next(staff_account, "5番窓口", procedure_counter=HOKEN)
    assert called is not None and called.reception_number == sub.reception_number
