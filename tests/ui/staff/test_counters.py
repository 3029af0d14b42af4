"""F2 calls from the desk's own department (the queue's counter filter): never an
application with nothing left to do there. A handover — the 市民課 part done, released
for 保険年金課 — keeps its place (the resident's arrival) in the next counter's queue
and is not called back to the first. A clerk calling while holding others is told."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt

from kiosk.store import Store, Submission
from tests.ui.staff.conftest import Desktop, press
from tests.ui.staff.seed import draft, family

SHIMIN, HOKEN = "市民課", "保険年金課"


def _submit(store: Store, catalogue: Any, name: str, procedure_ids: tuple[str, ...]) -> Submission:
    d = draft(catalogue, family(name), render=False)
    chosen = [p for p in d.procedures if p["id"] in procedure_ids]
    assert len(chosen) == len(procedure_ids)
    return store.submit(dataclasses.replace(d, procedures=chosen))


def _choose_department(desktop: Desktop, department: str) -> None:
    combo = desktop.window.queue.counter
    index = combo.findData(department)
    assert index >= 0, department
    loads = desktop.desk.loads
    combo.setCurrentIndex(index)
    desktop.qtbot.waitUntil(lambda: desktop.desk.loads > loads)


def _call_next(desktop: Desktop) -> str:
    """F2; the reception number it opened."""
    before = desktop.desk.current_id
    press(desktop.window, Qt.Key.Key_F2)
    desktop.qtbot.waitUntil(
        lambda: (
            desktop.desk.current_id not in (None, before)
            and desktop.desk.current.detail.summary.state == "called"
        )
    )
    desktop.wait_idle()
    return str(desktop.desk.current.detail.summary.reception_number)


def test_call_next_keeps_to_the_department_and_a_handover_keeps_its_place(
    qtbot, desktop, store, admin, catalogue
) -> None:
    oldest = _submit(store, catalogue, "山田 太郎", ("juminido_tennyu",))
    both = _submit(store, catalogue, "鈴木 花子", ("juminido_tennyu", "kokuho_join"))
    newest = _submit(store, catalogue, "田中 一", ("juminido_tennyu",))
    window = desktop.sign_in()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    detail = window.detail
    # 保険年金課: the only application with work there, though two waited longer.
    _choose_department(desktop, HOKEN)
    assert _call_next(desktop) == both.reception_number
    qtbot.mouseClick(detail.buttons["release"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "submitted")
    desktop.wait_idle()
    # 市民課 takes the oldest, then (told it holds one already) the next.
    _choose_department(desktop, SHIMIN)
    assert _call_next(desktop) == oldest.reception_number
    assert _call_next(desktop) == both.reception_number
    assert oldest.reception_number in window.message.text()  # "also handling A-001"
    # Its 市民課 part done, it goes on to 保険年金課 (a handover).
    press(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "in_review")
    desktop.tick("juminido_tennyu")
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.procedures[0].state == "done")
    desktop.wait_idle()
    qtbot.mouseClick(detail.buttons["release"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "submitted")
    desktop.wait_idle()
    # 市民課 is not given it back, though it waited longer than the newest.
    assert _call_next(desktop) == newest.reception_number
    # 保険年金課 gets it, at its original place (waiting since the resident arrived).
    _choose_department(desktop, HOKEN)
    row = desktop.desk.model.row_of(both.application_id)
    assert row >= 0
    item = desktop.desk.model.item(row)
    assert item.submitted_at == store.detail(admin, both.application_id).summary.submitted_at
    assert _call_next(desktop) == both.reception_number
    assert store.lobby_board().calling[0].reception_number == both.reception_number
