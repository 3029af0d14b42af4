"""Statistics: waiting time (submitted → called) and handling time (called → completed)
per procedure and day, hour, or hour of day; saved as CSV for the city's reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.store.stats import BUCKETS
from ui.models.admin import stats_model
from ui.staff.desk import StaffDesk
from ui.staff.tables import record_table

#: Asks where to save the CSV; None when the staff member cancels.
PathChooser = Callable[[QWidget, str], Path | None]


def choose_csv_path(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "", suggested, "CSV (*.csv)")
    return Path(name) if name else None


class StatsView(QWidget):
    def __init__(
        self, desk: StaffDesk, choose_path: PathChooser | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.choose_path = choose_path or choose_csv_path
        self.model = stats_model(desk.locale, self)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        # The city hall's day (the store's zone), not this machine's.
        today = QDate(desk.store.clock.today())
        self.since = QDateEdit(today.addDays(-6))
        self.since.setObjectName("stats_since")
        self.until = QDateEdit(today)
        self.until.setObjectName("stats_until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.by = QComboBox()
        self.by.setObjectName("stats_by")
        self.since_label, self.until_label = QLabel(), QLabel()
        self.show_button = QPushButton()
        self.show_button.setObjectName("stats_show")
        self.export_button = QPushButton()
        self.export_button.setObjectName("stats_export")
        for widget in (self.since_label, self.since, self.until_label, self.until, self.by):
            bar.addWidget(widget)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.table = record_table("stats", self.model)
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        layout.addWidget(self.note)
        self.show_button.clicked.connect(self.load)
        self.export_button.clicked.connect(self.export)
        desk.stats_loaded.connect(self.model.set_records)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.desk.translator
        self.model.set_locale(self.desk.locale)
        self.since_label.setText(tr("staff.stats.since"))
        self.until_label.setText(tr("staff.stats.until"))
        self.show_button.setText(tr("staff.stats.show"))
        self.export_button.setText(tr("staff.stats.export"))
        self.note.setText(tr("staff.stats.note"))
        keep = self.by.currentData() or "day"
        self.by.blockSignals(True)
        self.by.clear()
        for by in BUCKETS:
            self.by.addItem(tr(f"staff.stats.by.{by}"), by)
        self.by.setCurrentIndex(max(0, self.by.findData(keep)))
        self.by.blockSignals(False)

    def period(self) -> tuple[datetime, datetime]:
        """From the first day's local midnight to the midnight after the last day."""
        zone = self.desk.store.zone
        first: date = self.since.date().toPython()  # type: ignore[assignment]
        last: date = self.until.date().toPython()  # type: ignore[assignment]
        return (
            datetime.combine(first, time(), zone),
            datetime.combine(last + timedelta(days=1), time(), zone),
        )

    def load(self) -> None:
        since, until = self.period()
        self.desk.load_stats(since, until, str(self.by.currentData()))

    def export(self) -> None:
        since, until = self.period()
        suggested = f"madoguchi-stats-{since:%Y%m%d}-{until - timedelta(days=1):%Y%m%d}.csv"
        path = self.choose_path(self, suggested)
        if path is not None:
            self.desk.export_stats(self.model.records, path)
