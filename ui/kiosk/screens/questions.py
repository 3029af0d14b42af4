"""One question per screen, with the input that suits its type.

The dictionary field's `type` picks the input: yes/no and choice buttons (one tap
answers), a touch date entry, a keypad (numbers, postal codes, 番地, phone), the
kana/alphabet keyboard, or the list of towns for the postal code given before.
Inputs hold only what is being typed; an answer goes to the session at once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from forms.data import dictionary_key, get_value
from forms.values import postal_code
from i18n import base_language
from kiosk import banks, names
from kiosk.japanese import latin
from kiosk.postal import PostalAddress, lookup, normalize_postal_code, towns
from kiosk.session import Notice, Screen
from ui.kiosk.screens.base import ScreenWidget, centered
from ui.widgets.address_picker import KANA_ROWS, AddressPickerWidget, kana_row
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.calendar import CalendarWidget
from ui.widgets.code_list import CodeListWidget
from ui.widgets.country_list import CountryListWidget
from ui.widgets.date_entry import DateEntryWidget
from ui.widgets.flow_row import FlowRow
from ui.widgets.kana_keyboard import KanaKeyboardWidget, text_taps
from ui.widgets.keypad import KeypadWidget
from ui.widgets.layouts import CurrentPageStack, clear_layout
from ui.widgets.paged_scroll import paged, scrolling_grid
from ui.widgets.person_name import PersonNameWidget
from ui.widgets.tile import WrapButton

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

KEYPAD_TYPES = {"integer", "digits", "phone", "postal_code"}
_MAX_DIGITS = {"postal_code": 7, "phone": 13, "integer": 3, "digits": 20}


class QuestionScreen(ScreenWidget):
    shows = Screen.QUESTION
    #: Input pages the buttons of earlier pages switch to (indexes in `inputs`).
    page_text: int
    page_keypad: int

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.help = role_label(role="subtitle", name="help")
        self.body.addWidget(self.help)
        # "Same as you": the resident's own answer put in the input with one tap (口座名義,
        # 筆頭者: the dictionary's `same_as`), still to be changed or confirmed.
        self.same_as = touch_button("same_as")
        self.same_as.clicked.connect(self._fill_same_as)
        self.body.addLayout(centered(self.same_as))
        self.inputs = CurrentPageStack()
        self.body.addWidget(self.inputs, 1)

        # yes / no
        yes_no = QWidget()
        row = QHBoxLayout(yes_no)
        row.setSpacing(48)
        self.yes = touch_button("answer_yes", role="primary")
        self.no = touch_button("answer_no", role="primary")
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        for b in (self.yes, self.no):
            b.setMinimumHeight(160)
            row.addWidget(b, 1)
        self.page_yes_no = self._page(yes_no)

        # choice / multi-choice / address: a scrollable column of large buttons
        self.choice_area = QScrollArea()
        self.choice_area.setWidgetResizable(True)
        self.choice_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        holder = QWidget()
        self.choice_layout = QGridLayout(holder)
        self.choice_layout.setSpacing(20)
        self.choice_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.choice_area.setWidget(holder)
        choice_page = QWidget()
        col = QVBoxLayout(choice_page)
        col.addWidget(paged(self.choice_area), 1)
        self.choice_ok = touch_button("answer_ok", role="primary")
        self.choice_ok.clicked.connect(self._answer_multi)
        col.addLayout(centered(self.choice_ok))
        self.address_keyboard = touch_button("type_instead")
        self.address_keyboard.clicked.connect(self._type_instead)
        col.addLayout(centered(self.address_keyboard))
        self.page_choice = self._page(choice_page)
        self.choice_buttons: dict[str, QPushButton] = {}

        # date
        self.date_entry = DateEntryWidget()
        self.date_entry.date_chosen.connect(lambda d: self._answer(d.isoformat()))
        self.date_entry.invalid.connect(lambda key: self.show_notice(Notice(key)))
        self.page_date = self._page(self.date_entry)

        # any address in Japan: prefecture → municipality → town → 番地
        self.address_picker = AddressPickerWidget()
        self.address_picker.address_chosen.connect(self._answer)
        self.page_address = self._page(self.address_picker)

        # a person's name in kanji, by its reading
        self.person_name = PersonNameWidget()
        self.person_name.name_chosen.connect(self._answer_name)
        self.page_name = self._page(self.person_name)

        # every bank of Japan, or one bank's branches, by kana (the `bank` widgets)
        self.code_list = CodeListWidget()
        self.code_list.chosen.connect(self._pick_entry)
        self.code_list.type_instead.connect(lambda: self.inputs.setCurrentIndex(self.page_text))
        self.page_list = self._page(self.code_list)

        # calendar (dates near today), with a way to the era/keypad entry
        calendar_page = QWidget()
        ccol = QVBoxLayout(calendar_page)
        self.calendar = CalendarWidget(controller.clock.today())
        self.calendar.date_chosen.connect(lambda d: self._answer(d.isoformat()))
        ccol.addWidget(self.calendar, 1)
        self.other_date = touch_button("date_keypad")
        self.other_date.clicked.connect(lambda: self.inputs.setCurrentIndex(self.page_date))
        ccol.addLayout(centered(self.other_date))
        self.page_calendar = self._page(calendar_page)

        # towns of this municipality, by the first kana of their reading
        town_page = QWidget()
        tlay = QVBoxLayout(town_page)
        self.town_rows = FlowRow()  # 50-on rows: more lines where one does not fit
        tlay.addWidget(self.town_rows)
        self.town_area, self.town_layout = scrolling_grid()
        tlay.addWidget(paged(self.town_area), 1)
        self.postal_keypad = touch_button("postal_keypad")
        self.postal_keypad.clicked.connect(lambda: self.inputs.setCurrentIndex(self.page_keypad))
        tlay.addLayout(centered(self.postal_keypad))
        self.page_towns = self._page(town_page)
        self.towns: tuple[PostalAddress, ...] = ()
        self.town_row = ""

        # keypad
        keypad_page = QWidget()
        krow = QHBoxLayout(keypad_page)
        kcol = QVBoxLayout()
        self.typed = role_label(role="value", name="typed_value")
        self.typed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.typed.setMaximumHeight(110)
        kcol.addWidget(self.typed)
        self.keypad = KeypadWidget(extra_key="-")
        self.keypad.digit.connect(self._type_digit)
        self.keypad.delete.connect(self._delete_digit)
        kcol.addWidget(self.keypad)
        krow.addStretch(1)
        krow.addLayout(kcol)
        # OK beside the keypad, tall: reachable without scrolling, hard to miss.
        self.keypad_ok = touch_button("answer_ok", role="primary")
        self.keypad_ok.setMinimumHeight(200)
        self.keypad_ok.clicked.connect(self._answer_typed)
        krow.addWidget(self.keypad_ok, 0, Qt.AlignmentFlag.AlignBottom)
        krow.addStretch(1)
        self.page_keypad = self._page(keypad_page)
        self.typed_text = ""

        # text
        text_page = QWidget()
        tcol = QVBoxLayout(text_page)
        self.keyboard = KanaKeyboardWidget()
        tcol.addWidget(self.keyboard, 1)
        self.text_ok = touch_button("answer_ok", role="primary")
        self.text_ok.clicked.connect(self._answer_text)
        self.keyboard.display_row.addWidget(self.text_ok)
        self.page_text = self._page(text_page)

        # a nationality or region (a `country` fact, or given instead of 本籍)
        self.country_list = CountryListWidget()
        self.country_list.country_chosen.connect(self._answer_country)
        self.page_country = self._page(self.country_list)

        self.skip = touch_button("answer_skip")
        self.skip.clicked.connect(lambda: self._answer(""))
        self.footer.addWidget(self.skip)
        # The fact a resident may give in place of this one (`instead` in the
        # dictionary): in the footer, always on the display whatever the page shows.
        # Its words are a whole question: they wrap rather than widen the screen.
        self.instead = WrapButton("answer_instead")
        self.instead.keep_words = True  # "kewarganegaraan" at the largest text, uncut
        self.instead.clicked.connect(self._toggle_instead)
        self.footer.addWidget(self.instead)
        self._own_page = 0
        self.suggestion = ""  # a reading suggested for a Latin-letter name
        self._shown: tuple[str, int] | None = None
        self.kind = ""

    def _page(self, widget: QWidget) -> int:
        return self.inputs.addWidget(widget)

    # -- drawing ---------------------------------------------------------------------
    def field(self, key: str) -> Any:
        return self.controller.catalogue.dictionary[dictionary_key(key)]

    def clear(self) -> None:
        super().clear()
        self._shown = None
        self.typed_text = ""
        self._show_typed()
        self.keyboard.reset("")
        self.date_entry.reset(None)
        self.calendar.reset(None)
        clear_layout(self.choice_layout)
        self.choice_buttons = {}
        self.title.clear()
        self.help.clear()

    def refresh(self) -> None:
        super().refresh()
        flow = self.session.flow
        if flow is None or flow.current is None:
            return
        key = flow.current
        field = self.field(key)
        text_of = self.controller.text_of
        self.title.setText(text_of(field.question or field.label))
        help_text = text_of(field.help) if field.help else ""
        member = _member_note(self.controller, key)
        # What the forms hold, said before the resident types (a longer name is
        # taken and checked by staff; other texts are refused with the reason).
        limit = ""
        if field.rule is not None and field.rule.max_length and field.type in ("text", "kana"):
            limit = self.translator("kiosk.question.max_length", max=field.rule.max_length)
        self.help.setText("\n".join(t for t in (member, help_text, limit) if t))
        self.help.setVisible(bool(self.help.text()))
        self.progress.setText(
            self.translator("kiosk.question.progress", step=flow.step, total=flow.total_estimate)
        )
        set_button_text(self.skip, self.translator("kiosk.question.skip"))
        same = self._same_as_value(key)
        set_button_text(self.same_as, self.translator("kiosk.question.same_as", value=same))
        self.same_as.setVisible(bool(same))
        self.skip.setVisible(bool(getattr(field, "optional", False)))
        self.instead.setVisible(self.controller.instead_offered(key) is not None)
        # Rebuild the input only when the question changes (or the session restarted).
        marker = (key, id(self.session.data))
        if marker != self._shown:
            self._shown = marker
            self.body_scroll.verticalScrollBar().setValue(0)  # a new question starts at the top
            self._build_input(key, field, flow.current_value())
        if self.suggestion:
            self.help.setText(
                "\n".join(
                    t for t in (self.help.text(), self.translator("kiosk.reading.suggested")) if t
                )
            )
            self.help.setVisible(True)
        self._retranslate_inputs()
        self._show_instead_text(field)

    def _retranslate_inputs(self) -> None:
        tr = self.translator
        set_button_text(self.yes, tr("common.yes"))
        set_button_text(self.no, tr("common.no"))
        for b in (self.choice_ok, self.keypad_ok, self.text_ok):
            set_button_text(b, tr("kiosk.question.ok"))
        set_button_text(
            self.address_keyboard,
            tr(
                "kiosk.question.type_address"
                if self.kind == "address"
                else "kiosk.question.type_it"
            ),
        )
        set_button_text(self.other_date, tr("kiosk.date.other"))
        self.address_picker.retranslate(
            tr("kiosk.address.up"), tr("kiosk.address.not_listed"), tr("kiosk.question.ok")
        )
        self.person_name.retranslate(
            tr("kiosk.name.surname"),
            tr("kiosk.name.given"),
            tr("kiosk.name.keep_kana"),
            tr("kiosk.question.ok"),
        )
        set_button_text(self.postal_keypad, tr("kiosk.postal.by_code"))
        self.code_list.retranslate(tr("kiosk.bank.main"), tr("kiosk.bank.not_listed"))
        self.calendar.retranslate(
            tr("kiosk.calendar.weekdays"),
            tr("kiosk.calendar.month"),
            tr("kiosk.calendar.prev"),
            tr("kiosk.calendar.next"),
            lambda offset: _quick_words(tr, offset),
            tr("kiosk.calendar.quick_day"),
        )
        self.date_entry.retranslate(
            tr("kiosk.date.year"),
            tr("kiosk.date.month"),
            tr("kiosk.date.day"),
            tr("kiosk.date.today"),
            tr("kiosk.question.ok"),
            tr("kiosk.date.western"),
        )
        for keyboard in (self.keyboard, self.person_name.keyboard, self.address_picker.keyboard):
            keyboard.setAccessibleName(tr("kiosk.speech.keyboard"))  # its name when focused
        self.keypad.setAccessibleName(tr("kiosk.speech.keypad"))
        self.keypad.retranslate(tr("kiosk.keypad.delete"), tr("kiosk.keypad.delete_key"))
        self.date_entry.keypad.retranslate(tr("kiosk.keypad.delete"), tr("kiosk.keypad.delete_key"))
        for keyboard in (self.keyboard, self.person_name.keyboard, self.address_picker.keyboard):
            keyboard.retranslate(
                tr("kiosk.keyboard.kana"),
                tr("kiosk.keyboard.alphabet"),
                tr("kiosk.keyboard.space"),
                tr("kiosk.keypad.delete"),
                tr("kiosk.keypad.delete_key"),
                tr("kiosk.keyboard.accents"),
            )

    def _build_input(self, key: str, field: Any, current: Any) -> None:
        kind = field.type
        self.kind = kind
        self.suggestion = ""
        widget = self.controller.catalogue.widget_for(
            key, self.session.submission_data(), self.controller.clock.today()
        )
        if kind == "yes_no":
            self.inputs.setCurrentIndex(self.page_yes_no)
        elif kind in ("choice", "multi_choice"):
            options = [(c.value, self.controller.text_of(c.label)) for c in self._choices(field)]
            selected = set(current or []) if kind == "multi_choice" else {current}
            self._fill_choices(options, multi=kind == "multi_choice", selected=selected)
            self.inputs.setCurrentIndex(self.page_choice)
        elif kind == "address":
            options = self._address_options(key)
            self.address_picker.reset()
            if options:
                self._fill_choices(options, multi=False, selected={current}, prefix="address")
                self.inputs.setCurrentIndex(self.page_choice)
            else:
                self.inputs.setCurrentIndex(self.page_address)
        elif kind == "date":
            value = date.fromisoformat(current) if current else None
            today = self.controller.clock.today()
            self.date_entry.reset(value, default_era=field.era or "令和", today=today)
            if widget == "calendar":
                self.calendar.reset(value, today=today, quick=field.quick_dates)
                self.inputs.setCurrentIndex(self.page_calendar)
            else:
                self.inputs.setCurrentIndex(self.page_date)
        elif kind == "integer" and _small_range(field):
            low, high = _small_range(field) or (0, 0)
            options = [(str(n), str(n)) for n in range(low, high + 1)]
            self._fill_choices(options, multi=False, selected={str(current)}, convert=int)
            self.inputs.setCurrentIndex(self.page_choice)
        elif kind == "postal_code" and widget == "town_list" and self._load_towns():
            self.typed_text = str(current or "")
            self._show_typed()
            self._show_town_row(self._row_of_current(current))
            self.inputs.setCurrentIndex(self.page_towns)
        elif kind == "country":
            self._reset_country(field)
            self.inputs.setCurrentIndex(self.page_country)
        elif kind in KEYPAD_TYPES:
            self.typed_text = str(current) if current not in (None, "") else ""
            self._show_typed()
            self.keypad.setFocus()
            self.inputs.setCurrentIndex(self.page_keypad)
        elif widget in ("bank", "bank_branch") and self._offer_list(key, field):
            self._reset_keyboard(kind, current)  # for a name that is not in the list
            self.inputs.setCurrentIndex(self.page_list)
        elif widget == "person_name" and base_language(self.session.locale) == "ja":
            reading_key = _member_path(key, field.reading) if field.reading else None
            reading = get_value(self.session.data, reading_key, "") if reading_key else ""
            self.person_name.reset(str(current or ""), str(reading or ""))
            self.inputs.setCurrentIndex(self.page_name)
        elif kind == "kana" and (suggestion := self._latin_reading(key, current)):
            # A name in Latin letters: its reading suggested on the keyboard, to be
            # corrected there before OK (kiosk.japanese.latin).
            self.keyboard.reset(suggestion)
            self.keyboard.show_digits(False)
            self.keyboard.set_alphabet(False)
            self.suggestion = suggestion
            self.inputs.setCurrentIndex(self.page_text)
        elif kind == "kana" and self._reading_options(key):
            self._fill_choices(
                self._reading_options(key), multi=False, selected={current}, prefix="reading"
            )
            self.keyboard.reset(str(current or ""))
            self.keyboard.set_alphabet(False)
            self.inputs.setCurrentIndex(self.page_choice)
        else:  # text, kana
            self._reset_keyboard(kind, current)
            self.inputs.setCurrentIndex(self.page_text)

    def _reset_keyboard(self, kind: str, current: Any) -> None:
        self.keyboard.reset(str(current or ""))
        self.keyboard.show_digits(kind != "kana")
        self.keyboard.set_alphabet(kind == "text" and base_language(self.session.locale) != "ja")

    # -- a fact given instead (国籍・地域 on the 本籍 screen) -------------------------------
    def _instead_field(self) -> Any:
        key = self.session.flow.current if self.session.flow else None
        field = self.field(key) if key else None
        return self.field(field.instead) if field is not None and field.instead else None

    def _reset_country(self, field: Any) -> None:
        self.country_list.reset(
            self.session.locale, field.shortlist, self.translator("kiosk.country.common")
        )

    def _toggle_instead(self) -> None:
        """To the other fact's input and back (the button then names this fact)."""
        other = self._instead_field()
        if other is None:
            return
        if self.inputs.currentIndex() == self.page_country:
            self.inputs.setCurrentIndex(self._own_page)
        else:
            self._own_page = self.inputs.currentIndex()
            self._reset_country(other)
            self.inputs.setCurrentIndex(self.page_country)
        key = self.session.flow.current if self.session.flow else None
        if key:
            self._show_instead_text(self.field(key))

    def _show_instead_text(self, field: Any) -> None:
        key = self.session.flow.current if self.session.flow else None
        if field.instead is None or key is None or not self.controller.instead_offered(key):
            return
        other = self.field(field.instead)
        on_other = self.inputs.currentIndex() == self.page_country
        text_of = self.controller.text_of
        set_button_text(self.instead, text_of(field.label if on_other else other.question))
        # On the list, its short name as the heading (the button said the question),
        # and no help: it pointed at the button; the list needs the room.
        self.title.setText(text_of(other.label if on_other else field.question or field.label))
        self.help.setVisible(not on_other and bool(self.help.text()))

    def _answer_country(self, code: str) -> None:
        if self.kind == "country":
            self._answer(code)
        else:
            self.controller.answer_instead(code)

    # -- banks and branches ------------------------------------------------------------
    def _offer_list(self, key: str, field: Any) -> bool:
        """Fill the list for a `bank` / `bank_branch` question; False when there is none
        to offer (no bank data, or the bank was typed: its branches are typed too)."""
        if not banks.available():
            return False
        data = self.session.data
        selected = str(get_value(data, field.code, "") or "") if field.code else ""
        if field.widget == "bank":
            first = banks.first_banks(self.controller.config.banks_first)
            self.code_list.reset(banks.banks(), first, selected)
            return True
        within = str(get_value(data, field.within, "") or "") if field.within else ""
        entries = banks.branches(within)
        if not entries:
            return False
        self.code_list.reset(entries, (), selected)
        return True

    def _codes_cleared(self, field: Any, code: str | None) -> dict[str, Any]:
        """What an answer to a listed name sets besides it: its code, and — when the
        bank changes — the branch asked again (a branch belongs to one bank)."""
        if not field.code:
            return {}
        also: dict[str, Any] = {field.code: code}
        before = get_value(self.session.data, field.code, None)
        if before != code:
            for other in self.controller.catalogue.dictionary.values():
                if other.within == field.code:
                    also[other.key] = None
                    if other.code:
                        also[other.code] = None
        return also

    def _pick_entry(self, entry: banks.Entry) -> None:
        key = self.session.flow.current if self.session.flow else None
        if key is not None:
            self.controller.answer(entry.name, self._codes_cleared(self.field(key), entry.code))

    def _answer_text(self) -> None:
        """The keyboard's OK: a name typed for a listed fact has no code."""
        key = self.session.flow.current if self.session.flow else None
        also = self._codes_cleared(self.field(key), None) if key else {}
        self.controller.answer(self.keyboard.text.strip(), also or None)

    def _same_as_value(self, key: str) -> str:
        """The resident's own answer this question may take (`same_as`), if known."""
        field = self.field(key)
        if not field.same_as:
            return ""
        data, today = self.session.submission_data(), self.controller.clock.today()
        return str(self.controller.catalogue.value(data, field.same_as, today) or "")

    def _fill_same_as(self) -> None:
        """Put the resident's own answer in the input: their name with its reading in the
        name widget, else in the keyboard (from a list of readings, too)."""
        key = self.session.flow.current if self.session.flow else None
        if key is None:
            return
        value = self._same_as_value(key)
        if self.inputs.currentIndex() == self.page_name:
            source = self.controller.catalogue.dictionary[self.field(key).same_as]
            data, today = self.session.submission_data(), self.controller.clock.today()
            reading = (
                self.controller.catalogue.value(data, source.reading, today)
                if source.reading
                else ""
            )
            self.person_name.reset(value, str(reading or ""))
            return
        self.keyboard.reset(value)
        self.inputs.setCurrentIndex(self.page_text)

    def _type_instead(self) -> None:
        """From the offered answers to entering one: the address picker for addresses,
        the keyboard for readings."""
        if self.kind == "address":
            self.inputs.setCurrentIndex(self.page_address)
        else:
            self.inputs.setCurrentIndex(self.page_text)

    def _latin_reading(self, key: str, current: Any) -> str:
        """The suggested katakana of the Latin-letter name this フリガナ belongs to,
        while the resident has given no reading yet."""
        name_key = self.controller.catalogue.reading_of(dictionary_key(key))
        if current or name_key is None:
            return ""
        name = str(get_value(self.session.data, _member_path(key, name_key), "") or "")
        return latin.katakana_reading(name) if latin.is_latin_name(name) else ""

    def _reading_options(self, key: str) -> list[tuple[str, str]]:
        """Readings of the name this フリガナ belongs to, when the name is known."""
        name_key = self.controller.catalogue.reading_of(dictionary_key(key))
        if name_key is None:
            return []
        name = get_value(self.session.data, _member_path(key, name_key), "")
        if not name or not names.available():
            return []
        return [(r, r) for r in names.name_reading_candidates(str(name))]

    def _answer_name(self, name: str, reading: str) -> None:
        key = self.session.flow.current if self.session.flow else None
        if key is None:
            return
        field = self.field(key)
        also = {_member_path(key, field.reading): reading} if field.reading and reading else None
        self.controller.answer(name, also)

    def _address_options(self, key: str) -> list[tuple[str, str]]:
        """Towns for the postal code just given; else the addresses already known."""
        data = self.session.data
        postal = get_value(data, key.rsplit(".", 1)[0] + ".postal_code", "") if "." in key else ""
        if postal:
            return [(a.text, a.text) for a in lookup(str(postal))]
        known: list[tuple[str, str]] = []
        for other in ("applicant.address", "new_address.full"):
            today = self.controller.clock.today()
            value = self.controller.catalogue.value(data, other, today) if other != key else None
            if value and value not in [v for v, _ in known]:
                known.append((str(value), str(value)))
        return known

    def _choices(self, field: Any) -> list[Any]:
        return list(self.controller.catalogue.choices.get(field.choices, []))

    def _fill_choices(
        self,
        options: list[tuple[str, str]],
        *,
        multi: bool,
        selected: set[Any],
        prefix: str = "choice",
        convert: Any = None,
    ) -> None:
        clear_layout(self.choice_layout)
        self.choice_buttons = {}
        numbers = convert is int
        columns = 4 if numbers else 1 if prefix == "address" or len(options) > 8 else 2
        for i, (value, label) in enumerate(options):
            name = f"{prefix}_{i}" if prefix in ("address", "reading") else f"choice_{value}"
            button: QPushButton
            if numbers:
                button = touch_button(name, label, role="key")
            else:
                button = WrapButton(name, label)
                button.setCheckable(multi)
            button.setChecked(multi and value in selected)
            if not multi:
                answer = convert(value) if convert else value
                button.clicked.connect(lambda _=False, v=answer: self._answer(v))
            self.choice_layout.addWidget(button, i // columns, i % columns)
            self.choice_buttons[value] = button
        self.choice_ok.setVisible(multi)
        self.address_keyboard.setVisible(prefix in ("address", "reading"))

    def _script_reading(self, name: str) -> str:
        """Scripted runs: the reading a resident would type for `name`."""
        key = self.session.flow.current if self.session.flow else None
        field = self.field(key) if key else None
        if key is not None and field is not None and field.reading:
            known = get_value(self.controller.script_hints, _member_path(key, field.reading), "")
            if known:
                return str(known)
        found = names.name_reading_candidates(name)
        return found[0] if found else name

    # -- towns ---------------------------------------------------------------------------
    def _load_towns(self) -> bool:
        try:
            self.towns = towns(self.controller.config.municipality)
        except ValueError:
            self.towns = ()
        return bool(self.towns)

    def _row_of_current(self, current: Any) -> str:
        for town in self.towns:
            if town.postal_code == current:
                return kana_row(town.town_kana)
        return kana_row(self.towns[0].town_kana) if self.towns else ""

    def _show_town_row(self, row: str) -> None:
        self.town_row = row
        self.town_rows.clear()
        rows = sorted({kana_row(t.town_kana) for t in self.towns}, key=KANA_ROWS.index)
        self.town_rows.add_index(
            "town_row", [(r, r) for r in rows], row, self._show_town_row, min_width=72
        )
        self.town_rows.relayout()
        clear_layout(self.town_layout)
        shown = [(i, t) for i, t in enumerate(self.towns) if kana_row(t.town_kana) == row]
        for n, (i, town) in enumerate(shown):
            button = touch_button(f"town_{i}", town.label)
            button.clicked.connect(lambda _=False, t=town: self._pick_town(t))
            self.town_layout.addWidget(button, n // 3, n % 3)

    def _pick_town(self, town: PostalAddress) -> None:
        """One tap gives both the postal code and the address up to the town."""
        key = self.session.flow.current if self.session.flow else None
        also = {_sibling(key, "address"): town.text} if key else {}
        self.controller.answer(town.postal_code, also)

    # -- input -----------------------------------------------------------------------
    def _type_digit(self, d: str) -> None:
        limit = _MAX_DIGITS.get(self.kind, 20) + (1 if self.kind == "postal_code" else 0)
        if len(self.typed_text) < limit:
            self.typed_text += d
            self._show_typed()

    def _delete_digit(self) -> None:
        self.typed_text = self.typed_text[:-1]
        self._show_typed()

    def _show_typed(self) -> None:
        text = self.typed_text
        if self.kind == "postal_code":
            text = postal_code(text, typing=True)
        self.typed.setText(text or " ")
        self.typed.setAccessibleName(text)
        self.keypad_ok.setEnabled(bool(self.typed_text))

    def _answer_typed(self) -> None:
        text = self.typed_text
        if self.kind == "postal_code":
            code = normalize_postal_code(text)
            found = lookup(code) if code else []
            if not found:
                self.show_notice(Notice("kiosk.postal.not_found"))
                return
            key = self.session.flow.current if self.session.flow else None
            # One town: the address is known too. Several: ask which (clear a stale one).
            also = (
                {_sibling(key, "address"): found[0].text if len(found) == 1 else None}
                if key
                else {}
            )
            self.controller.answer(code, also)
        elif self.kind == "integer":
            try:
                self._answer(int(text))
            except ValueError:
                self.show_notice(Notice("kiosk.question.invalid_number"))
        else:
            self._answer(text)

    def _answer_multi(self) -> None:
        self._answer([v for v, b in self.choice_buttons.items() if b.isChecked()])

    def _answer(self, value: Any) -> None:
        self.controller.answer(value)

    # -- scripted runs -----------------------------------------------------------------
    def taps_for(self, value: Any) -> list[str]:
        """The widget names a resident would tap to give `value` (scripted runs)."""
        kind = self.kind
        if value == "" and self.skip.isVisible():
            return ["answer_skip"]
        instead = self._instead_field()
        if value in ("", None) and instead is not None:
            given = get_value(self.controller.script_hints, instead.key, "")
            if self.inputs.currentIndex() == self.page_country:
                return self.country_list.taps_for(str(given))
            self._reset_country(instead)  # as the tap on answer_instead will show it
            return ["answer_instead", *self.country_list.taps_for(str(given))]
        if kind == "country":
            return self.country_list.taps_for(str(value))
        key = self.session.flow.current if self.session.flow else None
        if self.same_as.isVisible() and key and value == self._same_as_value(key):
            return ["same_as", "answer_ok"]
        if kind == "yes_no":
            return ["answer_yes" if value in (True, "yes", "はい") else "answer_no"]
        if kind == "choice":
            return [f"choice_{value}"]
        if kind == "multi_choice":
            return [f"choice_{v}" for v in value] + ["answer_ok"]
        if self.inputs.currentIndex() == self.page_name:
            reading = self._script_reading(str(value))
            return self.person_name.taps_for(str(value), reading)
        if self.inputs.currentIndex() == self.page_address:
            return self.address_picker.taps_for(str(value))
        if kind in ("address", "kana") and self.inputs.currentIndex() == self.page_choice:
            prefix = "address" if kind == "address" else "reading"
            options = list(self.choice_buttons)
            if value in options:
                return [f"{prefix}_{options.index(value)}"]
            if kind == "address":
                return ["type_instead", *self.address_picker.taps_for(str(value))]
            return ["type_instead", *text_taps(str(value), alphabet=False), "answer_ok"]
        if self.inputs.currentIndex() == self.page_list:
            entry = banks.find(self.code_list.entries, str(value))
            if entry is not None:
                return self.code_list.taps_for(entry)
            return ["list_type", *text_taps(str(value), alphabet=False), "answer_ok"]
        if kind == "date":
            if self.inputs.currentIndex() == self.page_calendar:
                return self.calendar.taps_for(date.fromisoformat(str(value)))
            return self.date_entry.taps_for(date.fromisoformat(str(value)))
        if kind == "integer" and self.inputs.currentIndex() == self.page_choice:
            return [f"choice_{value}"]
        if kind == "postal_code" and self.inputs.currentIndex() == self.page_towns:
            for i, town in enumerate(self.towns):
                if town.postal_code == str(value):
                    row = kana_row(town.town_kana)
                    return ([] if row == self.town_row else [f"town_row_{row}"]) + [f"town_{i}"]
            return ["postal_keypad", *(f"key_{c}" for c in str(value)), "answer_ok"]
        if kind in KEYPAD_TYPES:
            return [f"key_{'hyphen' if c == '-' else c}" for c in str(value)] + ["answer_ok"]
        # What the keyboard holds already (a suggested reading, an earlier answer) is
        # kept as far as it agrees, the rest deleted key by key and typed anew.
        typed, wanted = self.keyboard.text, str(value)
        same = 0
        while same < min(len(typed), len(wanted)) and typed[same] == wanted[same]:
            same += 1
        return [
            *["kb_delete"] * (len(typed) - same),
            *text_taps(wanted[same:], alphabet=False, page=self.keyboard.pages.currentIndex()),
            "answer_ok",
        ]


#: The words of a quick date by its distance from today (other distances: n days).
_QUICK_WORDS = {
    0: "kiosk.calendar.today",
    -1: "kiosk.calendar.yesterday",
    1: "kiosk.calendar.tomorrow",
    -7: "kiosk.calendar.weeks_ago",
    7: "kiosk.calendar.weeks_later",
}


def _quick_words(tr: Any, offset: int) -> str:
    """今日, 昨日, 3日前, 1週間前, 明日, 10日後: a quick date in the resident's words."""
    if offset in _QUICK_WORDS:
        return str(tr(_QUICK_WORDS[offset]))
    key = "kiosk.calendar.days_ago" if offset < 0 else "kiosk.calendar.days_later"
    return str(tr(key, n=abs(offset)))


def _small_range(field: Any) -> tuple[int, int] | None:
    """Integers with a small range are offered as number buttons."""
    rule = field.rule
    if rule is None or rule.max is None or rule.max > 12:
        return None
    return (rule.min or 0, rule.max)


def _member_path(key: str, other: str) -> str:
    """The path of dictionary key `other` for the same member as data path `key`:
    ('children[1].name', 'children[].name_kana') → 'children[1].name_kana'."""
    if "[" in key and "[]" in other:
        group_index = key[: key.index("]") + 1]  # children[1]
        return group_index + other[other.index("]") + 1 :]
    return other


def _sibling(key: str, name: str) -> str:
    """new_address.postal_code → new_address.address."""
    return key.rsplit(".", 1)[0] + "." + name


def _member_note(controller: Any, key: str) -> str:
    """'お子さん（2人目）' for repeat-group questions."""
    if "[" not in key:
        return ""
    group, rest = key.split("[", 1)
    index = int(rest.split("]", 1)[0])
    groups = controller.catalogue.groups
    label = controller.text_of(groups[group].label) if group in groups else group
    return controller.translator("kiosk.question.member", group=label, number=index + 1)
