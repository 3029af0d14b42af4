"""Every staff action is confirmed by the database before the window shows it done: a
tick the database refused goes back at once with words saying it was not saved, the
banner says why, and after recovery the window shows what is stored. A SQLite file
deleted or replaced under the running desk is said, not written on unseen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from i18n import translator
from tests.support.read_only import read_only
from tests.ui.staff.conftest import shoot
from tests.ui.staff.seed import family, submit

JA = translator("ja")


def _stored_state(store, admin, application_id: str, procedure_id: str) -> str:
    procedures = store.detail(admin, application_id).summary.procedures
    return next(p.state for p in procedures if p.procedure_id == procedure_id)


def test_a_refused_tick_goes_back_and_says_so_then_works_after_recovery(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    window = desktop.sign_in()
    desktop.take_into_review(sub.reception_number)
    first = desktop.desk.current.detail.summary.procedures[0]
    title = desktop.desk.procedure_title(first.procedure_id)
    assert title != first.procedure_id
    with read_only(store):
        desktop.tick(first.procedure_id)
        qtbot.waitUntil(window.banner.isVisible, timeout=10000)
        qtbot.waitUntil(lambda: title in window.message.text(), timeout=10000)
        # Back to what the database holds, with words, while the database is away.
        assert not desktop.procedure_box(first.procedure_id).isChecked()
        assert window.message.property("severity") == "error"
        assert "保存できませんでした" in window.message.text()
        assert window.banner.text() == JA("store.read_only")
        shoot(qtbot, window, artifact_dir / "tick_refused.png")
    assert _stored_state(store, admin, sub.application_id, first.procedure_id) == "pending"
    # The database takes writes again: the banner and the stale error go by themselves.
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=15000)
    qtbot.waitUntil(lambda: window.message.text() == JA("store.reconnected"), timeout=10000)
    desktop.wait_idle()
    assert not desktop.procedure_box(first.procedure_id).isChecked()
    desktop.tick(first.procedure_id)
    qtbot.waitUntil(
        lambda: _stored_state(store, admin, sub.application_id, first.procedure_id) == "done"
    )
    qtbot.waitUntil(
        lambda: any(
            p.procedure_id == first.procedure_id and p.state == "done"
            for p in desktop.desk.current.detail.summary.procedures
        )
    )
    desktop.wait_idle()
    assert desktop.procedure_box(first.procedure_id).isChecked()


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_deleted_or_replaced_sqlite_file_is_said(
    qtbot, sqlite_url, clock, catalogue, tmp_path, how, artifact_dir
) -> None:
    from kiosk.store import Store
    from tests.ui.staff.conftest import Desktop
    from tests.ui.staff.seed import PASSWORD

    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理 太郎", PASSWORD, "admin")
    sub = submit(store, catalogue=catalogue, render=False)
    desktop = Desktop(qtbot, store, catalogue, tmp_path)
    try:
        window = desktop.sign_in()
        desktop.take_into_review(sub.reception_number)
        path = store.db.file
        assert path is not None and path.exists()
        if how == "deleted":
            os.unlink(path)
        else:  # an old copy put in its place
            copy = Path(tmp_path / "old.sqlite3")
            copy.write_bytes(path.read_bytes())
            os.replace(copy, path)
        first = desktop.desk.current.detail.summary.procedures[0]
        desktop.tick(first.procedure_id)
        said = JA("store.file_replaced", path=str(path))
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
        qtbot.waitUntil(lambda: window.banner.text() == said, timeout=10000)
        qtbot.waitUntil(lambda: said in window.message.text(), timeout=10000)
        assert not desktop.procedure_box(first.procedure_id).isChecked()
        shoot(qtbot, window, artifact_dir / f"file_{how}.png")
    finally:
        desktop.close()
        store.close()
