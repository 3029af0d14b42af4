"""The language choice: every language the kiosk has, each named in itself, in a grid
over whatever screen shows. Opened from the first screen and from every screen's
header (`controller.languages_requested`); a choice changes the language and returns
to the same place, answers kept. Scales to any number of languages: the grid has fewer
columns at larger text, and scrolls (with page buttons) only if it must."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from i18n import available_locales, translator
from ui.theme import TextSize
from ui.widgets.buttons import role_label, set_button_text, touch_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: Columns of the grid at each text size.
COLUMNS = {TextSize.STANDARD: 3, TextSize.LARGE: 2, TextSize.EXTRA_LARGE: 2}


def language_names() -> dict[str, str]:
    """Locale → the language's own name for itself (日本語, English, 한국어...)."""
    return {locale: translator(locale).language_name for locale in available_locales()}


class LanguageOverlay(QWidget):
    def __init__(self, parent: QWidget, controller: KioskController) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("language_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#language_overlay { background: rgba(0, 0, 0, 160); }")
        box = QFrame(self)
        box.setProperty("role", "card")
        self.box = box
        layout = QVBoxLayout(box)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(20)
        self.heading = role_label(role="title", name="language_title")
        layout.addWidget(self.heading)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        self.grid = QGridLayout(holder)
        self.grid.setSpacing(16)
        self.area.setWidget(holder)
        layout.addWidget(self.area, 1)
        self.buttons: dict[str, QPushButton] = {}
        for locale, name in language_names().items():
            button = touch_button(f"lang_{locale}", name, checkable=True)
            button.setMinimumHeight(96)
            button.clicked.connect(lambda _=False, loc=locale: self.choose(loc))
            self.buttons[locale] = button
        self.close_button = touch_button("language_close")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self._columns = 0
        self.hide()

    def open(self) -> None:
        tr = self.controller.tr
        self.heading.setText(tr("kiosk.language.title"))
        set_button_text(self.close_button, tr("kiosk.language.close"))
        self._lay_out(COLUMNS[self.controller.text_size])
        for locale, button in self.buttons.items():
            button.setChecked(locale == self.controller.session.locale)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def choose(self, locale: str) -> None:
        self.hide()
        self.controller.set_locale(locale)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        margin_x, margin_y = self.width() // 16, self.height() // 16
        self.box.setGeometry(self.rect().adjusted(margin_x, margin_y, -margin_x, -margin_y))

    def _lay_out(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for i, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, i // columns, i % columns)
