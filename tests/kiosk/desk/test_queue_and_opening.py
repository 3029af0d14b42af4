"""The staff desk's queue reloads and open application, as plain Python (no Qt): the
rules `ui.staff.desk.StaffDesk` only carries out."""

from __future__ import annotations

from kiosk.desk.current import Load, OpenApplication
from kiosk.desk.queue import QueueReloads, held_numbers
from kiosk.store import QueueFilter, QueuePage
from tests.kiosk.desk.helpers import newer, opened, row


def test_reloads_are_coalesced_one_in_flight_and_one_queued() -> None:
    queue = QueueReloads()
    assert queue.begin()  # starts
    assert not queue.begin()  # changes while it runs: one more, not three
    assert not queue.begin()
    assert queue.arrived()  # that one more starts now
    assert queue.begin()
    assert not queue.arrived()  # nothing asked meanwhile: idle
    assert queue.loads == 2
    assert queue.begin()  # idle again: a new reload starts at once


def test_a_failed_reload_leaves_nothing_queued() -> None:
    queue = QueueReloads()
    queue.begin()
    queue.begin()
    queue.failed()
    assert queue.loads == 0
    assert queue.begin()  # the retry starts a reload; the queued one did not survive
    assert not queue.arrived()


def test_the_filter_changes_one_setting_at_a_time() -> None:
    queue = QueueReloads()
    queue.set_filter(counter="保険年金課")
    queue.set_filter(search="A-12")
    assert queue.filter == QueueFilter(counter="保険年金課", search="A-12")


def test_held_numbers_are_this_clerks_called_or_in_review() -> None:
    rows = [
        row("a1", holder="sato", state="called"),
        row("a2", holder="sato", state="in_review"),
        row("a3", holder="sato", state="completed"),
        row("a4", holder="suzuki", state="called"),
        row("a5"),
    ]
    assert held_numbers(rows, "sato") == ["A-a1", "A-a2"]


def test_one_view_per_opening_and_a_reading_again_is_no_new_view() -> None:
    app = OpenApplication()
    assert app.request("a1") == Load("a1", record_view=True)
    assert app.loaded(opened("a1")) is None
    assert app.current_id == "a1" and app.number == "A-a1"
    assert app.request("a1") == Load("a1", record_view=False)  # after an action
    app.loaded(opened("a1", 2))
    assert app.request("a2") == Load("a2", record_view=True)


def test_only_the_last_wish_is_loaded_while_one_load_runs() -> None:
    app = OpenApplication()
    app.request("a1")
    assert app.request("a2") is None  # clicks on other rows meanwhile
    assert app.request("a3") is None
    assert not app.idle
    assert app.loaded(opened("a1")) == "a3"  # a1's result is dropped: read a3 instead
    assert app.current is None
    assert app.request("a3") == Load("a3", record_view=True)
    assert app.loaded(opened("a3")) is None
    assert app.current_id == "a3"


def test_a_failed_load_records_no_view() -> None:
    app = OpenApplication()
    app.request("a1")
    app.loaded(opened("a1"))
    app.request("a2")
    app.failed()
    assert app.current_id == "a1"  # what was shown stays
    assert app.request("a2") == Load("a2", record_view=True)  # its view was not recorded
    app.failed()
    assert app.request("a1") == Load("a1", record_view=False)  # a1's view was


def test_the_open_application_is_read_again_only_when_its_row_is_newer() -> None:
    app = OpenApplication()
    shown = row("a1", version=3)
    assert app.stale_in([newer(shown)]) is None  # nothing open
    app.request("a1")
    app.loaded(opened("a1", 3))
    assert app.stale_in([shown, row("a2", version=9)]) is None  # same version
    assert app.stale_in([row("a2", version=9)]) is None  # left the list: no row to tell
    assert app.stale_in([row("a2"), newer(shown)]) == "a1"
    app.request("a2")  # another one is being opened: reading a1 would replace it
    assert app.stale_in([newer(shown)]) is None
    assert not app.showing("a1") and app.showing(None) is False


def test_closing_forgets_the_view_and_the_focus_hint_is_taken_once() -> None:
    app = OpenApplication()
    app.request("a1")
    app.loaded(opened("a1"))
    app.close()
    assert app.idle and app.current_id is None
    assert app.request("a1") == Load("a1", record_view=True)  # opened again: a new view
    app.focus_hint = ("procedure", "juminhyo")
    assert app.take_focus_hint() == ("procedure", "juminhyo")
    assert app.take_focus_hint() is None


def test_stored_procedure_titles_of_the_open_application() -> None:
    app = OpenApplication()
    assert app.procedure_title_ja("juminhyo") == ""
    app.request("a1")
    app.loaded(opened("a1"))
    assert app.procedure_title_ja("juminhyo") == "住民異動届"
    assert app.procedure_title_ja("other") == ""


def _page(rows: list[str], total: int, last: bool = False) -> QueuePage:
    return QueuePage(tuple(row(r) for r in rows), total, None if last else (rows[-1],))


def test_the_list_is_read_a_page_at_a_time_and_a_reload_reads_what_is_shown() -> None:
    queue = QueueReloads(page=2)
    assert queue.reload_size == 2 and not queue.has_more()
    queue.begin()
    shown = queue.page_arrived(_page(["a1", "a2"], total=5))
    queue.arrived()
    assert [r.application_id for r in shown] == ["a1", "a2"] and queue.total == 5
    assert queue.begin_more() == ("a2",)
    assert queue.begin_more() is None  # one page at a time
    # A row read again (it moved meanwhile) is not shown twice.
    shown = queue.more_arrived(_page(["a2", "a3", "a4"], total=5))
    assert [r.application_id for r in shown] == ["a1", "a2", "a3", "a4"]
    assert queue.reload_size == 4  # a live update reads the four shown, not two
    queue.begin()
    assert queue.begin_more() is None  # while a reload runs, it brings the rows
    queue.page_arrived(_page(["a1", "a2", "a3", "a4"], total=4, last=True))
    queue.arrived()
    assert not queue.has_more() and queue.begin_more() is None
    queue.set_filter(search="山田")  # another filter starts from its first page
    assert queue.reload_size == 2


def test_a_failed_page_can_be_asked_for_again() -> None:
    queue = QueueReloads(page=2)
    queue.page_arrived(_page(["a1", "a2"], total=3))
    assert queue.begin_more() == ("a2",)
    queue.more_failed()
    assert queue.begin_more() == ("a2",)
