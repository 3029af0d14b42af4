"""Touch buttons: large, with an accessible name and a role the theme styles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def touch_button(
    object_name: str,
    text: str = "",
    role: str = "",
    parent: QWidget | None = None,
    *,
    checkable: bool = False,
) -> QPushButton:
    """A button a resident taps. `object_name` is how scripts and tests find it."""
    button = QPushButton(text, parent)
    button.setObjectName(object_name)
    if role:
        button.setProperty("role", role)
    button.setCheckable(checkable)
    button.setAccessibleName(text)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def set_button_text(button: QPushButton, text: str) -> None:
    button.setText(text)
    button.setAccessibleName(text)


def role_label(
    text: str = "", role: str = "", parent: QWidget | None = None, *, name: str = ""
) -> QLabel:
    label = QLabel(text, parent)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class FittedLabel(QLabel):
    """A word-wrapped label that always takes the height its text needs at its width.

    A layout short of room gives a QLabel only its minimum, and a message set while its
    screen was hidden keeps the height of that moment: the text then runs over the
    border (seen with a two-line "card removed" notice). The minimum height follows the
    text, the font, the style (padding, border) and the width."""

    def _fit(self) -> None:
        if self.width() > 0 and self.wordWrap():
            need = self.heightForWidth(self.width())
            if need > 0 and need != self.minimumHeight():
                self.setMinimumHeight(need)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit()
