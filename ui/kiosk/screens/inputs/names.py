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
from ui.theme import TextSize
from ui.widgets.paged_scroll import keep_wholly_in_sight
from ui.widgets.person_name import PersonNameWidget

#: Text sizes at which the name input's candidates share the tabs' line (a line less,
#: paging sooner); at the others they have a line of their own, all of them in it.
CANDIDATES_BESIDE_TABS = frozenset({TextSize.EXTRA_LARGE})

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController


class PersonNamePage(InputPage):
    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.person_name = PersonNameWidget()
        self.person_name.name_chosen.connect(self._give)
        self.hold(self.person_name)
        # Where the keyboard fits the display but not under the help: the help above
        # it (▲) rather than 決定 below the fold.
        self.in_sight = keep_wholly_in_sight(self.person_name)

    def build(self, question: Question) -> bool:
        super().build(question)
        if base_language(self.session.locale) != "ja":
            return False
        self.person_name.set_beside_tabs(self.controller.text_size in CANDIDATES_BESIDE_TABS)
        self.in_sight.now()
        reading = question.field.reading
        known = self.data_at(question.member_path(reading)) if reading else ""
        if not question.current and question.field.surname_from:
            self.person_name.reset(*self._family_surname(question.field.surname_from))
        else:
            self.person_name.reset(str(question.current or ""), str(known or ""))
        return True

    def _family_surname(self, source_key: str) -> tuple[str, str]:
        """The surname of name `source_key` and its reading (`surname_from`): its
        フリガナ if given yet, else the name dictionary's first reading of it. Nothing
        for a name not yet known, with no space between surname and given name, or
        with no reading to be had."""
        catalogue, today = self.controller.catalogue, self.controller.clock.today()
        data = self.session.submission_data()
        name = str(catalogue.value(data, source_key, today) or "").replace(" ", "\u3000")
        if "\u3000" not in name:
            return "", ""
        source = catalogue.dictionary.get(source_key)
        reading = catalogue.value(data, source.reading, today) if source and source.reading else ""
        if not reading:
            found = names.name_reading_candidates(name)
            reading = found[0] if found else ""
        reading = str(reading).replace(" ", "\u3000")
        if "\u3000" not in reading:
            return "", ""  # a surname with no reading would leave the フリガナ short
        return name.split("\u3000", 1)[0], reading.split("\u3000", 1)[0]

    def set_value(self, value: Any) -> bool:
        """The resident's own name (`same_as`), with its reading."""
        catalogue, today = self.controller.catalogue, self.controller.clock.today()
        source = catalogue.dictionary.get(self.question.field.same_as or "")
        data = self.session.submission_data()
        reading = catalogue.value(data, source.reading, today) if source and source.reading else ""
        self.person_name.reset(str(value), str(reading or ""))
        return True

    def give(self) -> None:
        self.person_name.commit()

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
        self.person_name.candidates.retranslate(
            tr("kiosk.name.candidates_earlier"), tr("kiosk.name.candidates_more")
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
