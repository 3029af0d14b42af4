"""What the window highlights is what it has open: after completing (the row leaves the
list) no other row lights up, and an application returned at another desk is shown
returned here without anyone touching this window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.store import Store
from tests.ui.staff.conftest import LIVE_WAIT_MS, press
from tests.ui.staff.seed import PASSWORD, family, submit


def _highlighted(window) -> list[str]:  # type: ignore[no-untyped-def]
    table = window.queue.table
    model = window.desk.model
    rows = {i.row() for i in table.selectionModel().selectedRows()}
    if table.currentIndex().isValid():
        rows.add(table.currentIndex().row())
    return sorted(model.item(r).reception_number for r in rows)


def test_after_completion_no_other_row_is_highlighted(
    qtbot, desktop, store, admin, catalogue
) -> None:
    first = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    second = submit(store, catalogue=catalogue, data=family("鈴木 花子"), render=False)
    third = submit(store, catalogue=catalogue, data=family("田中 一"), render=False)
    window = desktop.sign_in()
    # The middle one, by a click on its row; then the whole application.
    desktop.take_into_review(second.reception_number)
    assert _highlighted(window) == [second.reception_number]
    for p in desktop.desk.current.detail.summary.procedures:
        desktop.procedure_box(p.procedure_id).setChecked(True)
        qtbot.waitUntil(
            lambda pid=p.procedure_id: any(
                q.procedure_id == pid and q.state == "done"
                for q in desktop.desk.current.detail.summary.procedures
            )
        )
        desktop.wait_idle()
    qtbot.mouseClick(window.detail.buttons["complete"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.desk.model.row_of(second.application_id) < 0)
    desktop.wait_idle()
    assert desktop.desk.current.detail.summary.state == "completed"
    assert _highlighted(window) == []  # not first's or third's row
    # F2 opens (and highlights) the next one.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(window, Qt.Key.Key_F2)
    desktop.wait_opened(first.reception_number)
    desktop.wait_idle()
    assert _highlighted(window) == [first.reception_number]
    assert third.reception_number


def test_a_return_at_another_desk_shows_here_by_itself(
    qtbot, desktop, store, admin, catalogue
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.desk.live.wait_ready(5)
    desktop.open_number(sub.reception_number)
    desktop.wait_idle()
    other = Store(store.url, clock=store.clock)  # another desk, its own connections
    try:
        clerk = other.sign_in("admin", PASSWORD)
        other.return_to_resident(clerk, sub.application_id, "本人確認書類がないため")
        qtbot.waitUntil(
            lambda: desktop.desk.current.detail.summary.state == "returned", timeout=LIVE_WAIT_MS
        )
        qtbot.waitUntil(lambda: "本人確認書類" in window.detail.status.text())
        assert not window.detail.buttons["return"].isEnabled()
    finally:
        other.close()
