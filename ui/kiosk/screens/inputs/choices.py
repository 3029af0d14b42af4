"""Answers offered as buttons, one tap each: yes/no, a choice list (several for a
multi-choice, then OK), a small number, the addresses already known, the readings of a
name (the last two with a way to type another instead)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from kiosk import names
from kiosk.postal import lookup
from ui.kiosk.screens.base import centered
from ui.kiosk.screens.inputs.base import InputPage, Question, Tr
from ui.kiosk.screens.inputs.places import AddressPickerPage
from ui.kiosk.screens.inputs.typed import KeyboardPage
from ui.widgets.buttons import set_button_text, touch_button
from ui.widgets.layouts import clear_layout
from ui.widgets.paged_scroll import FittedColumns, paged, scrolling_grid
from ui.widgets.tile import WrapButton, wrapping_button

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController


class YesNoPage(InputPage):
    """はい and いいえ, and under them, where the dictionary offers it (`then_yes`), a
    yes that answers the yes/no question asked next yes too (「はい（前の住所でも世帯主）」)."""

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        col = QVBoxLayout(self)
        col.setSpacing(32)
        col.addStretch(1)  # the answers in the middle of the page, as without the second yes
        row = QHBoxLayout()
        row.setSpacing(48)
        self.yes = touch_button("answer_yes", role="primary")
        self.no = touch_button("answer_no", role="primary")
        self.yes.clicked.connect(lambda: self.answer(True))
        self.no.clicked.connect(lambda: self.answer(False))
        for b in (self.yes, self.no):  # as tall as the theme's buttons (its min-height rules)
            row.addWidget(b, 1)
        col.addLayout(row)
        # Its words are a whole answer: they wrap rather than widen the screen.
        self.both = wrapping_button("answer_then_yes")
        self.both.setProperty("role", "primary")
        self.both.clicked.connect(self._both)
        self.both.hide()
        col.addWidget(self.both)
        col.addStretch(1)
        self.both_key: str | None = None

    def offer_both(self, key: str | None, words: str) -> None:
        """The second yes for fact `key` (None: not offered on this question)."""
        self.both_key = key
        self.both.set_text(words)
        self.both.setVisible(key is not None)

    def _both(self) -> None:
        if self.both_key is not None:
            self.answer(True, {self.both_key: True})

    def retranslate(self, tr: Tr) -> None:
        set_button_text(self.yes, tr("common.yes"))
        set_button_text(self.no, tr("common.no"))

    def taps_for(self, value: Any) -> list[str]:
        return ["answer_yes" if value in (True, "yes", "はい") else "answer_no"]


class ButtonsPage(InputPage):
    """A scrollable grid of large buttons; subclasses say what they offer."""

    #: Button names: `choice_<value>`, or `<prefix>_<n>` by position (values that are
    #: texts of their own: addresses, readings).
    prefix: ClassVar[str] = "choice"
    multi: ClassVar[bool] = False
    #: The page "type it instead" goes to (None: no such button), and its words.
    instead_page: ClassVar[type[InputPage] | None] = None
    instead_words: ClassVar[str] = "kiosk.question.type_it"

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.area, self.grid = scrolling_grid(20, top=True)
        self.fitted = FittedColumns(self.area, self.grid, 1)  # `columns()` at most
        col = QVBoxLayout(self)
        col.addWidget(paged(self.area), 1)
        self.ok = touch_button("answer_ok", role="primary")
        self.ok.clicked.connect(lambda: self.answer(self.checked()))
        col.addLayout(centered(self.ok))
        self.type_instead = wrapping_button("type_instead")
        self.type_instead.clicked.connect(lambda: self.switch.emit(self.instead_page))
        col.addLayout(centered(self.type_instead))
        if not self.multi:
            self.ok.hide()
        if self.instead_page is None:
            self.type_instead.hide()
        self.buttons: dict[str, QPushButton] = {}

    def options(self, question: Question) -> list[tuple[str, str]]:
        """(value, label) of each button."""
        raise NotImplementedError

    def columns(self, count: int) -> int:
        return 1 if count > 8 else 2

    def given(self, value: str) -> Any:
        """The answer a tap on the button of `value` gives."""
        return value

    def build(self, question: Question) -> bool:
        super().build(question)
        options = self.options(question)
        if not options:
            return False
        current = question.current
        selected = set(current or []) if self.multi else {current}
        self.clear()
        columns = self.columns(len(options))
        for i, (value, label) in enumerate(options):
            button = self.button(i, value, label)
            button.setChecked(self.multi and value in selected)
            if not self.multi:
                given = self.given(value)
                button.clicked.connect(lambda _=False, v=given: self.answer(v))
            self.grid.addWidget(button, i // columns, i % columns)
            self.buttons[value] = button
        self.fitted.set_most(columns)  # fewer where a word would not fit its button
        return True

    def button(self, i: int, value: str, label: str) -> QPushButton:
        name = f"choice_{value}" if self.prefix == "choice" else f"{self.prefix}_{i}"
        button = WrapButton(name, label)
        button.keep_words = True  # never narrower than a word: fewer columns instead
        button.setCheckable(self.multi)
        return button

    def checked(self) -> list[str]:
        return [v for v, b in self.buttons.items() if b.isChecked()]

    def clear(self) -> None:
        clear_layout(self.grid)
        self.buttons = {}

    def retranslate(self, tr: Tr) -> None:
        set_button_text(self.ok, tr("kiosk.question.ok"))
        set_button_text(self.type_instead, tr(self.instead_words))

    def taps_for(self, value: Any) -> list[str]:
        if self.multi:
            return [f"choice_{v}" for v in value] + ["answer_ok"]
        if self.prefix == "choice":
            return [f"choice_{value}"]
        options = list(self.buttons)
        if value in options:
            return [f"{self.prefix}_{options.index(value)}"]
        assert self.instead_page is not None
        return ["type_instead", *self.taps_after_switch(self.instead_page, value)]


class ChoicesPage(ButtonsPage):
    """The field's choice list: one tap answers."""

    def options(self, question: Question) -> list[tuple[str, str]]:
        catalogue, text_of = self.controller.catalogue, self.controller.text_of
        return [
            (c.value, text_of(c.label)) for c in catalogue.choices.get(question.field.choices, [])
        ]


class MultiChoicePage(ChoicesPage):
    """Several of the list, then OK."""

    multi = True


class NumberButtonsPage(ButtonsPage):
    """An integer with a small range (up to 12) as number buttons."""

    def options(self, question: Question) -> list[tuple[str, str]]:
        rule = question.field.rule
        if rule is None or rule.max is None or rule.max > 12:
            return []
        return [(str(n), str(n)) for n in range(rule.min or 0, rule.max + 1)]

    def columns(self, count: int) -> int:
        return 4

    def given(self, value: str) -> Any:
        return int(value)

    def button(self, i: int, value: str, label: str) -> QPushButton:
        return touch_button(f"choice_{value}", label, role="key")


class KnownAddressesPage(ButtonsPage):
    """Towns for the postal code just given; else the addresses already known."""

    prefix = "address"
    instead_page = AddressPickerPage
    instead_words = "kiosk.question.type_address"

    def options(self, question: Question) -> list[tuple[str, str]]:
        key, data = question.key, self.session.data
        postal = self.data_at(question.sibling("postal_code")) if "." in key else ""
        if postal:
            return [(a.text, a.text) for a in lookup(str(postal))]
        known: list[tuple[str, str]] = []
        for other in ("applicant.address", "new_address.full"):
            today = self.controller.clock.today()
            value = self.controller.catalogue.value(data, other, today) if other != key else None
            if value and value not in [v for v, _ in known]:
                known.append((str(value), str(value)))
        return known

    def columns(self, count: int) -> int:
        return 1


class ReadingsPage(ButtonsPage):
    """Readings of the name this フリガナ belongs to, when the name is known."""

    prefix = "reading"
    instead_page = KeyboardPage

    def options(self, question: Question) -> list[tuple[str, str]]:
        name_key = self.controller.catalogue.reading_of(question.field.key)
        if name_key is None:
            return []
        name = self.data_at(question.member_path(name_key))
        if not name or not names.available():
            return []
        return [(r, r) for r in names.name_reading_candidates(str(name))]
