"""The card path: have a card?, place it, PIN, reading, confirm, problems, take it back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout

from card_reader.errors import PinIncorrect
from forms.values import date_text
from i18n import base_language
from i18n.ruby import plain
from kiosk.session import PIN_LENGTH, Screen
from ui.kiosk.pictograms import pictogram_label
from ui.kiosk.screens.base import ScreenWidget, centered
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.keypad import KeypadWidget
from ui.widgets.tile import wrapping_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: Messages on the PIN screen that already say how many tries are left.
NOTICES_WITH_TRIES = frozenset({PinIncorrect.key, "kiosk.pin.last_try"})


class CardChoiceScreen(ScreenWidget):
    shows = Screen.CARD_CHOICE

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.picture = pictogram_label("card", 220)
        self.body.addWidget(self.picture)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.prompt)
        # Side by side where they fit, one above the other where they do not. Not using
        # the card says whether there is one (the card's address is to be updated too):
        # one tap for both, not a question after.
        row = FlowRow(spacing=40)
        self.use_card = touch_button("card_use", role="primary")
        self.use_card.clicked.connect(controller.use_card)
        self.no_card = wrapping_button("card_skip")  # long words: "I have a card, but…"
        self.no_card.clicked.connect(lambda: controller.continue_without_card(held=True))
        self.none = wrapping_button("card_none")
        self.none.clicked.connect(lambda: controller.continue_without_card(held=False))
        row.add(self.use_card)
        row.add(self.no_card)
        row.add(self.none)
        self.body.addWidget(row)
        self.body.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.translator("kiosk.card_choice.title"))
        self.prompt.setText(self.translator("kiosk.card_choice.prompt"))
        set_button_text(self.use_card, self.translator("kiosk.card_choice.use"))
        self.no_card.set_text(self.translator("kiosk.card_choice.have_not_today"))
        self.none.set_text(self.translator("kiosk.card_choice.none"))


class CardInsertScreen(ScreenWidget):
    """ "Place your card": a picture, and (demo only) a button that inserts the demo card."""

    shows = Screen.CARD_INSERT

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.picture = pictogram_label("card_reader", 300)
        self.body.addWidget(self.picture)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.prompt)
        self.demo_insert = touch_button("demo_insert_card", role="small")
        self.demo_insert.clicked.connect(controller.demo_insert_card)
        self.body.addLayout(centered(self.demo_insert))
        self.body.addStretch(1)
        self.no_card = wrapping_button("card_skip")
        self.no_card.clicked.connect(controller.continue_without_card)
        self.footer.addWidget(self.no_card)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.translator("kiosk.card_insert.title"))
        self.prompt.setText(self.translator("kiosk.card_insert.prompt"))
        set_button_text(self.demo_insert, self.translator("kiosk.card_insert.demo"))
        self.demo_insert.setVisible(self.controller.demo)
        set_button_text(self.no_card, self.translator("kiosk.card_choice.skip"))


#: The least width the PIN screen's words need beside the pad (the largest text).
PIN_WORDS_MIN_PX = 420


class PinScreen(ScreenWidget):
    """Tries left first, then four masked digits on a large keypad."""

    shows = Screen.PIN

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        # The words and the dots beside the pad, not above it: the whole pad (0 and
        # Delete too) stays on the display at the largest text, without scrolling.
        row = self.pad_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(32)
        column = QVBoxLayout()
        self.prompt = role_label(role="subtitle", name="prompt")
        column.addWidget(self.prompt)
        self.tries = role_label(role="field", name="tries_left")
        column.addWidget(self.tries)
        self.dots = QLabel()
        self.dots.setObjectName("pin_dots")
        self.dots.setProperty("role", "pin_dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addLayout(centered(self.dots))
        self.ok = touch_button("pin_ok", role="primary")
        self.ok.clicked.connect(controller.pin_entered)
        column.addLayout(centered(self.ok))
        column.addStretch(1)
        row.addLayout(column, 1)
        self.keypad = KeypadWidget()
        self.keypad.digit.connect(controller.pin_digit)
        self.keypad.delete.connect(controller.pin_delete)
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.body.addLayout(row)
        self.no_card = wrapping_button("card_skip")
        self.no_card.clicked.connect(controller.continue_without_card)
        self.footer.addWidget(self.no_card)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_pad()

    def _place_pad(self) -> None:
        """Beside the words while the display is wide enough for both; below them on a
        narrow one (portrait, the largest text), where beside them the pad's right
        column ran past the display's edge."""
        room = self.body_scroll.viewport().width()
        needed = self.keypad.sizeHint().width() + PIN_WORDS_MIN_PX + self.pad_row.spacing()
        wanted = (QBoxLayout.Direction.LeftToRight if room >= needed
                  else QBoxLayout.Direction.TopToBottom)  # fmt: skip
        if self.pad_row.direction() != wanted:
            self.pad_row.setDirection(wanted)

    def live_phrase(self) -> str:
        return self.dots.accessibleName()  # the count of digits, never which

    def refresh(self) -> None:
        super().refresh()
        s = self.session
        self.title.setText(self.translator("kiosk.pin.title"))
        self.prompt.setText(self.translator("kiosk.pin.prompt"))
        # The tries left said once: by the message when there is one about them
        # (a wrong PIN, the last try), else by this line.
        said = s.notice is not None and s.notice.key in NOTICES_WITH_TRIES
        if s.pin_tries_left is not None and not said:
            self.tries.setText(self.translator("kiosk.pin.tries_left", tries_left=s.pin_tries_left))
            self.tries.show()
        else:
            self.tries.hide()
        self.dots.setText("●" * s.pin_length + "○" * (PIN_LENGTH - s.pin_length))
        self.dots.setAccessibleName(plain(self.translator("kiosk.pin.entered", count=s.pin_length)))
        set_button_text(self.ok, self.translator("common.ok"))
        self.ok.setEnabled(s.pin_length == PIN_LENGTH)
        # Four digits read the card by themselves; OK only when one try is left.
        self.ok.setVisible(s.pin_tries_left == 1)
        self.keypad.retranslate(
            self.translator("kiosk.keypad.delete"), self.translator("kiosk.keypad.delete_key")
        )
        # Offer the way out where it matters most: one try left.
        set_button_text(self.no_card, self.translator("kiosk.card_choice.skip"))
        self.keypad.setFocus()
        self._place_pad()


class CardReadingScreen(ScreenWidget):
    shows = Screen.CARD_READING
    show_back = False

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.picture = pictogram_label("card_reader", 260)
        self.body.addWidget(self.picture)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.prompt)
        self.body.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.translator("kiosk.card_reading.title"))
        self.prompt.setText(self.translator("kiosk.card_reading.prompt"))


class CardConfirmScreen(ScreenWidget):
    """What the card said, large, for the resident to confirm or dispute."""

    shows = Screen.CARD_CONFIRM

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.body.addWidget(self.prompt)
        form = self.form = QFormLayout()
        form.setVerticalSpacing(16)
        # A value under its name where both do not fit side by side: "Petsa ng
        # kapanganakan" was squeezed to 184 px beside the date, its word cut (Filipino
        # at the largest text on a portrait 1024 px display).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for field in ("name", "address", "birth_date", "sex"):
            label = role_label(role="field")
            # Fitted: the card's address wraps to two lines at the largest text, and the
            # values are set before the screen shows (a plain label kept one line's height).
            value = role_label(role="value", name=f"card_{field}", fitted=True)
            form.addRow(label, value)
            self.labels[field], self.values[field] = label, value
        # The name's likeliest フリガナ, confirmed with the rest in the same tap, its own
        # question one tap away (「フリガナを直す」 beside it); hidden when none is known.
        self.reading_label = role_label(role="field")
        self.reading = role_label(role="value", name="card_reading", fitted=True)
        self.change_reading = touch_button("confirm_change_reading", role="small")
        self.change_reading.clicked.connect(lambda: controller.confirm_card(True))
        reading_row = FlowRow(spacing=16)
        reading_row.add(self.reading, 3)
        reading_row.add(self.change_reading, 1)
        self.reading_row = reading_row
        form.addRow(self.reading_label, reading_row)
        self.readings: dict[str, str] = {}
        self.body.addLayout(form)
        self.body.addStretch(1)
        # The answer in the footer, always on the display however long the card's data
        # (at the largest text the data fills the screen); the two side by side or, where
        # too wide, one above the other.
        row = FlowRow(spacing=24)
        self.wrong = touch_button("confirm_wrong")
        self.wrong.clicked.connect(lambda: controller.confirm_card(False))
        self.right = touch_button("confirm_ok", role="primary")
        self.right.clicked.connect(lambda: controller.confirm_card(True, self.readings))
        row.add(self.wrong, 1)
        row.add(self.right, 2)
        self.footer.setStretch(1, 0)  # the footer's spacer gives this row its room
        self.footer.addWidget(row, 1)

    def clear(self) -> None:
        super().clear()
        self.readings = {}
        for value in (*self.values.values(), self.reading):
            value.clear()
            value.setAccessibleName("")

    def refresh(self) -> None:
        super().refresh()
        tr = self.translator
        self.title.setText(tr("kiosk.card_confirm.title"))
        self.prompt.setText(tr("kiosk.card_confirm.prompt"))
        card = self.session.card
        for field, label in self.labels.items():
            label.setText(tr(f"kiosk.card_confirm.{field}"))
        if card is not None:
            self.values["name"].setText(card.name)
            self.values["address"].setText(card.address)
            if card.birth_date is not None:
                birth = date_text(card.birth_date, resident=base_language(self.session.locale))
            else:
                birth = card.birth_date_raw
            self.values["birth_date"].setText(birth)
            self.values["sex"].setText(tr(f"kiosk.sex.{card.sex}"))
        self.readings = self.session.card_readings
        shown = " / ".join(self.readings.values())
        self.reading_label.setText(tr("kiosk.card_confirm.reading"))
        self.reading.setText(shown)
        self.form.setRowVisible(self.reading_row, bool(shown))
        set_button_text(self.right, tr("kiosk.card_confirm.ok"))
        set_button_text(self.wrong, tr("kiosk.card_confirm.wrong"))
        set_button_text(self.change_reading, tr("kiosk.card_confirm.change_reading"))


class CardProblemScreen(ScreenWidget):
    """Blocked card, wrong card, no reader: what happened, where to go, and the no-card path."""

    shows = Screen.CARD_PROBLEM

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.advice = role_label(role="subtitle", name="advice")
        self.body.addWidget(self.advice)
        self.body.addStretch(1)
        row = FlowRow(spacing=24)  # one above the other where side by side is too wide
        self.retry = touch_button("card_retry")
        self.retry.clicked.connect(controller.use_card)
        self.no_card = touch_button("card_skip", role="primary")
        self.no_card.clicked.connect(controller.continue_without_card)
        row.add(self.retry, 1)
        row.add(self.no_card, 2)
        self.body.addWidget(row)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.translator("kiosk.card_problem.title"))
        self.advice.setText(self.translator("kiosk.card_problem.advice"))
        set_button_text(self.retry, self.translator("kiosk.card_problem.retry"))
        set_button_text(self.no_card, self.translator("kiosk.card_choice.skip"))
        notice = self.session.notice
        self.retry.setVisible(notice is None or notice.key != "card.pin_blocked")


class TakeCardScreen(ScreenWidget):
    """Blocks until the card leaves the reader (or the timeout calls staff)."""

    shows = Screen.TAKE_CARD
    show_back = False

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.picture = pictogram_label("take_card", 300)
        self.body.addWidget(self.picture)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.prompt)
        self.demo_remove = touch_button("demo_remove_card", role="small")
        self.demo_remove.clicked.connect(controller.demo_remove_card)
        self.body.addLayout(centered(self.demo_remove))
        self.body.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.translator("kiosk.take_card.title"))
        self.prompt.setText(self.translator("kiosk.take_card.prompt"))
        set_button_text(self.demo_remove, self.translator("kiosk.take_card.demo"))
        self.demo_remove.setVisible(self.controller.demo)


class StaffPinScreen(ScreenWidget):
    """A member of staff unlocks staff-assisted mode with the kiosk's staff PIN."""

    shows = Screen.STAFF_PIN
    show_back = False

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.body.addWidget(self.prompt)
        self.dots = QLabel()
        self.dots.setObjectName("staff_pin_dots")
        self.dots.setProperty("role", "pin_dots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addLayout(centered(self.dots))
        self.keypad = KeypadWidget()
        self.keypad.digit.connect(controller.staff_pin_digit)
        self.keypad.delete.connect(controller.staff_pin_delete)
        self.body.addLayout(centered(self.keypad))
        row = QHBoxLayout()
        self.cancel = touch_button("staff_cancel")
        self.cancel.clicked.connect(controller.cancel_assist)
        self.ok = touch_button("staff_ok", role="primary")
        self.ok.clicked.connect(controller.staff_pin_entered)
        row.addWidget(self.cancel, 1)
        row.addWidget(self.ok, 1)
        self.body.addLayout(row)

    def live_phrase(self) -> str:
        return self.dots.accessibleName()  # the count of digits, never which

    def refresh(self) -> None:
        super().refresh()
        s = self.session
        self.title.setText(self.translator("kiosk.assist.title"))
        self.prompt.setText(self.translator("kiosk.assist.prompt"))
        self.dots.setText("●" * s.staff_pin_length or "　")
        self.dots.setAccessibleName(
            plain(self.translator("kiosk.pin.entered", count=s.staff_pin_length))
        )
        self.keypad.retranslate(
            self.translator("kiosk.keypad.delete"), self.translator("kiosk.keypad.delete_key")
        )
        set_button_text(self.cancel, self.translator("common.cancel"))
        set_button_text(self.ok, self.translator("common.ok"))
        self.ok.setEnabled(s.staff_pin_length > 0)
        self.keypad.setFocus()
