"""The issue's smaller items: the 手続 column leads with what is still open; the form
preview stays on the page the clerk scrolled to after a tick; 完了 waits until every
procedure is done; `db create-admin` works on a brand-new database; the lobby clock
shows the city's time whatever the machine's zone."""

from __future__ import annotations

import os
import time

from click.testing import CliRunner
from PySide6.QtWidgets import QWidget

from kiosk.cli import db as db_command
from kiosk.clock import Clock
from kiosk.store import Store
from tests.clock import TEST_DAY
from tests.fixtures.qt import settle
from tests.ui.staff.conftest import cut_rows
from tests.ui.staff.seed import family, submit


def test_open_procedures_first_preview_page_kept_and_complete_waits(
    qtbot, desktop, store, catalogue
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("山田 太郎"))
    window = desktop.sign_in()
    desktop.take_into_review(sub.reception_number)
    detail = window.detail
    procedures = desktop.desk.current.detail.summary.procedures
    assert not detail.buttons["complete"].isEnabled()  # nothing done yet
    # The preview, scrolled down to a later page.
    detail.tabs.setCurrentIndex(1)
    settle()
    bar = detail.pages_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    pages = [
        w
        for w in detail.pages_area.widget().findChildren(QWidget)
        if w.objectName().startswith("page_")
    ]
    # Tick all but the kiosk's first procedure (by the box, as a clerk does).
    for p in procedures[:-1]:
        desktop.procedure_box(p.procedure_id).setChecked(True)
        qtbot.waitUntil(
            lambda pid=p.procedure_id: any(
                q.procedure_id == pid and q.state == "done"
                for q in desktop.desk.current.detail.summary.procedures
            )
        )
        desktop.wait_idle()
        settle()
        assert bar.value() == where  # still on the page scrolled to
        assert not detail.buttons["complete"].isEnabled()  # one is still open
    still = [
        w
        for w in detail.pages_area.widget().findChildren(QWidget)
        if w.objectName().startswith("page_")
    ]
    assert still == pages  # the same page widgets, not rebuilt
    # The queue's 手続 column leads with the one still open.
    row = desktop.desk.model.row_of(sub.application_id)
    text = desktop.desk.model.data(desktop.desk.model.index(row, 4))
    assert text.startswith(procedures[-1].title_ja), text
    desktop.procedure_box(procedures[-1].procedure_id).setChecked(True)
    qtbot.waitUntil(lambda: detail.buttons["complete"].isEnabled())


def test_create_admin_on_a_new_database(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    result = CliRunner().invoke(
        db_command,
        ["create-admin", "--database", url, "--password-stdin", "chief"],
        input="correct-horse-battery\n",
    )
    assert result.exit_code == 0, result.output
    with Store(url) as store:
        assert store.sign_in("chief", "correct-horse-battery").is_admin


def test_the_lobby_clock_shows_the_city_hall_time(qtbot, monkeypatch) -> None:
    from ui.display.board import LobbyBoardView

    monkeypatch.setenv("TZ", "UTC")  # the machine's zone: not the city's
    time.tzset()
    try:
        view = LobbyBoardView(Clock.at(TEST_DAY))  # 10:00 in Asia/Tokyo = 01:00 UTC
        qtbot.addWidget(view)
        view._tick()
        assert view.clock.text() == "10:00"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert os.environ.get("TZ") is None


def test_the_window_fits_a_1280_pixel_desk_screen(qtbot, desktop, store, catalogue) -> None:
    """An SXGA (1280×1024) monitor is a common desk screen: the long procedure titles in
    the filter once made the window 1299 px at least, the detail's buttons off screen
    (seen on Xvfb, tests/ui/staff/test_real_display_day.py)."""
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    assert window.minimumSizeHint().width() <= 1280
    window.resize(1280, 1000)
    settle()
    assert window.width() == 1280
    for name, button in window.detail.buttons.items():
        if button.isVisible():
            right = button.mapTo(window, button.rect().topRight()).x()
            assert right < window.width(), name
    search = window.queue.search  # readable, not squeezed beside the filters
    assert search.width() > search.fontMetrics().horizontalAdvance(search.placeholderText())


def test_long_answers_wrap_whatever_width_the_panel_gets(qtbot, desktop, store, catalogue) -> None:
    """A value (the card's address) wraps onto a second line rather than ending in "…",
    also after the panel's width changes (the window resized, the splitter moved): the
    rows were measured only when the answers changed, so a later width cut them."""
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    table = window.detail.answers_table
    for width in (1600, 1280, 1900):
        window.resize(width, 1000)
        qtbot.waitUntil(lambda: not cut_rows(table), timeout=5000)
