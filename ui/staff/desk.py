"""`StaffDesk`: the Qt adapter of one staff desktop, over the Qt-free models in
`kiosk.desk`.

The state and its rules live in `kiosk.desk` (the queue's filter and coalesced reloads,
the open application, the connection, the actions' messages, the wording, corrections);
this class only does what needs Qt: each database call runs in a worker
(`ui.threads.run_in_thread`) and its result comes back by queued signal, on the main
thread, where the model decides and the desk emits its signals; the timers (waiting
times, retries), the queue's table model, page images, printing and the system viewer.
Widgets hold none of this: they show what the desk reports and call its methods.

Live updates: `LiveUpdates` forwards the store's change watcher. Any change reloads the
queue (coalesced: one reload in flight, at most one more queued), and the open
application is reloaded when its row shows a newer version than the one displayed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from forms.catalogue import Catalogue
from i18n import Translator, translator
from kiosk.desk import files, wording
from kiosk.desk.actions import ACTIONS
from kiosk.desk.connection import Connection
from kiosk.desk.current import OpenApplication, Opened
from kiosk.desk.editing import edit_answers, refusal
from kiosk.desk.editing import resolve_glyph as resolve_glyph_in
from kiosk.desk.queue import PAGE, QueueReloads, held_numbers
from kiosk.live_catalogue import LiveCatalogue
from kiosk.store import (
    ApplicationDetail,
    DatabaseUnavailable,
    Principal,
    QueueFilter,
    QueueItem,
    QueuePage,
    StoreChanged,
    ValidationFailed,
    lifecycle,
)
from ui.desktop.catalogue_switch import CatalogueSwitch
from ui.desktop.live import LiveUpdates
from ui.models.queue import QueueTableModel
from ui.pdf_pages import render_previews
from ui.printing import paint_pdf
from ui.staff.viewer import PrivateFiles
from ui.threads import run_in_thread

__all__ = ["Opened", "StaffDesk"]

#: Pixel width of the page images in the detail view.
PREVIEW_WIDTH = 900
#: How often waiting times count on, and the queue is re-read if no change arrived.
TICK_MS = 30_000
#: While the database refuses calls: how soon the desk tries again (the banner goes
#: when a call succeeds, not on the next 30 s tick).
RETRY_MS = 3_000


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
        page: int = PAGE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.principal = principal
        self.catalogue = catalogue
        #: The Qt-free models (kiosk.desk): the queue's reloads, the open application,
        #: the connection.
        self.queue = QueueReloads(page)
        self.application = OpenApplication()
        self.link = Connection()
        #: New publications in `catalogue_dir`, taken up when no application is open
        #: (labels, checks and edits of an open one keep the catalogue they began with).
        self.catalogue_switch = CatalogueSwitch(
            LiveCatalogue(catalogue_dir, catalogue),
            seconds=catalogue_check_seconds,
            is_safe=lambda: self.application.idle,
            apply=self._use_catalogue,
            parent=self,
        )
        self.counter = counter
        self.locale = locale
        self.translator: Translator = translator(locale)
        self.model = QueueTableModel(store.clock, locale=locale, parent=self)
        self.model.more = (self.queue.has_more, self.load_more)
        #: Worker calls still running (the busy indicator; tests wait on it).
        self._pending = 0
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
        return self.link.connected

    @property
    def outage(self) -> str:
        """Why the database is away, in words (the banner); "" while connected."""
        return self.link.outage

    @property
    def is_admin(self) -> bool:
        return self.principal.is_admin

    @property
    def loads(self) -> int:
        """Queue reloads finished so far."""
        return self.queue.loads

    @property
    def current(self) -> Opened | None:
        return self.application.current

    @property
    def current_id(self) -> str | None:
        return self.application.current_id

    def set_locale(self, locale: str) -> None:
        if locale == self.locale:
            return
        self.locale = locale
        self.translator = translator(locale)
        self.model.set_locale(locale)
        self.locale_changed.emit(locale)

    def set_counter(self, counter: str) -> None:
        self.counter = counter.strip() or self.counter

    def _say(self, key: str, **params: Any) -> None:
        self.message.emit("info", self.translator(key, **params))

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
            if self.link.call_ok():
                self._recovered()
            then(value)

        def error(exc: BaseException) -> None:
            done()
            if isinstance(exc, DatabaseUnavailable):
                if self.link.call_failed(self.error_text(exc)):
                    self.connection.emit(False)
                self._retry.start()
            (failed or self.report)(exc)

        run_in_thread(fn, *args, on_result=ok, on_error=error)

    def report(self, exc: BaseException) -> None:
        self.message.emit("error", self.error_text(exc))

    def error_text(self, exc: BaseException) -> str:
        return wording.error_text(exc, self.translator, self.procedure_title)

    def _retry_calls(self) -> None:
        if self.link.calls_failing:
            self.reload()  # success hides the banner; failure starts the timer again

    def _recovered(self) -> None:
        """The database answers again: the stale error goes, and what is open is read
        again (a change that failed must not look done, nor one made elsewhere missed)."""
        self.connection.emit(True)
        self._say("store.reconnected")
        if self.current_id is not None:
            self.open(self.current_id)

    # -- live updates --------------------------------------------------------------------

    def _on_change(self, event: StoreChanged) -> None:
        if self.application.showing(event.application_id):
            # Changed elsewhere (returned at another desk, say): it may have left this
            # list, so its row cannot tell; read it again now.
            self.open(event.application_id)
        self.reload()

    def _on_lost(self) -> None:
        if self.link.watch_lost():
            self.connection.emit(False)

    def _on_reconnected(self) -> None:
        if self.link.watch_back():
            self._recovered()
        self.reload()  # also the test of calls that failed: it hides the banner or not

    def _on_tick(self) -> None:
        self.model.tick()
        if not self.connected:
            self.reload()  # a failed call is retried; success hides the banner

    # -- the queue -----------------------------------------------------------------------

    def set_filter(self, **changes: Any) -> None:
        self.queue.set_filter(**changes)
        self.reload()

    def reload(self) -> None:
        if self.queue.begin():
            self._run(
                lambda f, size: self.store.queue_page(self.principal, f, size=size),
                self.queue.filter,
                self.queue.reload_size,
                then=self._queue_arrived,
                failed=self._queue_failed,
            )

    def load_more(self) -> None:
        """The clerk scrolled to the end of the list: the next page (the table asks)."""
        after = self.queue.begin_more()
        if after is None:
            return
        f = self.queue.filter

        def then(page: QueuePage) -> None:
            if f != self.queue.filter:  # the filter changed meanwhile: its reload shows it
                self.queue.more_failed()
                return
            self.model.set_records(self.queue.more_arrived(page))
            self.queue_loaded.emit()

        def failed(exc: BaseException) -> None:
            self.queue.more_failed()
            self._queue_failed(exc)

        self._run(
            lambda: self.store.queue_page(self.principal, f, after=after, size=self.queue.page),
            then=then,
            failed=failed,
        )

    def _queue_arrived(self, page: QueuePage) -> None:
        items = self.queue.page_arrived(page)
        self.model.set_records(items)
        if self.queue.arrived():
            self.reload()
        stale = self.application.stale_in(items)  # another desk (or this one) changed it
        if stale is not None:
            self.open(stale)
        self.queue_loaded.emit()

    def _queue_failed(self, exc: BaseException) -> None:
        self.queue.failed()
        if not isinstance(exc, DatabaseUnavailable):
            self.report(exc)

    def _use_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._say("staff.catalogue.switched", version=catalogue.version)

    # -- one application -----------------------------------------------------------------

    def open(self, application_id: str | None) -> None:
        """Show this application (its detail view is logged as a view in the audit log)."""
        if application_id is None:
            self.application.close()
            self.opened.emit(None)
            self.catalogue_switch.safe_point()  # nothing open: a new catalogue may come
            return
        load = self.application.request(application_id)
        if load is not None:
            self._run(
                self._load,
                load.application_id,
                load.record_view,
                then=self._loaded,
                failed=self._load_failed,
            )

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
        instead = self.application.loaded(opened)
        if instead is not None:  # asked again meanwhile (another row, or a change)
            self.open(instead)
            return
        self.opened.emit(opened)

    def _load_failed(self, exc: BaseException) -> None:
        self.application.failed()
        if not isinstance(exc, DatabaseUnavailable):  # that one the banner says
            self.report(exc)

    def _changed(self, app_id: str, focus: tuple[str, str] | None = None) -> None:
        """A change to `app_id` was confirmed: remember where the focus goes, read it and
        the queue again."""
        if focus is not None:
            self.application.focus_hint = focus
        self.open(app_id)
        self.reload()

    def _act(self, name: str, *args: Any) -> None:
        """One of `kiosk.desk.actions.ACTIONS` on the open application; reopen it with
        what the store returns."""
        app_id = self.current_id
        if app_id is None:
            return
        action = ACTIONS[name]

        def then(_result: Any) -> None:
            if action.done_key:
                self._say(action.done_key, number=self.application.number)
            self._changed(app_id, (action.focus, "") if action.focus else None)

        self._run(getattr(self.store, name), self.principal, app_id, *args, then=then)

    # -- calling -------------------------------------------------------------------------

    def call_next(self) -> None:
        """The longest-waiting application this desk's queue shows: of the department
        chosen in the counter filter (one with a procedure still open there) and the
        counter group chosen, if any."""
        f = self.queue.filter

        def work() -> tuple[list[str], QueueItem | None]:
            held = self.held_numbers()  # before the call: what the clerk already holds
            item = self.store.call_next(
                self.principal,
                self.counter,
                counter_group=f.counter_group,
                procedure_counter=f.counter,
            )
            return held, item

        def then(result: tuple[list[str], QueueItem | None]) -> None:
            held, item = result
            if item is None:
                self._say("staff.call.nobody")
                return
            text = wording.called(self.translator, item.reception_number, self.counter, held)
            self.message.emit("info", text)
            self._changed(item.application_id, ("called", ""))

        self._run(work, then=then)

    def held_numbers(self) -> list[str]:
        """Reception numbers this staff member holds now (called or in review), asked of
        the store: the list shows only its first pages. Blocking: call on a worker."""
        mine = QueueFilter(states=tuple(lifecycle.HELD), held_by=self.principal.account_id)
        return held_numbers(self.store.list_queue(self.principal, mine), self.principal.username)

    def call_current(self) -> None:
        self._act("call", self.counter)

    def recall(self) -> None:
        self._act("recall")

    def start_review(self) -> None:
        self._act("start_review")

    def complete(self) -> None:
        self._act("complete")

    def release(self) -> None:
        self._act("release")

    def hand_over(self, department: str) -> None:
        """To the next department's queue, at the resident's original arrival."""
        self._act("hand_over", department)

    def return_to_resident(self, reason: str) -> None:
        self._act("return_to_resident", reason)

    def cancel(self, reason: str) -> None:
        self._act("cancel", reason)

    def take_focus_hint(self) -> tuple[str, str] | None:
        """What was last done (and confirmed) here, once: ("procedure", its id) etc."""
        return self.application.take_focus_hint()

    def _show_stored(self, app_id: str) -> None:
        """A change was refused: the box goes back at once to what the database last
        confirmed (reading it again may fail too, the database being away)."""
        if self.current_id == app_id:
            self.opened.emit(self.current)

    def mark_handed_off(self, procedure_id: str, handed_off: bool) -> None:
        """基幹へ連携済 by hand (or undone); shown once the database took it."""
        app_id = self.current_id
        if app_id is None:
            return

        def then(_detail: ApplicationDetail) -> None:
            title = self.procedure_title(procedure_id)
            self.message.emit("info", wording.handoff_done(self.translator, title, handed_off))
            self.open(app_id)

        def failed(exc: BaseException) -> None:
            self._show_stored(app_id)
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

        def failed(exc: BaseException) -> None:
            self._show_stored(app_id)
            title, reason = self.procedure_title(procedure_id), self.error_text(exc)
            self.message.emit(
                "error", wording.procedure_refused(self.translator, title, done, reason)
            )
            self.open(app_id)

        self._run(
            lambda: self.store.mark_procedure(self.principal, app_id, procedure_id, done=done),
            then=lambda _detail: self._changed(app_id, ("procedure", procedure_id)),
            failed=failed,
        )

    def procedure_title(self, procedure_id: str, title_ja: str = "") -> str:
        """A procedure as staff call it: the catalogue's title in the desk's language."""
        title_ja = title_ja or self.application.procedure_title_ja(procedure_id)
        return wording.procedure_title(
            self.catalogue, self.locale, self.translator, procedure_id, title_ja
        )

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
            self._say("staff.edit.saved", count=len(done))
            self._changed(detail.summary.application_id)

        def failed(exc: BaseException) -> None:
            self.edit_refused.emit(self.error_text(exc).splitlines())
            if not isinstance(exc, ValidationFailed):
                self.report(exc)

        self._run(
            lambda: edit_answers(
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
            self._say("staff.glyph.resolved")
            self._changed(detail.summary.application_id)

        def failed(exc: BaseException) -> None:
            self.edit_refused.emit(self.error_text(exc).splitlines())
            self.report(exc)

        self._run(
            lambda: resolve_glyph_in(
                self.store, self.catalogue, self.principal, detail, path, value, note, checked=True
            ),
            then=then,
            failed=failed,
        )

    def _checks_pass(self, detail: ApplicationDetail, changes: dict[str, Any]) -> bool:
        """The kiosk's checks, here on the main thread (see kiosk.desk.editing)."""
        refused = refusal(self.catalogue, detail, changes, self.store.clock, self.translator)
        if refused:
            self.edit_refused.emit(refused)
        return not refused

    def flag_glyph(self, path: str, note: str = "") -> None:
        app_id = self.current_id
        if app_id is None:
            return

        def then(_result: Any) -> None:
            self._say("staff.glyph.flagged", number=self.application.number)
            self._changed(app_id)

        self._run(
            lambda: self.store.set_glyph_check(
                self.principal, app_id, path, needed=True, note=note
            ),
            then=then,
        )

    # -- the forms PDF ---------------------------------------------------------------------

    def open_pdf_externally(self) -> None:
        """Write the PDF to a private file (0600) and open it in the system's viewer."""
        current = self.current
        if current is None:
            return
        summary = current.detail.summary

        def write() -> Path:
            pdf = self.store.pdf(self.principal, summary.application_id)
            return self.files.write(files.pdf_name(summary), pdf)

        def then(path: Path) -> None:
            self._opener(QUrl.fromLocalFile(str(path)))
            self.pdf_exported.emit(str(path))

        self._run(write, then=then)

    def print_forms(self, printer: Any) -> None:
        """Print the stored forms on `printer` (chosen in the print dialog), then count it."""
        app_id = self.current_id
        if app_id is None:
            return

        def work() -> int:
            # The same drawing as the kiosk's (ui.printing); QPainter on a QPrinter is
            # allowed off the GUI thread, so the window stays responsive.
            paint_pdf(printer, self.store.pdf(self.principal, app_id))
            where = printer.printerName() or printer.outputFileName()
            return int(self.store.record_reprint(self.principal, app_id, where or None))

        def counted(count: int) -> None:
            self.printed.emit(count)
            self._say("staff.print.done", count=count)
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

        def written(_count: int) -> None:
            self.audit_exported.emit(str(path))
            self._say("staff.audit_file.saved", path=str(path))
            if self.current_id == app_id:
                self.open(app_id)  # the history now ends with the export

        self._run(
            files.write_audit,
            self.store,
            self.principal,
            app_id,
            self.catalogue,
            self.translator,
            path,
            then=written,
        )

    # -- statistics --------------------------------------------------------------------------

    def load_stats(self, since: datetime, until: datetime, by: str) -> None:
        self._run(self.store.stats, since, until, by, then=self.stats_loaded.emit)

    def export_stats(self, rows: list[Any], path: Path) -> None:
        self._run(files.write_stats, rows, path, then=self.stats_exported.emit)

    # -- accounts (admins) -------------------------------------------------------------------

    def load_accounts(self) -> None:
        self._run(self.store.list_accounts, self.principal, then=self.accounts_loaded.emit)

    def _account_change(self, fn: Callable[[], Any], done_key: str, **params: Any) -> None:
        def then(_result: Any) -> None:
            self._say(done_key, **params)
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
        changes, done_key = files.lock_change(locked)
        self._account_change(
            lambda: self.store.update_account(self.principal, account_id, **changes),
            done_key,
            username=username,
        )
