"""The staff list reads the queue in pages: a window never loads every queued
application; scrolling to the end brings the next page, the count is of all of them,
and a live update reads again only the rows shown."""

from __future__ import annotations

from typing import Any

from kiosk.store import QueueFilter, Store
from tests.ui.staff.conftest import Desktop
from tests.ui.staff.seed import family, submit

QUEUED = 45
PAGE = 10


def _listings(store: Store, admin: Any) -> list[str]:
    return [e.note or "" for e in store.audit_log(admin) if e.action == "list"]


def test_the_list_pages_as_the_clerk_scrolls(qtbot, store, admin, catalogue, tmp_path) -> None:
    for n in range(QUEUED):
        submit(store, data=family(f"試験 {n:02d}"), render=False)
    desktop = Desktop(qtbot, store, catalogue, tmp_path, desk_options={"page": PAGE})
    try:
        window = desktop.sign_in()
        window.resize(1600, 700)  # room for fewer rows than are queued
        desktop.wait_idle()
        model, table = desktop.desk.model, window.queue.table
        assert PAGE <= model.rowCount() < QUEUED  # enough to fill the view, not all
        assert str(QUEUED) in window.queue.count.text()  # counted by the database
        assert all("page=10" in note for note in _listings(store, admin)[-2:])
        while model.rowCount() < QUEUED:  # the clerk scrolls to the end, again and again
            shown = model.rowCount()
            table.scrollToBottom()
            qtbot.waitUntil(lambda: model.rowCount() > shown, timeout=10000)  # noqa: B023
        assert [i.display_name for i in model.records] == [
            i.display_name for i in store.list_queue(admin, QueueFilter())
        ]
        assert not model.canFetchMore()
        # A change elsewhere reloads the rows shown, in one read of that many.
        submit(store, data=family("後から 来た"), render=False)
        qtbot.waitUntil(lambda: model.rowCount() == QUEUED + 1 or desktop.desk.queue.total > QUEUED)
        desktop.wait_idle()
        assert f"page={QUEUED}" in _listings(store, admin)[-1]
    finally:
        desktop.close()
