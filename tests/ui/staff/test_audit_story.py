"""The audit trail tells a story: one `view` per opening of an application (not one per
re-read after each action), and each change shows before → after in one column, seen
without scrolling, with the code points of look-alike characters (髙崎 / 髙﨑)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.staff.conftest import shoot
from tests.ui.staff.seed import family, submit


def _views(store, admin, application_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    trail = store.audit_log(admin, application_id)
    return [r.action for r in trail if r.action in ("view", "view_pdf", "view_history")]


def test_one_view_per_opening_and_changes_readable_at_a_glance(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("髙崎 花子"))
    other = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    window = desktop.sign_in()
    desktop.take_into_review(sub.reception_number)
    detail = window.detail
    for p in desktop.desk.current.detail.summary.procedures[:2]:
        desktop.tick(p.procedure_id)
        qtbot.waitUntil(
            lambda pid=p.procedure_id: any(
                q.procedure_id == pid and q.state == "done"
                for q in desktop.desk.current.detail.summary.procedures
            )
        )
        desktop.wait_idle()
    assert detail.select_answer("applicant.name")
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    detail.dialog.input.setText("髙﨑 花子")  # QTest types Latin-1 only
    with qtbot.waitSignal(desktop.desk.edit_saved, timeout=20000):
        qtbot.mouseClick(
            detail.dialog.findChild(type(detail.edit_button), "dialog_ok"),
            Qt.MouseButton.LeftButton,
        )
    qtbot.waitUntil(lambda: desktop.desk.current.detail.data["applicant"]["name"] == "髙﨑 花子")
    desktop.wait_idle()
    # Opened once; called, started, two ticks and an edit later: still one view.
    assert _views(store, admin, sub.application_id) == ["view"]
    detail.tabs.setCurrentIndex(2)
    history = detail.history
    rows = [
        [history.data(history.index(row, col)) for col in range(history.columnCount())]
        for row in range(history.rowCount())
    ]
    edit = next(r for r in rows if r[3] and "→ 髙﨑 花子" in r[3])
    assert edit[2] == "氏名"
    assert edit[3].startswith("髙崎 花子 → 髙﨑 花子")
    assert "崎 U+5D0E → 﨑 U+FA11" in edit[3]
    desktop.wait_idle()
    shoot(qtbot, window, artifact_dir / "history.png")
    table = detail.history_table
    assert table.horizontalScrollBar().maximum() == 0  # before and after both in view
    # Another application, then back: a second opening, a second view.
    desktop.open_number(other.reception_number)
    desktop.open_number(sub.reception_number)
    desktop.wait_idle()
    assert _views(store, admin, sub.application_id) == ["view", "view"]
