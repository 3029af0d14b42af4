"""Staff see which catalogue made an application: its version label in the detail
view's status line, through the real staff window (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.ui.staff.conftest import shoot
from tests.ui.staff.seed import family, submit


def test_the_detail_view_names_the_catalogue_version(
    qtbot, desktop, store, catalogue, artifact_dir
) -> None:
    data = family()
    data["catalogue"] = catalogue.version  # as kiosk.session.submission_data adds it
    made = submit(store, catalogue=catalogue, data=data)
    older = submit(store, catalogue=catalogue, data=family("見本 次郎"))  # before versions
    window = desktop.sign_in()
    desktop.open_number(made.reception_number)
    status = window.detail.status.text()
    assert f"定義版 {catalogue.version}" in status, status
    shoot(qtbot, window, artifact_dir / "catalogue_version.png")
    desktop.open_number(older.reception_number)
    assert "定義版" not in window.detail.status.text()
