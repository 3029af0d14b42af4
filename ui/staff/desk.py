"""`StaffDesk`: the state of one staff desktop and every action it takes.

The desk owns the queue model, the current application (its detail, history and page
images), the filter, the signed-in staff member and the connection state. Each database
call runs in a worker (`ui.threads.run_in_thread`); results come back by queued signal
and only then touch the model or emit the desk's signals, on the main thread. Widgets
hold none of this: they show what the desk reports and call its methods.

Live updates: `LiveUpdates` forwards the store's change watcher. Any change reloads the
queue (coalesced: one reload in flight, at most one more queued), and the open
application is reloaded when its row shows a newer version than the one displayed.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from forms.catalogue import Catalogue
from i18n import Translator, text_of, translator
from kiosk import audit_report
from kiosk.desk import editing
from kiosk.live_catalogue import LiveCatalogue
from kiosk.private_file import write_private
from kiosk.store import (
    ApplicationDetail,
    DatabaseUnavailable,
    Principal,
    ProceduresPending,
    QueueFilter,
    QueueItem,
    StoreChanged,
    StoreError,
    ValidationFailed,
    lifecycle,
)
from kiosk.store import stats as statistics
from ui.desktop.catalogue_switch import CatalogueSwitch
from ui.desktop.live import LiveUpdates
from ui.models.queue import QueueTableModel
from ui.pdf_pages import render_previews
from ui.printing import paint_pdf
from ui.staff.viewer import PrivateFiles
from ui.threads import run_in_thread

log = logging.getLogger(__name__)

#: Pixel width of the page images in the detail view.
PREVIEW_WIDTH = 900
#: How often waiting times count on, and the queue is re-read if no change arrived.
TICK_MS = 30_000
#: While the database refuses calls: how soon the desk tries again (the banner goes
#: when a call succeeds, not on the next 30 s tick).
RETRY_MS = 3_000


@dataclasses.dataclass(frozen=True)
class Opened:
    """One application as the detail view shows it."""

    detail: ApplicationDetail
    history: tuple[Any, ...]
    pages: tuple[Any, ...]  # QImage per page


class StaffDesk(QObject):
    #: The open application changed (an `Opened`, or None when nothing is open).
    opened = Signal(object)
    #: (severity, text): "error", "info". Shown in the status line and message area.
    message = Signal(str, str)
    #: False while the database cannot be reached (banner), True when it is back.
    connection = Signal(bool)
    #: Something waits on the database (a busy indicator; the UI never blocks).
    busy = Signal(bool)
    #: A reload of the queue finished (tests and the status line).
    queue_loaded = Signal()
    #: Corrections saved (changes list) or refused (list of translated messages).
    edit_saved = Signal(list)
    edit_refused = Signal(list)
    #: Forms printed: the new print count.
    printed = Signal(int)
    #: The PDF was written to this private file and handed to the system viewer.
    pdf_exported = Signal(str)
    stats_loaded = Signal(list)
    stats_exported = Signal(str)
    #: The path an application's audit trail was written to.
    audit_exported = Signal(str)
    accounts_loaded = Signal(list)
    #: The language changed: views translate their labels again.
    locale_changed = Signal(str)

    def __init__(
        self,
        store: Any,
        principal: Principal,
        catalogue: Catalogue,
        *,
        counter: str = "1番窓口",
        locale: str = "ja",
        opener: Callable[[QUrl], Any] | None = None,
        watch_options: dict[str, Any] | None = None,
        retry_ms: int = RETRY_MS,
        catalogue_dir: Path | None = None,
        catalogue_check_seconds: float = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.principal = principal
        self.catalogue = catalogue
        #: New publications in `catalogue_dir`, taken up when no application is open
        #: (labels, checks and edits of an open one keep the catalogue they began with).
        self.catalogue_switch = CatalogueSwitch(
            LiveCatalogue(catalogue_dir, catalogue),
            seconds=catalogue_check_seconds,
            is_safe=lambda: self.current is None and self._opening is None,
            apply=self._use_catalogue,
            parent=self,
        )
        self.counter = counter
        self.locale = locale
        self.translator: Translator = translator(locale)
        self.filter = QueueFilter()
        self.model = QueueTableModel(store.clock, locale=locale, parent=self)
        self.current: Opened | None = None
        #: The application whose opening is recorded as a view (being opened or open).
        self._viewed: str | None = None
        #: The last confirmed action, for the window to move the focus on (see
        #: `take_focus_hint`).
        self.focus_hint: tuple[str, str] | None = None
        self._opening: str | None = None
        self._open_again = False
        self._loading = False
        self._reload_again = False
        #: Queue reloads finished so far; `_pending`: worker calls still running.
        self.loads = 0
        self._pending = 0
        self._watch_ok = True
        self._calls_ok = True
        self._opener = opener or QDesktopServices.openUrl
        self.files = PrivateFiles()
        self.live = LiveUpdates(store, self, **(watch_options or {}))
        self.live.changed.connect(self._on_change)
        self.live.lost.connect(self._on_lost)
        self.live.reconnected.connect(self._on_reconnected)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._retry_calls)
        #: Why the database is away, in words (the banner); "" while connected.
        self.outage = ""

    # -- life --------------------------------------------------------------------------

    def start(self) -> None:
        self.live.start()
        self._tick.start()
        self.catalogue_switch.start()
        self.reload()

    def shutdown(self) -> None:
        self.catalogue_switch.stop()
        self._tick.stop()
        self.live.stop()
        self.files.cleanup()

    @property
    def connected(self) -> bool:
        return self._watch_ok and self._calls_ok

    @property
    def is_admin(self) -> bool:
        return self.principal.is_admin

    def set_locale(self, locale: str) -> None:
        if locale == self.locale:
            return
        self.locale = locale
        self.translator = translator(locale)
        self.model.set_locale(locale)
        self.locale_changed.emit(locale)

    def set_counter(self, counter: str) -> None:
        self.counter = counter.strip() or self.counter

    # -- the worker plumbing -------------------------------------------------------------

    def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """`fn(*args)` in a worker; `then(result)` or the error report on this thread."""
        self._pending += 1
        if self._pending == 1:
            self.busy.emit(True)

        def done() -> None:
            self._pending -= 1
            if self._pending == 0:
                self.busy.emit(False)

        def ok(value: Any) -> None:
            done()
            self._set_calls_ok(True)
            then(value)

        def error(exc: BaseException) -> None:
            done()
            if isinstance(exc, DatabaseUnavailable):
                said, self.outage = self.outage, self.error_text(exc)
                self._set_calls_ok(False, news=said != self.outage)
            (failed or self.report)(exc)

        run_in_thread(fn, *args, on_result=ok, on_error=error)

    def report(self, exc: BaseException) -> None:
        self.message.emit("error", self.error_text(exc))

    def error_text(self, exc: BaseException) -> str:
        if isinstance(exc, ValidationFailed):
            return "\n".join(editing.messages(exc.issues, self.translator))
        if isinstance(exc, ProceduresPending):  # their titles, never their ids
            titles = [self.procedure_title(pid) for pid in exc.pending]
            return self.translator(
                exc.key, pending=self.translator("staff.list_separator").join(titles)
            )
        if isinstance(exc, StoreError):
            return self.translator(exc.key, **exc.params)
        log.exception("staff desk: unexpected error", exc_info=exc)
        return self.translator("staff.error.unexpected", detail=type(exc).__name__)

    def _set_calls_ok(self, ok: bool, *, news: bool = False) -> None:
        """`news`: the reason changed (the watcher lost the database first, then a
        call said why): the banner says it again."""
        before = self.connected
        self._calls_ok = ok
        if not ok:
            self._retry.start()
        if self.connected != before or news:
            self.connection.emit(self.connected)
            if self.connected:
                self._recovered()

    def _retry_calls(self) -> None:
        if not self._calls_ok:
            self.reload()  # success hides the banner; failure starts the timer again

    def _recovered(self) -> None:
        """The database answers again: the stale error goes, and what is open is read
        again (a change that failed must not look done, nor one made elsewhere missed)."""
        self.outage = ""
        self.message.emit("info", self.translator("store.reconnected"))
        if self.current_id is not None:
            self.open(self.current_id)

    # -- live updates --------------------------------------------------------------------

    def _on_change(self, event: StoreChanged) -> None:
        if self._showing(event.application_id):
            # Changed elsewhere (returned at another desk, say): it may have left this
            # list, so its row cannot tell; read it again now.
            self.open(event.application_id)
        self.reload()

    def _on_lost(self) -> None:
        before = self.connected
        self._watch_ok = False
        if before:
            self.connection.emit(False)

    def _on_reconnected(self) -> None:
        before = self.connected
        self._watch_ok = True
        if not before and self.connected:
            self.connection.emit(True)
            self._recovered()
        self.reload()  # also the test of calls that failed: it hides the banner or not

    def _on_tick(self) -> None:
        self.model.tick()
        if not self.connected:
            self.reload()  # a failed call is retried; success hides the banner

    # -- the queue -----------------------------------------------------------------------

    def set_filter(self, **changes: Any) -> None:
        self.filter = dataclasses.replace(self.filter, **changes)
        self.reload()

    def reload(self) -> None:
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._run(
            self.store.list_queue,
            self.principal,
            self.filter,
            then=self._queue_arrived,
            failed=self._queue_failed,
        )

    def _queue_arrived(self, items: list[QueueItem]) -> None:
        self.model.set_records(items)
        self.loads += 1
        self._loading = False
        if self._reload_again:
            self._reload_again = False
            self.reload()
        self._refresh_open(items)
        self.queue_loaded.emit()

    def _queue_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._reload_again = False
        if not isinstance(exc, DatabaseUnavailable):
            self.report(exc)

    def _refresh_open(self, items: list[QueueItem]) -> None:
        """Reload the open application if another desk (or this one) changed it."""
        if self.current is None:
            return
        shown = self.current.detail.summary
        row = next((i for i in items if i.application_id == shown.application_id), None)
        if row is not None and row.version != shown.version and self._showing(row.application_id):
            self.open(shown.application_id)

    def _showing(self, application_id: str | None) -> bool:
        """This application is open and stays so (no other one is being opened: reading
        it again then would replace what the staff member just asked for)."""
        return (
            application_id is not None
            and application_id == self.current_id
            and self._opening in (None, application_id)
        )

    def _use_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.message.emit(
            "info", self.translator("staff.catalogue.switched", version=catalogue.version)
        )

    # -- one application -----------------------------------------------------------------

    def open(self, application_id: str | None) -> None:
        """Show this application (its detail view is logged as a view in the audit log)."""
        if application_id is None:
            self.current = self._viewed = None
            self.opened.emit(None)
            self.catalogue_switch.safe_point()  # nothing open: a new catalogue may come
            return
        if self._opening is not None:
            self._opening, self._open_again = application_id, True
            return
        self._opening = application_id
        # One `view` in the audit log per opening; reading it again after an action or
        # a change elsewhere (the same application, still open) is not another view,
        # and its preview and history are part of that view.
        first = application_id != self._viewed
        self._viewed = application_id
        self._run(self._load, application_id, first, then=self._loaded, failed=self._load_failed)

    def _load(self, application_id: str, record_view: bool) -> Opened:  # worker
        me = self.principal
        detail = self.store.detail(me, application_id, record_view=record_view)
        history = tuple(self.store.history(me, application_id, record_view=False))
        pages: tuple[Any, ...] = ()
        if detail.has_pdf and not detail.purged:
            pdf = self.store.pdf(me, application_id, record_view=False)
            pages = tuple(render_previews(pdf, PREVIEW_WIDTH))
        return Opened(detail, history, pages)

    def _loaded(self, opened: Opened) -> None:
        wanted, again = self._opening, self._open_again
        self._opening, self._open_again = None, False
        if again:  # asked again meanwhile (another row, or a change): load that instead
            self.open(wanted)
            return
        self.current = opened
        self.opened.emit(opened)

    def _load_failed(self, exc: BaseException) -> None:
        self._opening, self._open_again = None, False
        self._viewed = self.current_id  # that view was not recorded
        if not isinstance(exc, DatabaseUnavailable):  # that one the banner says
            self.report(exc)

    @property
    def current_id(self) -> str | None:
        return self.current.detail.summary.application_id if self.current else None

    def _act(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done_key: str | None = None,
        focus: str | None = None,
    ) -> None:
        """A change to the open application; reopen it with what the store returns.
        `focus`: what was done, for where the keyboard focus goes next (`focus_hint`)."""
        app_id = self.current_id
        if app_id is None:
            return

        def then(_result: Any) -> None:
            if done_key:
                self.message.emit("info", self.translator(done_key, number=self._number()))
            if focus:
                self.focus_hint = (focus, "")
            self.open(app_id)
            self.reload()

        self._run(fn, self.principal, app_id, *args, then=then)

    def _number(self) -> str:
        return self.current.detail.summary.reception_number if self.current else ""

    # -- calling -------------------------------------------------------------------------

    def call_next(self) -> None:
        """The longest-waiting application this desk's queue shows: of the department
        chosen in the counter filter (one with a procedure still open there) and the
        counter group chosen, if any."""
        held = self.held_numbers()

        def then(item: QueueItem | None) -> None:
            if item is None:
                self.message.emit("info", self.translator("staff.call.nobody"))
                return
            text = self.translator(
                "staff.call.called", number=item.reception_number, counter=self.counter
            )
            if held:  # one clerk, several residents waiting on them: said, not refused
                sep = self.translator("staff.list_separator")
                text += "\n" + self.translator("staff.call.also_holding", numbers=sep.join(held))
            self.message.emit("info", text)
            self.focus_hint = ("called", "")
            self.open(item.application_id)
            self.reload()

        self._run(
            lambda: self.store.call_next(
                self.principal,
                self.counter,
                counter_group=self.filter.counter_group,
                procedure_counter=self.filter.counter,
            ),
            then=then,
        )

    def held_numbers(self) -> list[str]:
        """Reception numbers this staff member holds now (called or in review)."""
        me = self.principal.username
        return [
            i.reception_number
            for i in self.model.records
            if i.holder == me and i.state in lifecycle.HELD
        ]

    def call_current(self) -> None:
        self._act(self.store.call, self.counter, done_key="staff.call.called_this", focus="called")

    def recall(self) -> None:
        self._act(self.store.recall, done_key="staff.call.recalled", focus="called")

    def start_review(self) -> None:
        self._act(self.store.start_review, focus="review")

    def complete(self) -> None:
        self._act(self.store.complete, done_key="staff.done.completed", focus="closed")

    def release(self) -> None:
        self._act(self.store.release, done_key="staff.done.released", focus="closed")

    def hand_over(self, department: str) -> None:
        """To the next department's queue, at the resident's original arrival."""
        self._act(
            self.store.hand_over, department, done_key="staff.done.handed_over", focus="closed"
        )

    def return_to_resident(self, reason: str) -> None:
        self._act(
            self.store.return_to_resident, reason, done_key="staff.done.returned", focus="closed"
        )

    def cancel(self, reason: str) -> None:
        self._act(self.store.cancel, reason, done_key="staff.done.cancelled", focus="closed")

    def take_focus_hint(self) -> tuple[str, str] | None:
        """What was last done (and confirmed) here, once: ("procedure", its id) etc."""
        hint, self.focus_hint = self.focus_hint, None
        return hint

    def mark_handed_off(self, procedure_id: str, handed_off: bool) -> None:
        """基幹へ連携済 by hand (or undone); shown once the database took it."""
        app_id = self.current_id
        if app_id is None:
            return

        def then(_detail: ApplicationDetail) -> None:
            key = "staff.done.handed_off" if handed_off else "staff.done.handoff_undone"
            self.message.emit(
                "info", self.translator(key, procedure=self.procedure_title(procedure_id))
            )
            self.open(app_id)

        def failed(exc: BaseException) -> None:
            if self.current_id == app_id:  # the box goes back to what is stored
                self.opened.emit(self.current)
            self.report(exc)

        self._run(
            lambda: self.store.mark_handed_off(
                self.principal, app_id, procedure_id, handed_off=handed_off
            ),
            then=then,
            failed=failed,
        )

    def mark_procedure(self, procedure_id: str, done: bool) -> None:
        app_id = self.current_id
        if app_id is None:
            return

        def then(_detail: ApplicationDetail) -> None:
            self.focus_hint = ("procedure", procedure_id)
            self.open(app_id)
            self.reload()

        def failed(exc: BaseException) -> None:
            # The tick goes back at once to what the database last confirmed; reading
            # it again may fail too (the database is away), so not only by reopening.
            if self.current_id == app_id:
                self.opened.emit(self.current)
            key = "staff.procedure.not_done" if done else "staff.procedure.not_undone"
            title = self.procedure_title(procedure_id)
            self.message.emit(
                "error", self.translator(key, procedure=title, reason=self.error_text(exc))
            )
            self.open(app_id)

        self._run(
            lambda: self.store.mark_procedure(self.principal, app_id, procedure_id, done=done),
            then=then,
            failed=failed,
        )

    def procedure_title(self, procedure_id: str, title_ja: str = "") -> str:
        """A procedure as staff call it: the catalogue's title in the desk's language."""
        known = self.catalogue.procedures.get(procedure_id)
        if known is not None:
            return text_of(known.title, self.locale)
        if not title_ja and self.current is not None:
            title_ja = next(
                (
                    p.title_ja
                    for p in self.current.detail.summary.procedures
                    if p.procedure_id == procedure_id
                ),
                "",
            )
        return title_ja or self.translator("staff.procedure.unknown")

    # -- corrections ---------------------------------------------------------------------

    def edit(self, changes: dict[str, Any]) -> None:
        """Correct answers through the kiosk's checks; the forms are rendered again."""
        if self.current is None:
            return
        detail = self.current.detail
        if not self._checks_pass(detail, changes):
            return

        def then(result: tuple[ApplicationDetail, list[Any]]) -> None:
            _, done = result
            self.edit_saved.emit(done)
            self.message.emit("info", self.translator("staff.edit.saved", count=len(done)))
            self.open(detail.summary.application_id)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.edit_refused.emit(self.error_text(exc).splitlines())
            if not isinstance(exc, ValidationFailed):
                self.report(exc)

        self._run(
            lambda: editing.edit_answers(
                self.store, self.catalogue, self.principal, detail, changes, checked=True
            ),
            then=then,
            failed=failed,
        )

    def resolve_glyph(self, path: str, value: str, note: str) -> None:
        """The right character is chosen: save it, re-render, and clear the check."""
        if self.current is None:
            return
        detail = self.current.detail
        if not self._checks_pass(detail, {path: value}):
            return

        def then(_detail: ApplicationDetail) -> None:
            self.edit_saved.emit([])
            self.message.emit("info", self.translator("staff.glyph.resolved"))
            self.open(detail.summary.application_id)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.edit_refused.emit(self.error_text(exc).splitlines())
            self.report(exc)

        self._run(
            lambda: editing.resolve_glyph(
                self.store, self.catalogue, self.principal, detail, path, value, note, checked=True
            ),
            then=then,
            failed=failed,
        )

    def _checks_pass(self, detail: ApplicationDetail, changes: dict[str, Any]) -> bool:
        """The kiosk's checks, here on the main thread (see kiosk.desk.editing)."""
        issues = editing.refused_issues(self.catalogue, detail, changes, self.store.clock)
        if issues:
            self.edit_refused.emit(editing.messages(issues, self.translator))
        return not issues

    def flag_glyph(self, path: str, note: str = "") -> None:
        self._act(
            lambda actor, app_id: self.store.set_glyph_check(
                actor, app_id, path, needed=True, note=note
            ),
            done_key="staff.glyph.flagged",
        )

    # -- the forms PDF ---------------------------------------------------------------------

    def open_pdf_externally(self) -> None:
        """Write the PDF to a private file (0600) and open it in the system's viewer."""
        current = self.current
        if current is None:
            return
        app_id = current.detail.summary.application_id
        name = f"{current.detail.summary.reception_number}_{app_id[:8]}.pdf"

        def write() -> Path:
            return self.files.write(name, self.store.pdf(self.principal, app_id))

        def then(path: Path) -> None:
            self._opener(QUrl.fromLocalFile(str(path)))
            self.pdf_exported.emit(str(path))

        self._run(write, then=then)

    def print_forms(self, printer: Any) -> None:
        """Print the stored forms on `printer` (chosen in the print dialog), then count it."""
        current = self.current
        if current is None:
            return
        app_id = current.detail.summary.application_id

        def work() -> int:
            # The same drawing as the kiosk's (ui.printing); QPainter on a QPrinter is
            # allowed off the GUI thread, so the window stays responsive.
            paint_pdf(printer, self.store.pdf(self.principal, app_id))
            where = printer.printerName() or printer.outputFileName()
            return int(self.store.record_reprint(self.principal, app_id, where or None))

        def counted(count: int) -> None:
            self.printed.emit(count)
            self.message.emit("info", self.translator("staff.print.done", count=count))
            if self.current_id == app_id:
                self.open(app_id)

        self._run(work, then=counted)

    # -- audit trail file ----------------------------------------------------------------

    def export_audit(self, path: Path) -> None:
        """The open application's audit trail as CSV in `path` (0600), for a review; the
        store checks who may (as for the history tab) and records the export."""
        app_id = self.current_id
        if app_id is None:
            return

        def write() -> int:
            records = self.store.audit_trail(self.principal, app_id)
            text = audit_report.to_csv(records, self.catalogue, self.store.zone, self.translator)
            write_private(path, audit_report.to_bytes(text))
            return len(records)

        def written(_count: int) -> None:
            self.audit_exported.emit(str(path))
            self.message.emit("info", self.translator("staff.audit_file.saved", path=str(path)))
            if self.current_id == app_id:
                self.open(app_id)  # the history now ends with the export

        self._run(write, then=written)

    # -- statistics --------------------------------------------------------------------------

    def load_stats(self, since: datetime, until: datetime, by: str) -> None:
        self._run(self.store.stats, since, until, by, then=self.stats_loaded.emit)

    def export_stats(self, rows: list[Any], path: Path) -> None:
        def write() -> str:
            # With a byte-order mark: spreadsheet programs on Windows then read UTF-8.
            path.write_text(statistics.to_csv(rows), encoding="utf-8-sig", newline="")
            return str(path)

        self._run(write, then=self.stats_exported.emit)

    # -- accounts (admins) -------------------------------------------------------------------

    def load_accounts(self) -> None:
        self._run(self.store.list_accounts, self.principal, then=self.accounts_loaded.emit)

    def _account_change(self, fn: Callable[[], Any], done_key: str, **params: Any) -> None:
        def then(_result: Any) -> None:
            self.message.emit("info", self.translator(done_key, **params))
            self.load_accounts()

        self._run(fn, then=then)

    def create_account(self, username: str, display_name: str, password: str, role: str) -> None:
        self._account_change(
            lambda: self.store.create_account(
                self.principal, username, display_name, password, role
            ),
            "staff.accounts.created",
            username=username,
        )

    def reset_password(self, account_id: int, username: str, password: str) -> None:
        self._account_change(
            lambda: self.store.set_password(self.principal, account_id, password),
            "staff.accounts.password_set",
            username=username,
        )

    def set_account_locked(self, account_id: int, username: str, locked: bool) -> None:
        changes: dict[str, Any] = {"active": False} if locked else {"active": True, "unlock": True}
        self._account_change(
            lambda: self.store.update_account(self.principal, account_id, **changes),
            "staff.accounts.locked" if locked else "staff.accounts.unlocked",
            username=username,
        )
