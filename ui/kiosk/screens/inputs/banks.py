"""Every bank of Japan (`bank`: the kiosk's `banks_first` on top), or one bank's
branches (`bank_branch`, the bank in `within`), by kana row. The name is the answer,
the entry's code goes to the field's `code`; "not listed" types the name instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk import banks
from ui.kiosk.screens.inputs.base import InputPage, Question, Tr
from ui.kiosk.screens.inputs.typed import KeyboardPage
from ui.widgets.code_list import CodeListWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController


class BankListPage(InputPage):
    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.code_list = CodeListWidget()
        self.code_list.chosen.connect(
            lambda entry: self.answer(entry.name, self.listed_codes(entry.code))
        )
        self.code_list.type_instead.connect(lambda: self.switch.emit(KeyboardPage))
        self.hold(self.code_list)

    def build(self, question: Question) -> bool:
        """None to offer without bank data, or when the bank was typed (its branches
        are typed too)."""
        super().build(question)
        if not banks.available():
            return False
        field = question.field
        selected = str(self.data_at(field.code) or "") if field.code else ""
        if question.widget == "bank":
            first = banks.first_banks(self.controller.config.banks_first)
            self.code_list.reset(banks.banks(), first, selected)
            return True
        within = str(self.data_at(field.within) or "") if field.within else ""
        entries = banks.branches(within)
        if not entries:
            return False
        self.code_list.reset(entries, (), selected)
        return True

    def retranslate(self, tr: Tr) -> None:
        self.code_list.retranslate(tr("kiosk.bank.main"), tr("kiosk.bank.not_listed"))

    def taps_for(self, value: Any) -> list[str]:
        entry = banks.find(self.code_list.entries, str(value))
        if entry is not None:
            return self.code_list.taps_for(entry)
        return ["list_type", *self.taps_after_switch(KeyboardPage, value)]
