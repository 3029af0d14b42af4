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


def test_the_desk_takes_up_a_new_publication_when_no_application_is_open(
    qtbot, store, admin, tmp_path, caplog
) -> None:
    import logging
    import shutil

    from forms.catalogue import DEFAULT_DIR, load_catalogue
    from tests.ui.staff.conftest import Desktop

    published = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, published)
    first = load_catalogue(published)
    made = submit(store, catalogue=first, data=family())
    desktop = Desktop(qtbot, store, first, tmp_path, desk_options={"catalogue_dir": published})
    caplog.set_level(logging.INFO, logger="kiosk.live_catalogue")
    try:
        window = desktop.sign_in()
        desktop.open_number(made.reception_number)
        procedures = published / "procedures.yaml"
        procedures.write_text(
            procedures.read_text(encoding="utf-8").replace("転入届,", "転入届（新）,", 1),
            encoding="utf-8",
        )
        switch = desktop.desk.catalogue_switch
        with qtbot.waitSignal(switch.checked, timeout=30000):
            switch.check_now()
        # An application is open: its labels and checks keep the catalogue they began with.
        assert switch.pending is not None and desktop.desk.catalogue is first
        new = switch.pending.version
        desktop.desk.open(None)  # the clerk closes it: now the desk switches
        assert desktop.desk.catalogue.version == new != first.version
        assert desktop.desk.procedure_title("juminido_tennyu") == "転入届（新）"
        assert f"定義版 {new}" in window.message.text()
        assert any(f"to {new}" in r.getMessage() for r in caplog.records)
    finally:
        desktop.close()
