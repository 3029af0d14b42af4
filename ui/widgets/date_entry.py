"""Touch date entry: era (令和/平成/昭和/大正 or western), then year, month, day on a keypad.

Typing fills the selected part and moves on by itself, as soon as no further digit could
make it longer (3 for March, 5 for the 5th: no 0 first), so a date is a few digits, plus
an era tap when the date is not in the era the question starts in (the dictionary's
`era`). "Today" covers the most common answer for event dates. The widget
only holds what is being typed; `date_chosen` carries the finished date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.wareki import ERAS, era_year
from i18n.ruby import plain
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.keypad import KeypadWidget
from ui.widgets.tile import WrapButton

WESTERN = "western"
#: Eras a living resident's dates fall in, newest first.
ERA_CHOICES = [e for e in ERAS if e.name in ("令和", "平成", "昭和", "大正")]
_ERA_IDS = {"令和": "reiwa", "平成": "heisei", "昭和": "showa", "大正": "taisho"}


def era_id(name: str) -> str:
    return _ERA_IDS.get(name, WESTERN)


class DateEntryWidget(QWidget):
    date_chosen = Signal(object)  # datetime.date
    invalid = Signal(str)  # i18n key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("date_entry")
        self.era = WESTERN
        self.today_date: date | None = None  # the kiosk clock's day (reset(today=))
        self.parts = {"year": "", "month": "", "day": ""}
        self.active = "year"
        # The next digit replaces the part rather than extending it (just selected, or
        # shown from an earlier answer).
        self._fresh = True
        # Eras two by two on the left (a column of six would push OK below the fold);
        # the date and the keypad on the right.
        outer = QHBoxLayout(self)
        outer.setSpacing(16)
        eras = QGridLayout()
        layout = QVBoxLayout()
        layout.setSpacing(12)
        self.era_buttons: dict[str, QPushButton] = {}
        for i, era in enumerate([*(e.name for e in ERA_CHOICES), WESTERN]):
            key = era_id(era)
            button: QPushButton
            if era == WESTERN:
                # Its word may be long (Calendário ocidental): it wraps inside the
                # button rather than push the keypad past the right edge.
                button = WrapButton(f"era_{key}", "西暦")
                button.setCheckable(True)
            else:
                button = touch_button(f"era_{key}", era, checkable=True)
            button.clicked.connect(lambda _=False, e=era: self.set_era(e))
            eras.addWidget(button, i // 2, i % 2)
            self.era_buttons[era] = button
        self.today = touch_button("date_today", role="small")
        self.today.clicked.connect(self._today)
        eras.addWidget(self.today, 2, 1)
        eras.setRowStretch(4, 1)
        outer.addLayout(eras)
        outer.addLayout(layout, 1)
        # Year, month and day each with its unit; they wrap onto two lines where the
        # words are long (English at the largest size) rather than run off the edge.
        row = FlowRow(spacing=12)
        self.part_buttons: dict[str, QPushButton] = {}
        self.unit_labels: dict[str, QLabel] = {}
        for part in ("year", "month", "day"):
            pair = QWidget()
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            button = touch_button(f"date_{part}", checkable=True)
            button.setProperty("role", "key")
            button.clicked.connect(lambda _=False, p=part: self.select(p))
            unit = role_label(role="subtitle")
            unit.setWordWrap(False)
            pair_row.addWidget(button)
            pair_row.addWidget(unit)
            row.add(pair)
            self.part_buttons[part] = button
            self.unit_labels[part] = unit
        self.parts_row = row
        layout.addWidget(row)
        self.keypad = KeypadWidget()
        self.keypad.digit.connect(self.type_digit)
        self.keypad.delete.connect(self.delete)
        self.ok = touch_button("answer_ok", role="primary")
        self.ok.clicked.connect(self.commit)
        layout.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        # OK under the eras, beside the keypad, not below it: in large text the page
        # would otherwise scroll to reach it (and a row of keypad and OK is too wide).
        eras.addWidget(self.ok, 3, 0, 1, 2)
        self.labels = {"year": "年", "month": "月", "day": "日", "today": "今日", "ok": "OK"}
        self.reset(None)

    def retranslate(
        self, year: str, month: str, day: str, today: str, ok: str, western: str
    ) -> None:
        self.labels = {"year": year, "month": month, "day": day, "today": today, "ok": ok}
        set_button_text(self.today, today)
        set_button_text(self.ok, ok)
        set_button_text(self.era_buttons[WESTERN], western)
        self._redraw()

    def reset(
        self, value: date | None, default_era: str = "令和", *, today: date | None = None
    ) -> None:
        """Start from a known answer (when the resident comes back) or empty; `today` is
        the kiosk clock's day, for the "today" button."""
        self.today_date = today or self.today_date
        if value is not None:
            era, year = era_year(value)
            self.era = era.name if era.name in (e.name for e in ERA_CHOICES) else WESTERN
            y = str(year) if self.era != WESTERN else str(value.year)
            self.parts = {"year": y, "month": str(value.month), "day": str(value.day)}
        else:
            self.era = default_era
            self.parts = {"year": "", "month": "", "day": ""}
        self._select("year")

    def set_era(self, era: str) -> None:
        if era != self.era:
            self.era = era
            self.parts["year"] = ""
        self._select("year")

    def select(self, part: str) -> None:
        self._select(part)

    def _select(self, part: str) -> None:
        self.active = part
        self._fresh = True
        self._redraw()

    def taps_for(self, value: date) -> list[str]:
        """The taps that type `value` from what is shown now (scripted runs); no era
        tap when the keypad is already in the date's era."""
        if value == self.today_date:
            return ["date_today"]
        era = next((e for e in ERA_CHOICES if value >= e.start), None)
        name = era.name if era else WESTERN
        year = f"{value.year - era.start.year + 1:02d}" if era else f"{value.year:04d}"
        taps = [] if name == self.era and self.active == "year" else [f"era_{era_id(name)}"]
        # The fewest digits: 3 for March (on to the day by itself), 5 for the 5th (then
        # OK); a 1 for January is still 01, else it waits for a 10, 11 or 12.
        month = str(value.month) if 2 <= value.month <= 9 else f"{value.month:02d}"
        digits = f"{year}{month}{value.day}"
        return [*taps, *(f"key_{c}" for c in digits), "answer_ok"]

    def _max_digits(self, part: str) -> int:
        return 4 if part == "year" and self.era == WESTERN else 2

    def _complete(self, part: str) -> bool:
        """No further digit fits: the part is typed (a month from 2 up, a day from 4
        up; the year only at its length: an era's years run on)."""
        typed = self.parts[part]
        if len(typed) >= self._max_digits(part):
            return True
        first_of_two = {"month": 2, "day": 4}.get(part)
        return first_of_two is not None and int(typed or 0) >= first_of_two

    def type_digit(self, digit: str) -> None:
        part = self.active
        if self._fresh or self._complete(part):
            self.parts[part] = ""
        self._fresh = False
        self.parts[part] += digit
        if self._complete(part) and part != "day":
            self._select("month" if part == "year" else "day")
        else:
            self._redraw()

    def delete(self) -> None:
        part = self.active
        self._fresh = False
        if not self.parts[part] and part != "year":
            self.active = "year" if part == "month" else "month"
            part = self.active
        self.parts[part] = self.parts[part][:-1]
        self._redraw()

    def _today(self) -> None:
        self.reset(self.today_date)
        self.commit()

    def value(self) -> date | None:
        try:
            year, month, day = (int(self.parts[p]) for p in ("year", "month", "day"))
        except ValueError:
            return None
        if self.era != WESTERN:
            era = next(e for e in ERA_CHOICES if e.name == self.era)
            year = era.start.year + year - 1
        try:
            chosen = date(year, month, day)
        except ValueError:
            return None
        if self.era != WESTERN and era_year(chosen)[0].name != self.era:
            return None  # e.g. 平成32年: that day belongs to another era
        return chosen

    def commit(self) -> None:
        chosen = self.value()
        if chosen is None:
            self.invalid.emit("kiosk.date.invalid")
        else:
            self.date_chosen.emit(chosen)

    def _redraw(self) -> None:
        for era, button in self.era_buttons.items():
            button.setChecked(era == self.era)
        for part, button in self.part_buttons.items():
            text = self.parts[part] or "－"
            set_button_text(button, text)
            button.setAccessibleName(plain(f"{text} {self.labels[part]}"))
            button.setChecked(part == self.active)
            self.unit_labels[part].setText(self.labels[part])
        self.ok.setEnabled(all(self.parts.values()))
        self.parts_row.updateGeometry()  # the units' words may be longer now
        self.parts_row.relayout()
