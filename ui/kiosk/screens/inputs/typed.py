"""Answers typed key by key: the keypad (numbers, postal codes, phone) with what is
typed above it, and the kana/alphabet keyboard (a Latin-letter name's reading
suggested on it first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from forms.values import postal_code
from i18n import base_language
from kiosk.japanese import latin
from kiosk.postal import lookup, normalize_postal_code
from ui.kiosk.screens.inputs.base import InputPage, Question, Tr
from ui.theme import TextSize
from ui.widgets.beside import BesideOrBelow
from ui.widgets.buttons import role_label, set_button_text, set_compact, touch_button
from ui.widgets.kana_keyboard import KanaKeyboardWidget, text_taps
from ui.widgets.keypad import KeypadWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from ui.kiosk.controller import KioskController

#: Text sizes at which a keyboard's digits and its letters are a key apart (digits
#: first): one under the other they ran below the fold (KanaKeyboardWidget).
DIGITS_APART_SIZES = frozenset({TextSize.LARGE, TextSize.EXTRA_LARGE})
#: How many digits each type takes at most (a postal code's hyphen besides).
_MAX_DIGITS = {"postal_code": 7, "phone": 13, "integer": 3, "digits": 20}


class KeypadPage(InputPage):
    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.text = ""
        pad = QWidget()  # what is typed above the keypad
        kcol = QVBoxLayout(pad)
        kcol.setContentsMargins(0, 0, 0, 0)
        self.typed = role_label(role="value", name="typed_value")
        self.typed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.typed.setMaximumHeight(110)
        kcol.addWidget(self.typed)
        self.keypad = KeypadWidget(extra_key="-")
        self.keypad.digit.connect(self._type_digit)
        self.keypad.delete.connect(lambda: self.set_value(self.text[:-1]))
        kcol.addWidget(self.keypad)
        # OK beside the keypad, tall: reachable without scrolling, hard to miss; below
        # it where both do not fit side by side (long words at the largest text).
        self.ok = touch_button("answer_ok", role="primary")
        self.ok.setMinimumHeight(200)
        self.ok.clicked.connect(self._give)
        self.row = BesideOrBelow(
            (pad, Qt.AlignmentFlag.AlignVCenter), (self.ok, Qt.AlignmentFlag.AlignBottom)
        )
        self.hold(self.row)
        self.set_value("")

    @property
    def kind(self) -> str:
        return str(self.question.field.type) if self.question.field is not None else ""

    def build(self, question: Question) -> bool:
        super().build(question)
        current = question.current
        self.set_value(str(current) if current not in (None, "") else "")
        self.keypad.setFocus()
        return True

    def value(self) -> str:
        return self.text

    def set_value(self, value: Any) -> bool:
        self.text = str(value)
        shown = postal_code(self.text, typing=True) if self.kind == "postal_code" else self.text
        self.typed.setText(shown or " ")
        self.typed.setAccessibleName(shown)
        self.ok.setEnabled(bool(self.text))
        return True

    def clear(self) -> None:
        self.question = Question("", None)
        self.set_value("")

    def _type_digit(self, d: str) -> None:
        limit = _MAX_DIGITS.get(self.kind, 20) + (1 if self.kind == "postal_code" else 0)
        if len(self.text) < limit:
            self.set_value(self.text + d)

    def give(self) -> None:
        self._give()

    def _give(self) -> None:
        text = self.text
        if self.kind == "postal_code":
            code = normalize_postal_code(text)
            found = lookup(code) if code else []
            if not found:
                self.refused.emit("kiosk.postal.not_found")
                return
            # One town: the address is known too. Several: ask which (clear a stale one).
            address = found[0].text if len(found) == 1 else None
            self.answer(code, {self.question.sibling("address"): address})
        elif self.kind == "integer":
            try:
                self.answer(int(text))
            except ValueError:
                self.refused.emit("kiosk.question.invalid_number")
        else:
            self.answer(text)

    def retranslate(self, tr: Tr) -> None:
        set_button_text(self.ok, tr("kiosk.question.ok"))
        self.keypad.setAccessibleName(tr("kiosk.speech.keypad"))
        self.keypad.retranslate(tr("kiosk.keypad.delete"), tr("kiosk.keypad.delete_key"))

    def taps_for(self, value: Any) -> list[str]:
        return [f"key_{'hyphen' if c == '-' else c}" for c in str(value)] + ["answer_ok"]


def retranslate_keyboard(keyboard: KanaKeyboardWidget, tr: Tr) -> None:
    """A keyboard's keys and its read-aloud name (every page typing text has one)."""
    keyboard.setAccessibleName(tr("kiosk.speech.keyboard"))  # its name when focused
    keyboard.retranslate(
        tr("kiosk.keyboard.kana"),
        tr("kiosk.keyboard.alphabet"),
        tr("kiosk.keyboard.space"),
        tr("kiosk.keypad.delete"),
        tr("kiosk.keypad.delete_key"),
        tr("kiosk.keyboard.accents"),
        tr("kiosk.keyboard.digits"),
    )


class KeyboardPage(InputPage):
    """Text and kana: the keyboard, digits for text, the alphabet first for a text
    when the resident's language is not Japanese."""

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)  # the body has its margins: a line of keys' room
        self.keyboard = KanaKeyboardWidget()
        col.addWidget(self.keyboard, 1)
        self.ok = touch_button("answer_ok", role="primary")
        # As high as a key: the typed line is no taller than its text needs (beside a
        # full-height OK it took a key row's height that the letters lacked at the
        # larger sizes on a landscape display).
        set_compact(self.ok)
        self.ok.clicked.connect(self._give)
        self.keyboard.display_row.addWidget(self.ok)

    def build(self, question: Question) -> bool:
        super().build(question)
        kind = question.field.type
        self.keyboard.reset(str(question.current or ""))
        self.keyboard.show_digits(kind != "kana")
        self.keyboard.set_alphabet(kind == "text" and base_language(self.session.locale) != "ja")
        self.keyboard.set_digits_apart(
            self.controller.text_size in DIGITS_APART_SIZES,
            digits_first=question.field.digits_first,
        )
        return True

    def value(self) -> str:
        return self.keyboard.text

    def set_value(self, value: Any) -> bool:
        self.keyboard.reset(str(value))
        return True

    def clear(self) -> None:
        self.keyboard.reset("")

    def give(self) -> None:
        self._give()

    def _give(self) -> None:
        """A name typed for a listed fact (a bank's) has no code."""
        self.answer(self.keyboard.text.strip(), self.listed_codes(None) or None)

    def retranslate(self, tr: Tr) -> None:
        set_button_text(self.ok, tr("kiosk.question.ok"))
        retranslate_keyboard(self.keyboard, tr)

    def taps_for(self, value: Any) -> list[str]:
        # What the keyboard holds already (a suggested reading, an earlier answer) is
        # kept as far as it agrees, the rest deleted key by key and typed anew.
        typed, wanted = self.keyboard.text, str(value)
        same = 0
        while same < min(len(typed), len(wanted)) and typed[same] == wanted[same]:
            same += 1
        return [
            *["kb_delete"] * (len(typed) - same),
            *text_taps(
                wanted[same:], alphabet=False, page=self.keyboard.pages.currentIndex(),
                digits=self.keyboard.digits_view(),
            ),
            "answer_ok",
        ]


class LatinReadingPage(KeyboardPage):
    """The フリガナ of a name in Latin letters, while none is given: its katakana
    suggested on the keyboard (kiosk.japanese.latin), to be corrected before OK."""

    def __init__(self, controller: KioskController, pages: Callable[[type], InputPage]) -> None:
        super().__init__(controller, pages)
        self.suggestion = ""

    def build(self, question: Question) -> bool:
        InputPage.build(self, question)
        self.suggestion = self._suggested(question)
        if not self.suggestion:
            return False
        self.keyboard.reset(self.suggestion)
        self.keyboard.show_digits(False)
        self.keyboard.set_alphabet(False)
        return True

    def _suggested(self, question: Question) -> str:
        name_key = self.controller.catalogue.reading_of(question.field.key)
        if question.current or name_key is None:
            return ""
        name = str(self.data_at(question.member_path(name_key)) or "")
        return latin.katakana_reading(name) if latin.is_latin_name(name) else ""

    def note(self) -> str:
        return "kiosk.reading.suggested" if self.suggestion else ""
