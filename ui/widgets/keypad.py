"""On-screen numeric keypad (PIN, postal code, 番地, dates).

Keys are buttons named `key_0`..`key_9`, `key_delete`, and optionally `key_hyphen`;
the keypad only reports presses, the model behind the screen keeps the value.
Physical number keys (and the extra key: `-`) and Backspace work too (keyboard users,
numeric keypads).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from i18n.ruby import plain
from ui.widgets.buttons import set_button_text, touch_button
from ui.widgets.typing import typing_relay


class KeypadWidget(QWidget):
    digit = Signal(str)
    delete = Signal()

    def __init__(self, parent: QWidget | None = None, *, extra_key: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self.extra_key = extra_key
        grid = QGridLayout(self)
        grid.setSpacing(14)  # spacing against mis-taps between neighbouring keys
        for i, d in enumerate("123456789"):
            grid.addWidget(self._key(d), i // 3, i % 3)
        # A word, not "⌫": the UD fonts have no such symbol, and words read better.
        self.delete_key = touch_button("key_delete", "消す", role="key")
        self.delete_key.clicked.connect(self.delete.emit)
        if extra_key:
            grid.addWidget(
                self._key(extra_key, name="key_hyphen" if extra_key == "-" else ""), 3, 0
            )
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self.delete_key, 3, 2)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _key(self, d: str, name: str = "") -> QWidget:
        button = touch_button(name or f"key_{d}", d, role="key")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus stays on the keypad for typing
        button.clicked.connect(lambda: self.press(d))
        return button

    def press(self, key: str) -> None:
        """A key typed (tapped, or its physical key): the screen's model takes it."""
        typing_relay().typed.emit(self, key)  # said back first: the key may end the screen
        self.digit.emit(key)

    def retranslate(self, delete_label: str, delete_key: str = "消す") -> None:
        set_button_text(self.delete_key, delete_key)
        self.delete_key.setAccessibleName(plain(delete_label))
        # The word must fit its key at every text size ("Delete" at the largest).
        self.delete_key.ensurePolished()
        text_width = self.delete_key.fontMetrics().horizontalAdvance(delete_key)
        self.delete_key.setMinimumWidth(text_width + 24)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        # The extra key too: a phone number is typed with its hyphens (03-1234-5678).
        if (text.isdigit() and len(text) == 1) or (self.extra_key and text == self.extra_key):
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.delete.emit()
        else:
            super().keyPressEvent(event)
