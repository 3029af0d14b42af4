"""A month calendar of large day buttons: one tap for dates near today (the day of a
move, of a death). Days are buttons named `day_YYYY-MM-DD`; months change with
`month_prev` / `month_next`. Days outside [earliest, latest] are disabled. "Today"
is whatever the kiosk's clock says (`reset(..., today=)`), never this machine's date.

Above the month, the quick dates the dictionary gives the fact (`quick_dates`: days from
today, such as 0, -1, -7): one tap for today, yesterday, a week ago, each button named
`quick_0`, `quick_minus_1`, `quick_plus_7` and showing the date it stands for.

With keys (blind residents): the arrows move the focus a day or a week, Page Up / Down a
month; read-aloud says the calendar once and then the focused day (ui.kiosk.speech)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from i18n.ruby import plain
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.layouts import clear_layout
from ui.widgets.ruby_label import RubyLabel
from ui.widgets.tile import WrapButton, wrapping_button

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
        self.quick_offsets: tuple[int, ...] = ()
        #: The words of a quick date ("昨日", "1週間前") for its offset in days.
        self.quick_words: Callable[[int], str] = str
        self.quick_day = "{month}/{day}"  # the date under those words, in the language's order
        layout = QVBoxLayout(self)
        self.quick = FlowRow()  # wraps at the largest text: no quick date out of reach
        layout.addWidget(self.quick)
        self.quick_buttons: dict[int, WrapButton] = {}
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

    def retranslate(
        self,
        weekdays: str,
        month_format: str,
        prev: str,
        next_: str,
        quick_words: Callable[[int], str] | None = None,
        quick_day: str = "",
    ) -> None:
        if quick_words is not None:
            self.quick_words = quick_words
            self.quick_day = quick_day or self.quick_day
            self._label_quick()
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
        quick: tuple[int, ...] = (),
    ) -> None:
        """Show `value`'s month (else today's); `today` moves the clock's day on;
        `quick`: the days from today offered as one tap."""
        self.today = today or self.today
        self.selected = value
        self.earliest, self.latest = earliest, latest
        shown = value or self.today
        self.month = date(shown.year, shown.month, 1)
        self.quick_offsets = tuple(quick)
        self._draw_quick()
        self._draw()

    def _allowed(self, day: date) -> bool:
        return (self.earliest is None or day >= self.earliest) and (
            self.latest is None or day <= self.latest
        )

    def _draw_quick(self) -> None:
        self.quick.clear()
        self.quick_buttons = {}
        for offset in self.quick_offsets:
            day = self.today + timedelta(days=offset)
            # Words that wrap: "Isang linggo na ang nakalipas" on one line ran past a
            # portrait display's edge at the largest text.
            button = wrapping_button(quick_name(offset))
            button.setCheckable(True)
            button.setChecked(day == self.selected)
            button.setEnabled(self._allowed(day))
            button.clicked.connect(lambda _=False, d=day: self.date_chosen.emit(d))
            self.quick.add(button, stretch=1)
            self.quick_buttons[offset] = button
        self._label_quick()
        self.quick.setVisible(bool(self.quick_offsets))
        self.quick.relayout()

    def _label_quick(self) -> None:
        for offset, button in self.quick_buttons.items():
            day = self.today + timedelta(days=offset)
            when = self.quick_day.format(month=day.month, day=day.day)
            button.set_text(f"{self.quick_words(offset)}\n{when}")  # readings drawn
            button.setAccessibleName(plain(f"{self.quick_words(offset)} {when}"))

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
            head.setProperty("speech_grouped", True)  # read-aloud: the calendar, not 日 月 火
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
                button.setEnabled(self._allowed(day))
                button.clicked.connect(lambda _=False, d=day: self.date_chosen.emit(d))
                button.setProperty("speech_grouped", True)  # said as the focus comes
                button.installEventFilter(self)
                self.grid.addWidget(button, row, col)
                self.days[day] = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys on a day: arrows a day or a week on, Page Up / Down a month (the next
        month shows when the focus leaves this one); Tab still leaves the calendar."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = _KEY_STEPS.get(Qt.Key(event.key()))
            day = next((d for d, b in self.days.items() if b is watched), None)
            if step is not None and day is not None:
                # After this event: another month's days replace the one being pressed.
                QTimer.singleShot(0, self, lambda: self.move_focus(day, step))
                return True
        return super().eventFilter(watched, event)

    def move_focus(self, day: date, step: int | str) -> None:
        """The focus to `step` days from `day` (or the same day a month on: "month±"),
        never onto a day that cannot be chosen."""
        if isinstance(step, str):
            months = 1 if step == "month+" else -1
            year, month = day.year, day.month + months
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            last = calendar.monthrange(year, month)[1]
            target = date(year, month, min(day.day, last))
        else:
            target = day + timedelta(days=step)
        if not self._allowed(target):
            return  # the edge of what can be chosen: the focus stays (and is said again)
        if (target.year, target.month) != (self.month.year, self.month.month):
            self.month = date(target.year, target.month, 1)
            self._draw()
        self.days[target].setFocus(Qt.FocusReason.TabFocusReason)

    def taps_for(self, value: date) -> list[str]:
        """A quick date when one is that day; else month changes from the month shown
        now, then the day (scripted runs)."""
        offset = (value - self.today).days
        if offset in self.quick_buttons and self.quick_buttons[offset].isEnabled():
            return [quick_name(offset)]
        months = (value.year - self.month.year) * 12 + value.month - self.month.month
        step = "month_next" if months > 0 else "month_prev"
        return [step] * abs(months) + [f"day_{value.isoformat()}"]


#: Days the focus moves for a key on a day (Page Up / Down: a month).
_KEY_STEPS: dict[Qt.Key, int | str] = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Up: -7,
    Qt.Key.Key_Down: 7,
    Qt.Key.Key_PageUp: "month-",
    Qt.Key.Key_PageDown: "month+",
}


def quick_name(offset: int) -> str:
    """quick_0, quick_minus_1, quick_plus_7: the object name of a quick date's button."""
    if offset == 0:
        return "quick_0"
    return f"quick_{'minus' if offset < 0 else 'plus'}_{abs(offset)}"
