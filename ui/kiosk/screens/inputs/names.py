"""A person's name in kanji (the `person_name` widget): typed as its reading, then
picked from the kanji a name dictionary offers; the reading fills the name's フリガナ.
Japanese screens only: in another language the keyboard takes the name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forms.data import get_value
from i18n import base_language
from kiosk import names
from ui.kiosk.screens.inputs.base import InputPage, Question, Tr
from ui.kiosk.screens.inputs.typed import retranslate_keyboard
from ui.widgets.person_name import PersonNameWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController


class PersonNamePage(InputPage):
    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.person_name = PersonNameWidget()
        self.person_name.name_chosen.connect(self._give)
        self.hold(self.person_name)

    def build(self, question: Question) -> bool:
        super().build(question)
        if base_language(self.session.locale) != "ja":
            return False
        reading = question.field.reading
        known = self.data_at(question.member_path(reading)) if reading else ""
        self.person_name.reset(str(question.current or ""), str(known or ""))
        return True

    def set_value(self, value: Any) -> bool:
        """The resident's own name (`same_as`), with its reading."""
        catalogue, today = self.controller.catalogue, self.controller.clock.today()
        source = catalogue.dictionary.get(self.question.field.same_as or "")
        data = self.session.submission_data()
        reading = catalogue.value(data, source.reading, today) if source and source.reading else ""
        self.person_name.reset(str(value), str(reading or ""))
        return True

    def _give(self, name: str, reading: str) -> None:
        field = self.question.field
        also = (
            {self.question.member_path(field.reading): reading}
            if field.reading and reading
            else None
        )
        self.answer(name, also)

    def retranslate(self, tr: Tr) -> None:
        self.person_name.retranslate(
            tr("kiosk.name.surname"),
            tr("kiosk.name.given"),
            tr("kiosk.name.keep_kana"),
            tr("kiosk.question.ok"),
        )
        retranslate_keyboard(self.person_name.keyboard, tr)

    def taps_for(self, value: Any) -> list[str]:
        return self.person_name.taps_for(str(value), self._script_reading(str(value)))

    def _script_reading(self, name: str) -> str:
        """Scripted runs: the reading a resident would type for `name`."""
        reading = self.question.field.reading
        if reading:
            hints = self.controller.script_hints
            known = get_value(hints, self.question.member_path(reading), "")
            if known:
                return str(known)
        found = names.name_reading_candidates(name)
        return found[0] if found else name
