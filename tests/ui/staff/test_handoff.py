"""基幹へ連携済 per procedure: marked by hand in the staff window (once the procedure is
done) or by `madoguchi export --mark-handed-off` (after the file is written), audited;
`--not-handed-off` exports only what the core systems do not have yet."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QPoint, Qt

from kiosk.store import InvalidTransition, PermissionDenied, Principal, Store
from tests.ui.staff.seed import PASSWORD, submit
from ui.cli import main


def completed(store: Store, actor: Principal, catalogue) -> str:
    sub = submit(store, catalogue=catalogue, render=False)
    store.call(actor, sub.application_id, "3番")
    store.start_review(actor, sub.application_id)
    for p in store.detail(actor, sub.application_id).summary.procedures:
        store.mark_procedure(actor, sub.application_id, p.procedure_id)
    store.complete(actor, sub.application_id)
    return sub.application_id


def export(db_url: str, *extra: str) -> dict:
    result = CliRunner().invoke(
        main,
        ["export", "--since", "2020-01-01", "--database", db_url, "--user", "admin",
         "--password-stdin", *extra],
        input=PASSWORD,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def procedure_ids(document: dict, app_id: str) -> list[str]:
    app = next((a for a in document["applications"] if a["application_id"] == app_id), None)
    return [p["id"] for p in app["procedures"]] if app else []


def test_export_marks_and_then_leaves_out_what_is_handed_off(
    store, admin, catalogue, db_url
) -> None:
    app_id = completed(store, admin, catalogue)
    procedures = [p.procedure_id for p in store.detail(admin, app_id).summary.procedures]
    first = procedures[0]
    store.mark_handed_off(admin, app_id, first)  # by hand, before any export
    everything = export(db_url)
    assert procedure_ids(everything, app_id) == procedures  # a plain export: all of them
    handed = {p["id"]: p["handed_off_at"] for p in everything["applications"][0]["procedures"]}
    assert handed[first] is not None and handed[procedures[1]] is None
    pending = export(db_url, "--not-handed-off", "--mark-handed-off")
    assert procedure_ids(pending, app_id) == procedures[1:]
    after = store.detail(admin, app_id).summary.procedures
    assert all(p.handed_off_at is not None for p in after)
    assert export(db_url, "--not-handed-off")["applications"] == []  # nothing left
    trail = [(r.action, r.actor, r.path) for r in store.history(admin, app_id)]
    assert ("handoff", "admin", first) in trail
    assert [("handoff_export", "admin", p) for p in procedures[1:]] == [
        t for t in trail if t[0] == "handoff_export"
    ]


def test_one_core_systems_export_marks_only_its_procedures(store, admin, catalogue, db_url) -> None:
    app_id = completed(store, admin, catalogue)
    procedures = [p.procedure_id for p in store.detail(admin, app_id).summary.procedures]
    assert "juminido_tennyu" in procedures and "kokuho_join" in procedures
    juminkiroku = export(
        db_url, "--not-handed-off", "--procedure", "juminido_tennyu", "--mark-handed-off"
    )
    assert procedure_ids(juminkiroku, app_id) == ["juminido_tennyu"]
    state = {
        p.procedure_id: p.handed_off_at for p in store.detail(admin, app_id).summary.procedures
    }
    assert state["juminido_tennyu"] is not None and state["kokuho_join"] is None
    assert (
        export(db_url, "--not-handed-off", "--procedure", "juminido_tennyu")["applications"] == []
    )
    assert procedure_ids(export(db_url, "--not-handed-off"), app_id) == [
        p for p in procedures if p != "juminido_tennyu"
    ]


def test_only_a_done_procedure_is_handed_off_and_anyone_signed_in_may(
    store, admin, staff_account, catalogue
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    pid = store.detail(admin, sub.application_id).summary.procedures[0].procedure_id
    with pytest.raises(InvalidTransition):
        store.mark_handed_off(staff_account, sub.application_id, pid)
    app_id = completed(store, admin, catalogue)
    detail = store.mark_handed_off(staff_account, app_id, pid)  # staff, not the holder
    assert detail.summary.procedures[0].handed_off_at is not None
    detail = store.mark_handed_off(staff_account, app_id, pid, handed_off=False)
    assert detail.summary.procedures[0].handed_off_at is None
    with pytest.raises(PermissionDenied):  # marking by the export stays admin-only
        store.mark_exported(staff_account, [{"application_id": app_id, "procedures": []}])


def test_the_window_marks_a_procedure_handed_off(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    from tests.ui.staff.conftest import shoot

    app_id = completed(store, admin, catalogue)
    number = store.detail(admin, app_id).summary.reception_number
    window = desktop.sign_in()
    window.queue.state.setCurrentIndex(3)  # 完了
    desktop.open_number(number)
    pid = desktop.desk.current.detail.summary.procedures[0].procedure_id
    box = window.detail.findChild(type(window.detail.procedure_boxes[0]), f"handoff_{pid}")
    assert box.isEnabled() and not box.isChecked()
    assert box.text() == "基幹へ連携済"
    qtbot.waitUntil(box.isVisible)  # laid out: it takes clicks
    qtbot.mouseClick(
        box, Qt.MouseButton.LeftButton, pos=QPoint(box.height() // 2, box.height() // 2)
    )
    qtbot.waitUntil(
        lambda: desktop.desk.current.detail.summary.procedures[0].handed_off_at is not None,
        timeout=15000,
    )
    desktop.wait_idle()
    box = window.detail.findChild(type(window.detail.procedure_boxes[0]), f"handoff_{pid}")
    assert box.isChecked()
    assert "基幹へ連携済" in window.message.text()
    assert [r.action for r in desktop.desk.current.history][-1] == "handoff"
    window.detail.tabs.setCurrentIndex(2)
    shoot(qtbot, window, artifact_dir / "handed_off.png")
    history = window.detail.history
    last = history.rowCount() - 1
    assert history.index(last, 1).data() == "基幹へ連携済（手動）"
    assert history.index(last, 2).data() == desktop.desk.procedure_title(pid)
