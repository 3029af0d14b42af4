"""Touch buttons: large, with an accessible name and a role the theme styles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QWidget

from i18n.ruby import plain, spoken
from ui.widgets.ruby_label import RubyLabel


def touch_button(
    object_name: str,
    text: str = "",
    role: str = "",
    parent: QWidget | None = None,
    *,
    checkable: bool = False,
) -> QPushButton:
    """A button a resident taps. `object_name` is how scripts and tests find it."""
    button = QPushButton(spoken(text), parent)
    button.setObjectName(object_name)
    if role:
        button.setProperty("role", role)
    button.setCheckable(checkable)
    button.setAccessibleName(plain(text))
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def set_compact(button: QPushButton) -> None:
    """As high as a keyboard's key, its words as large (the theme's `compact`)."""
    button.setProperty("compact", True)
    button.style().unpolish(button)
    button.style().polish(button)


def set_button_text(button: QPushButton, text: str) -> None:
    """A plain button cannot draw furigana: a text written with readings (やさしい日本語)
    shows the readings in place of the kanji (`住所《じゅうしょ》` → じゅうしょ) rather than
    kanji a reader of kana cannot read. Buttons that wrap (WrapButton) draw ruby."""
    button.setText(spoken(text))
    button.setAccessibleName(plain(text))


def role_label(
    text: str = "",
    role: str = "",
    parent: QWidget | None = None,
    *,
    name: str = "",
    fitted: bool = False,
) -> RubyLabel:
    """A label; texts written with furigana (`漢字《かんじ》`) get their readings above.
    `fitted`: a FittedLabel, for a text set while its screen is hidden."""
    label = (FittedLabel if fitted else RubyLabel)(text, parent)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class FittedLabel(RubyLabel):
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
