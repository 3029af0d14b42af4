"""The staff window: who is signed in and at which counter, "call next", the banner
when the database is away, the queue beside the open application, statistics, and
(for admins) accounts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.desktop.sign_in import locale_combo
from ui.desktop.style import staff_style_sheet
from ui.staff.accounts_view import AccountsView
from ui.staff.desk import StaffDesk
from ui.staff.detail_view import DetailView
from ui.staff.help import help_dialog
from ui.staff.queue_view import QueueView
from ui.staff.shortcuts import PROCEDURE_KEYS, SHORTCUTS, key_text, procedure_key, with_key
from ui.staff.stats_view import PathChooser, StatsView, choose_csv_path

#: Asks for a printer, then calls back with it (never with a cancelled dialog).
PrinterChooser = Callable[[QWidget, Callable[[QPrinter], None]], None]


def choose_printer_dialog(parent: QWidget, then: Callable[[QPrinter], None]) -> None:
    """The system's print dialog (window-modal, not blocking the event loop)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print_dialog")
    dialog.accepted.connect(lambda: then(printer))
    dialog.finished.connect(lambda _: dialog.deleteLater())
    # QDialog's open(): PySide6 6.11 binds QPrintDialog.open to the (receiver, member)
    # overload only, so `dialog.open()` raises TypeError.
    QDialog.open(dialog)


class StaffWindow(QMainWindow):
    def __init__(
        self,
        desk: StaffDesk,
        *,
        choose_printer: PrinterChooser | None = None,
        choose_path: PathChooser | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.choose_printer = choose_printer or choose_printer_dialog
        self.setObjectName("staff_window")
        self.setStyleSheet(staff_style_sheet())  # dialogs opened from here inherit it
        central = QWidget()
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        # who, where, call next, language
        top = QHBoxLayout()
        self.user = QLabel()
        self.user.setObjectName("user")
        self.user.setProperty("role", "title")
        top.addWidget(self.user)
        top.addStretch(1)
        self.counter_label = QLabel()
        top.addWidget(self.counter_label)
        self.counter = QLineEdit(desk.counter)
        self.counter.setObjectName("counter")
        self.counter.setMaximumWidth(180)
        # Typed into only when clicked: focus leaving a rebuilt control must never
        # land here with the name selected (one key would replace it on the board).
        self.counter.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.counter.editingFinished.connect(lambda: desk.set_counter(self.counter.text()))
        top.addWidget(self.counter)
        self.call_next = QPushButton()
        self.call_next.setObjectName("call_next")
        self.call_next.setProperty("role", "primary")
        self.call_next.clicked.connect(self._call_next)
        top.addWidget(self.call_next)
        self.busy = QLabel()
        self.busy.setObjectName("busy")
        self.busy.setProperty("role", "muted")
        self.busy.setMinimumWidth(90)
        top.addWidget(self.busy)
        self.language = locale_combo(desk.locale)
        self.language.currentIndexChanged.connect(
            lambda: desk.set_locale(str(self.language.currentData()))
        )
        top.addWidget(self.language)
        layout.addLayout(top)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setProperty("role", "banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        # The message line: a frame carries the colours and the padding, the label
        # inside none (a wrapped QLabel with style-sheet padding is given too little
        # height and is cut top and bottom). Room for two lines is always kept, so a
        # message coming or going never moves the window's contents under the pointer.
        self.message_box = QFrame()
        self.message_box.setObjectName("message_box")
        box = QVBoxLayout(self.message_box)
        box.setContentsMargins(10, 6, 10, 6)
        self.message = QLabel()
        self.message.setObjectName("status_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.message)
        lines = 2 * self.message.fontMetrics().lineSpacing()
        self.message_box.setMinimumHeight(lines + 6 + 6 + 2 * 2)
        layout.addWidget(self.message_box)
        # the pages
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        layout.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("queue_split")
        self.queue = QueueView(desk)
        self.detail = DetailView(desk)
        split.addWidget(self.queue)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.tabs.addTab(split, "")
        self.stats = StatsView(desk, choose_path)
        self.tabs.addTab(self.stats, "")
        self.accounts: AccountsView | None = None
        if desk.is_admin:
            self.accounts = AccountsView(desk)
            self.tabs.addTab(self.accounts, "")
            self.tabs.currentChanged.connect(self._tab_changed)
        self.detail.print_requested.connect(self.reprint)
        self.choose_path = choose_path or choose_csv_path
        self.detail.audit_requested.connect(self.export_audit)
        self.help: QDialog | None = None
        self._shortcuts()
        desk.opened.connect(self._place_focus)  # after the detail view showed it
        desk.connection.connect(self.show_connection)
        desk.message.connect(self.show_message)
        desk.busy.connect(self._busy)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        tr, p = self.desk.translator, self.desk.principal
        self.setWindowTitle(tr("staff.window_title"))
        self.user.setText(
            tr("staff.signed_in_as", name=p.display_name, role=tr(f"staff.role.{p.role}"))
        )
        self.counter_label.setText(tr("staff.counter"))
        self.call_next.setText(tr("staff.call_next"))
        self.call_next.setToolTip(with_key(tr("staff.call_next"), key_text("call_next")))
        self.queue.search.setToolTip(with_key(tr("staff.help.search"), key_text("search")))
        self.banner.setText(self.desk.outage or tr("store.unavailable"))
        self.tabs.setTabText(0, tr("staff.tab.queue"))
        self.tabs.setTabText(1, tr("staff.tab.stats"))
        if self.accounts is not None:
            self.tabs.setTabText(2, tr("staff.tab.accounts"))

    # -- the keyboard -------------------------------------------------------------------

    def _shortcuts(self) -> None:
        detail = self.detail.buttons
        press: dict[str, Callable[[], None]] = {
            "call_next": self._call_next,
            "search": self._focus_search,
            "help": self.show_help,
            **{
                name: _click_if_enabled(detail[name])
                for name in ("start_review", "complete", "return", "reprint")
            },
        }
        for action, key in SHORTCUTS.items():
            QShortcut(QKeySequence(key), self, press[action])
        for n in range(1, PROCEDURE_KEYS + 1):
            QShortcut(
                QKeySequence(procedure_key(n)), self, partial(self.detail.toggle_procedure, n)
            )

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.queue.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.queue.search.selectAll()

    def _place_focus(self, opened: object) -> None:
        """After a confirmed action: focus where the next one is (never 窓口名)."""
        hint = self.desk.take_focus_hint()
        if hint is None or opened is None or self._own_dialog_open():
            return
        target = self.detail.focus_target(*hint) or self.call_next
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _own_dialog_open(self) -> bool:
        """A dialog of this window keeps the focus; another window's (the supervisor's,
        another desk's in the same process) does not stop this one from placing its own."""
        modal = QApplication.activeModalWidget()
        parent = modal.parentWidget() if modal is not None else None
        return parent is not None and parent.window() is self

    def show_help(self) -> None:
        """The keys, in a small window-modal dialog (F1)."""
        if self.help is not None:
            return
        self.help = help_dialog(self.desk.translator, self)
        self.help.finished.connect(self._help_closed)
        self.help.open()

    def _help_closed(self) -> None:
        if self.help is not None:
            self.help.deleteLater()
        self.help = None

    # -- the desk's reports -------------------------------------------------------------

    def show_connection(self, ok: bool) -> None:
        self.banner.setText(self.desk.outage or self.desk.translator("store.unavailable"))
        self.banner.setVisible(not ok)

    def show_message(self, severity: str, text: str) -> None:
        tone = "error" if severity == "error" else "info"
        self.message.setProperty("severity", tone)  # not "role": no label padding here
        self.message_box.setProperty("tone", tone if text else "")
        for widget in (self.message_box, self.message):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.message.setText(text)

    def _busy(self, busy: bool) -> None:
        self.busy.setText(self.desk.translator("staff.busy") if busy else "")

    # -- actions ------------------------------------------------------------------------

    def _call_next(self) -> None:
        self.desk.set_counter(self.counter.text())
        self.desk.call_next()

    def reprint(self) -> None:
        self.choose_printer(self, self.desk.print_forms)

    def export_audit(self) -> None:
        """Ask where, then save the open application's audit trail there (CSV)."""
        current = self.desk.current
        if current is None:
            return
        s = current.detail.summary
        day = self.desk.store.clock.now().astimezone(self.desk.store.zone)
        suggested = f"madoguchi-audit-{s.reception_number}-{day:%Y%m%d}.csv"
        path = self.choose_path(self, suggested)
        if path is not None:
            self.desk.export_audit(path)

    def _tab_changed(self, index: int) -> None:
        if self.accounts is not None and self.tabs.widget(index) is self.accounts:
            self.desk.load_accounts()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.desk.shutdown()
        super().closeEvent(event)


def _click_if_enabled(button: QAbstractButton) -> Callable[[], None]:
    """A shortcut's slot: the button's click, unless the button is disabled just now."""

    def click() -> None:
        if button.isEnabled():
            button.click()

    return click
