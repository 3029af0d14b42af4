"""`SupervisorWindow`: four tables and an alert line, read again on every change the
store reports (LiveUpdates) and every 30 s (minutes waited move on by themselves).

The rows come from the Qt-free `kiosk.supervision.SupervisorModel`; F11 toggles full
screen (`fullscreen=True` starts there, for a wall screen).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import translator
from kiosk.store import Principal, StoreError
from kiosk.store.supervision import Overview
from kiosk.supervision import FlagLine, HeldLine, SupervisorModel, WaitLine
from ui.desktop.live import LiveUpdates
from ui.desktop.style import staff_style_sheet
from ui.desktop.tables import record_table
from ui.models.table import Column, RecordTableModel
from ui.threads import run_in_thread

REFRESH_MS = 30_000
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _minutes(value: int | None, tr: Any) -> str:
    return "—" if value is None else tr("staff.supervisor.minutes", minutes=value)


def _wait_model(locale: str, parent: QWidget) -> RecordTableModel[WaitLine]:
    return RecordTableModel(
        [
            Column("staff.supervisor.where", lambda r, tr: r.where),
            Column("staff.supervisor.waiting", lambda r, tr: str(r.waiting), align=RIGHT),
            Column(
                "staff.supervisor.longest",
                lambda r, tr: _minutes(r.longest_minutes, tr),
                align=RIGHT,
            ),
        ],
        key=lambda r: r.where,
        locale=locale,
        parent=parent,
    )


class SupervisorWindow(QMainWindow):
    #: Flags that appeared (their count): the alert went up.
    alerted = Signal(int)
    refreshed = Signal()

    def __init__(
        self,
        store: Any,
        principal: Principal,
        *,
        locale: str = "ja",
        fullscreen: bool = False,
        watch_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.store, self.principal = store, principal
        self.translator = translator(locale)
        self.model = SupervisorModel()
        self.loads = 0
        self._loading = False
        self.setObjectName("supervisor_window")
        self.setStyleSheet(staff_style_sheet())
        self.setWindowTitle(self.translator("staff.supervisor.title"))
        central = QWidget()
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        title = QLabel(self.translator("staff.supervisor.title"))
        title.setProperty("role", "name")
        top.addWidget(title)
        top.addStretch(1)
        self.updated = QLabel()
        self.updated.setObjectName("supervisor_updated")
        top.addWidget(self.updated)
        self.fullscreen_button = QPushButton(self.translator("staff.supervisor.fullscreen"))
        self.fullscreen_button.setObjectName("toggle_fullscreen")
        self.fullscreen_button.setAutoDefault(False)
        self.fullscreen_button.clicked.connect(self.toggle_fullscreen)
        top.addWidget(self.fullscreen_button)
        layout.addLayout(top)
        alert_row = QHBoxLayout()
        self.alert = QLabel()
        self.alert.setObjectName("supervisor_alert")
        self.alert.setWordWrap(True)
        self.alert.setContentsMargins(8, 4, 8, 4)  # the text clear of its red frame
        alert_row.addWidget(self.alert, 1)
        self.acknowledge = QPushButton(self.translator("staff.supervisor.acknowledge"))
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.setAutoDefault(False)
        self.acknowledge.clicked.connect(self.acknowledge_alert)
        alert_row.addWidget(self.acknowledge)
        layout.addLayout(alert_row)
        self.departments = _wait_model(locale, self)
        self.groups = _wait_model(locale, self)
        self.held: RecordTableModel[HeldLine] = RecordTableModel(
            [
                Column("staff.supervisor.clerk", lambda r, tr: r.clerk),
                Column("staff.supervisor.count", lambda r, tr: str(r.count), align=RIGHT),
                Column("staff.supervisor.numbers", lambda r, tr: r.numbers),
                Column(
                    "staff.supervisor.since", lambda r, tr: _minutes(r.minutes, tr), align=RIGHT
                ),
            ],
            key=lambda r: r.clerk,
            tone=lambda r: "attention" if r.too_many else None,
            locale=locale,
            parent=self,
        )
        self.flags: RecordTableModel[FlagLine] = RecordTableModel(
            [
                Column("staff.supervisor.number", lambda r, tr: r.number),
                Column("staff.supervisor.what", lambda r, tr: r.what),
                Column("staff.supervisor.terminal", lambda r, tr: r.where),
            ],
            key=lambda r: (r.number, r.what, r.where),
            tone=lambda r: "attention" if r.new else None,
            locale=locale,
            parent=self,
        )
        grid = QGridLayout()
        boxes: list[tuple[str, str, QAbstractItemModel]] = [
            ("departments", "staff.supervisor.departments", self.departments),
            ("groups", "staff.supervisor.groups", self.groups),
            ("held", "staff.supervisor.held", self.held),
            ("flags", "staff.supervisor.flags", self.flags),
        ]
        for n, (name, key, model) in enumerate(boxes):
            box = QGroupBox(self.translator(key))
            inner = QVBoxLayout(box)
            inner.addWidget(record_table(f"supervisor_{name}", model, wrap=True))
            grid.addWidget(box, n // 2, n % 2)
        layout.addLayout(grid, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_fullscreen)
        self.live = LiveUpdates(store, self, **(watch_options or {}))
        self.live.changed.connect(lambda _e: self.refresh())
        self.live.reconnected.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._start_fullscreen = fullscreen
        self._show_alert()

    # -- running -----------------------------------------------------------------------

    def start(self) -> None:
        self.live.start()
        self.timer.start()
        self.refresh()

    def show_window(self) -> None:
        if self._start_fullscreen:
            self.showFullScreen()
        else:
            self.show()
        # Its keys (F11) work at once: the sign-in dialog that closed left no window
        # active where no window manager picks the next one.
        self.activateWindow()

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def refresh(self) -> None:
        if self._loading:  # one read at a time; the next change reads again
            return
        self._loading = True
        run_in_thread(
            self.store.supervisor_overview,
            self.principal,
            on_result=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, overview: Overview) -> None:
        self._loading = False
        new = self.model.update(overview)
        tr = self.translator
        self.departments.set_records(self.model.wait_lines(tr, "department"))
        self.groups.set_records(self.model.wait_lines(tr, "group"))
        self.held.set_records(self.model.held_lines())
        self.flags.set_records(self.model.flag_lines(tr))
        at = overview.at.astimezone(self.store.zone)
        self.updated.setText(tr("staff.supervisor.updated", time=at.strftime("%H:%M")))
        self._show_alert()
        self.loads += 1
        if new:
            QApplication.beep()  # heard across the room, as well as seen
            self.alerted.emit(len(new))
        self.refreshed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        key = exc.key if isinstance(exc, StoreError) else "staff.error.unexpected"
        params = exc.params if isinstance(exc, StoreError) else {"detail": type(exc).__name__}
        self.updated.setText(self.translator(key, **params))

    def acknowledge_alert(self) -> None:
        self.model.acknowledge()
        self.flags.set_records(self.model.flag_lines(self.translator))
        self._show_alert()

    def _show_alert(self) -> None:
        lines = [f for f in self.model.flag_lines(self.translator) if f.new]
        if lines:
            items = self.translator("staff.list_separator").join(
                f"{f.number} {f.what}" for f in lines
            )
            self.alert.setText(self.translator("staff.supervisor.alert", items=items))
            self.alert.setProperty("role", "error")
        else:
            self.alert.setText(
                ""
                if self.model.overview is None or self.model.overview.flags
                else self.translator("staff.supervisor.none")
            )
            self.alert.setProperty("role", "muted")
        self.alert.style().unpolish(self.alert)
        self.alert.style().polish(self.alert)
        self.acknowledge.setEnabled(bool(lines))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        self.live.stop()
        super().closeEvent(event)
