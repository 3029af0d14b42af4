"""Places: any address in Japan (prefecture → municipality → town → 番地), the towns
of this municipality for a postal code (the `town_list` widget), a nationality or
region (a `country` fact, or one given instead of 本籍)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout

from forms.data import dictionary_key
from kiosk.postal import PostalAddress, towns
from ui.kiosk.screens.base import centered
from ui.kiosk.screens.inputs.base import InputPage, Question, Tr
from ui.kiosk.screens.inputs.typed import DIGITS_APART_SIZES, KeypadPage, retranslate_keyboard
from ui.widgets.address_picker import KANA_ROWS, AddressPickerWidget, kana_row
from ui.widgets.buttons import set_button_text, touch_button
from ui.widgets.country_list import CountryListWidget
from ui.widgets.flow_row import FlowRow
from ui.widgets.layouts import clear_layout
from ui.widgets.paged_scroll import paged, scrolling_grid
from ui.widgets.tile import wrapping_button

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController


class AddressPickerPage(InputPage):
    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.address_picker = AddressPickerWidget()
        self.address_picker.address_chosen.connect(self.answer)
        self.hold(self.address_picker)

    def build(self, question: Question) -> bool:
        super().build(question)
        self.address_picker.reset()
        self.address_picker.keyboard.set_digits_apart(
            self.controller.text_size in DIGITS_APART_SIZES
        )
        return True

    def clear(self) -> None:
        self.address_picker.reset()  # the steps chosen and the 番地 typed: the resident's

    def retranslate(self, tr: Tr) -> None:
        self.address_picker.retranslate(
            tr("kiosk.address.up"), tr("kiosk.address.not_listed"), tr("kiosk.question.ok")
        )
        retranslate_keyboard(self.address_picker.keyboard, tr)

    def taps_for(self, value: Any) -> list[str]:
        return self.address_picker.taps_for(str(value))


class TownsPage(InputPage):
    """Towns of this municipality by the first kana of their reading: one tap gives the
    postal code and the address up to the town. None to offer without town data."""

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        col = QVBoxLayout(self)
        self.town_rows = FlowRow()  # 50-on rows: more lines where one does not fit
        col.addWidget(self.town_rows)
        self.town_area, self.town_layout = scrolling_grid()
        col.addWidget(paged(self.town_area), 1)
        self.postal_keypad = wrapping_button("postal_keypad")
        self.postal_keypad.clicked.connect(lambda: self.switch.emit(KeypadPage))
        col.addLayout(centered(self.postal_keypad))
        self.towns: tuple[PostalAddress, ...] = ()
        self.town_row = ""
        #: The row and towns the buttons show: the city's towns are the same for every
        #: resident, so a new question draws them only when its row differs.
        self._listed: tuple[str, tuple[PostalAddress, ...]] | None = None

    def build(self, question: Question) -> bool:
        super().build(question)
        try:
            self.towns = towns(self.controller.config.municipality)
        except ValueError:
            self.towns = ()
        if not self.towns:
            return False
        self._show_row(self._row_of(question.current))
        return True

    def _row_of(self, current: Any) -> str:
        for town in self.towns:
            if town.postal_code == current:
                return kana_row(town.town_kana)
        return kana_row(self.towns[0].town_kana)

    def _show_row(self, row: str) -> None:
        self.town_row = row
        if (row, self.towns) == self._listed:
            return
        self._listed = (row, self.towns)
        self.town_rows.clear()
        rows = sorted({kana_row(t.town_kana) for t in self.towns}, key=KANA_ROWS.index)
        self.town_rows.add_index(
            "town_row", [(r, r) for r in rows], row, self._show_row, min_width=72
        )
        self.town_rows.relayout()
        clear_layout(self.town_layout)
        shown = [(i, t) for i, t in enumerate(self.towns) if kana_row(t.town_kana) == row]
        for n, (i, town) in enumerate(shown):
            button = touch_button(f"town_{i}", town.label)
            button.clicked.connect(
                lambda _=False, t=town: self.answer(
                    t.postal_code, {self.question.sibling("address"): t.text}
                )
            )
            self.town_layout.addWidget(button, n // 3, n % 3)

    def retranslate(self, tr: Tr) -> None:
        set_button_text(self.postal_keypad, tr("kiosk.postal.by_code"))

    def heading(self, tr: Tr) -> tuple[str, str]:
        """Towns to pick, not a postal code to type: the heading said 「郵便番号を教え
        てください」 over a town list. Named by the address the town goes to."""
        address = self.controller.catalogue.dictionary.get(
            dictionary_key(self.question.sibling("address"))
        )
        label = self.controller.text_of(address.label) if address else ""
        return tr("kiosk.postal.town_question", address=label), tr("kiosk.postal.town_help")

    def taps_for(self, value: Any) -> list[str]:
        for i, town in enumerate(self.towns):
            if town.postal_code == str(value):
                row = kana_row(town.town_kana)
                return ([] if row == self.town_row else [f"town_row_{row}"]) + [f"town_{i}"]
        return ["postal_keypad", *self.taps_after_switch(KeypadPage, value)]


class CountryPage(InputPage):
    """Nationalities and regions: the field's shortlist first, then by index letter."""

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.country_list = CountryListWidget()
        self.country_list.country_chosen.connect(self.answer)
        self.hold(self.country_list)

    def build(self, question: Question) -> bool:
        super().build(question)
        self.country_list.reset(
            self.session.locale,
            question.field.shortlist,
            self.controller.translator("kiosk.country.common"),
        )
        return True

    def taps_for(self, value: Any) -> list[str]:
        return self.country_list.taps_for(str(value))
