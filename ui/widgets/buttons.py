"""Touch buttons: large, with an accessible name and a role the theme styles."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
