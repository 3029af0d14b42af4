"""Dates: the era/keypad entry (any date: a birth date), and a month calendar for
dates near today (the `calendar` widget: the day of a move) with one-tap quick dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout

from ui.kiosk.screens.base import centered
from ui.kiosk.screens.inputs.base import InputPage, Question, Tr
from ui.widgets.buttons import set_button_text
from ui.widgets.calendar import CalendarWidget
from ui.widgets.date_entry import DateEntryWidget
from ui.widgets.tile import wrapping_button

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


class DateEntryPage(InputPage):
    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.date_entry = DateEntryWidget()
        self.date_entry.date_chosen.connect(lambda d: self.answer(d.isoformat()))
        self.date_entry.invalid.connect(self.refused.emit)
        self.hold(self.date_entry)

    def build(self, question: Question) -> bool:
        super().build(question)
        # The era the keypad starts in is the field's (昭和 for an adult's birth date).
        self.date_entry.reset(
            _date(question.current),
            default_era=question.field.era or "令和",
            today=self.controller.clock.today(),
        )
        return True

    def clear(self) -> None:
        self.date_entry.reset(None)

    def retranslate(self, tr: Tr) -> None:
        self.date_entry.retranslate(
            tr("kiosk.date.year"),
            tr("kiosk.date.month"),
            tr("kiosk.date.day"),
            tr("kiosk.date.today"),
            tr("kiosk.question.ok"),
            tr("kiosk.date.western"),
        )
        self.date_entry.keypad.retranslate(tr("kiosk.keypad.delete"), tr("kiosk.keypad.delete_key"))

    def taps_for(self, value: Any) -> list[str]:
        return self.date_entry.taps_for(date.fromisoformat(str(value)))


class CalendarPage(InputPage):
    """A month calendar, the field's quick dates above it, a way to the date entry."""

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        col = QVBoxLayout(self)
        self.calendar = CalendarWidget(controller.clock.today())
        self.calendar.date_chosen.connect(lambda d: self.answer(d.isoformat()))
        col.addWidget(self.calendar, 1)
        self.other_date = wrapping_button("date_keypad")
        self.other_date.clicked.connect(lambda: self.switch.emit(DateEntryPage))
        col.addLayout(centered(self.other_date))

    def build(self, question: Question) -> bool:
        super().build(question)
        today = self.controller.clock.today()
        self.calendar.reset(_date(question.current), today=today, quick=question.field.quick_dates)
        return True

    def clear(self) -> None:
        self.calendar.reset(None)

    def retranslate(self, tr: Tr) -> None:
        set_button_text(self.other_date, tr("kiosk.date.other"))
        self.calendar.retranslate(
            tr("kiosk.calendar.weekdays"),
            tr("kiosk.calendar.month"),
            tr("kiosk.calendar.prev"),
            tr("kiosk.calendar.next"),
            lambda offset: quick_words(tr, offset),
            tr("kiosk.calendar.quick_day"),
        )

    def taps_for(self, value: Any) -> list[str]:
        return self.calendar.taps_for(date.fromisoformat(str(value)))


#: The words of a quick date by its distance from today (other distances: n days).
_QUICK_WORDS = {
    0: "kiosk.calendar.today",
    -1: "kiosk.calendar.yesterday",
    1: "kiosk.calendar.tomorrow",
    -7: "kiosk.calendar.weeks_ago",
    7: "kiosk.calendar.weeks_later",
}


def quick_words(tr: Tr, offset: int) -> str:
    """今日, 昨日, 3日前, 1週間前, 明日, 10日後: a quick date in the resident's words."""
    if offset in _QUICK_WORDS:
        return str(tr(_QUICK_WORDS[offset]))
    key = "kiosk.calendar.days_ago" if offset < 0 else "kiosk.calendar.days_later"
    return str(tr(key, n=abs(offset)))
