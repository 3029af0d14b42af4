"""A month calendar of large day buttons: one tap for dates near today (the day of a
move, of a death). Days are buttons named `day_YYYY-MM-DD`; months change with
`month_prev` / `month_next`. Days outside [earliest, latest] are disabled. "Today"
is whatever the kiosk's clock says (`reset(..., today=)`), never this machine's date."""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from i18n.ruby import plain
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.layouts import clear_layout
from ui.widgets.ruby_label import RubyLabel

WEEKDAYS_JA = "日月火水木金土"


class CalendarWidget(QWidget):
    date_chosen = Signal(object)  # datetime.date

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self.today = today
        self.month = date(self.today.year, self.today.month, 1)
        self.selected: date | None = None
        self.earliest: date | None = None
        self.latest: date | None = None
        self.weekdays = WEEKDAYS_JA
        self.month_format = "{year}年{month}月"
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.prev = touch_button("month_prev", "◀")
        self.prev.clicked.connect(lambda: self.show_month(-1))
        self.next = touch_button("month_next", "▶")
        self.next.clicked.connect(lambda: self.show_month(1))
        self.label = role_label(role="subtitle", name="month_label")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header.addWidget(self.prev)
        header.addWidget(self.label, 1)
        header.addWidget(self.next)
        layout.addLayout(header)
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        layout.addLayout(self.grid)
        self.days: dict[date, QPushButton] = {}

    def retranslate(self, weekdays: str, month_format: str, prev: str, next_: str) -> None:
        if (weekdays, month_format) == (self.weekdays, self.month_format):
            return  # nothing to redraw (this runs on every refresh of the screen)
        self.weekdays = weekdays
        self.month_format = month_format
        self.prev.setAccessibleName(plain(prev))
        self.next.setAccessibleName(plain(next_))
        self._draw()

    def reset(
        self,
        value: date | None,
        *,
        today: date | None = None,
        earliest: date | None = None,
        latest: date | None = None,
    ) -> None:
        """Show `value`'s month (else today's); `today` moves the clock's day on."""
        self.today = today or self.today
        self.selected = value
        self.earliest, self.latest = earliest, latest
        shown = value or self.today
        self.month = date(shown.year, shown.month, 1)
        self._draw()

    def show_month(self, step: int) -> None:
        year, month = self.month.year, self.month.month + step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        self.month = date(year, month, 1)
        self._draw()

    def _draw(self) -> None:
        clear_layout(self.grid)
        self.days = {}
        self.label.setText(self.month_format.format(year=self.month.year, month=self.month.month))
        # Seven letters ("日月火水木金土", "SMTWTFS"), or seven words apart when each
        # carries its reading ("日《にち》 月《げつ》 ...", やさしい日本語).
        words = self.weekdays.split()
        for col, name in enumerate(words if len(words) == 7 else list(self.weekdays)):
            head = RubyLabel(name)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setProperty("role", "field")
            self.grid.addWidget(head, 0, col)
        weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(
            self.month.year, self.month.month
        )
        for row, week in enumerate(weeks, 1):
            for col, day in enumerate(week):
                if day.month != self.month.month:
                    continue
                button = touch_button(
                    f"day_{day.isoformat()}", str(day.day), role="day", checkable=True
                )
                button.setChecked(day == self.selected)
                label = f"{day.month}/{day.day}" + (" ●" if day == self.today else "")
                button.setAccessibleName(label)
                if day == self.today:
                    set_button_text(button, f"{day.day}\n●")
                allowed = (self.earliest is None or day >= self.earliest) and (
                    self.latest is None or day <= self.latest
                )
                button.setEnabled(allowed)
                button.clicked.connect(lambda _=False, d=day: self.date_chosen.emit(d))
                self.grid.addWidget(button, row, col)
                self.days[day] = button

    def taps_for(self, value: date) -> list[str]:
        """Month changes from the month shown now, then the day (scripted runs)."""
        months = (value.year - self.month.year) * 12 + value.month - self.month.month
        step = "month_next" if months > 0 else "month_prev"
        return [step] * abs(months) + [f"day_{value.isoformat()}"]
