"""The language choice: every language the kiosk has, each named in itself, in a grid
over whatever screen shows. Opened from the first screen and from every screen's
header (`controller.languages_requested`); a choice changes the language and returns
to the same place, answers kept. Scales to any number of languages: as many rows as
the window holds at the text size, as many columns as that takes; long names wrap."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from i18n import available_locales, language_name
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.paged_scroll import paged
from ui.widgets.tile import WrapButton

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: The most columns the grid takes (more would make names hard to read).
MAX_COLUMNS = 4
SPACING = 16


def language_names() -> dict[str, str]:
    """Locale → the language's own name for itself (日本語, English, Português...)."""
    return {locale: language_name(locale) for locale in available_locales()}


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
        layout = self.box_layout = QVBoxLayout(box)
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
        self.grid.setSpacing(SPACING)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.area.setWidget(holder)
        layout.addWidget(paged(self.area), 1)
        self.buttons: dict[str, QPushButton] = {}
        for locale, name in language_names().items():
            button = WrapButton(f"lang_{locale}", name)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, loc=locale: self.choose(loc))
            self.buttons[locale] = button
        self.close_button = touch_button("language_close")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self._columns = 0
        self.hide()

    def open(self) -> None:
        tr = self.controller.translator
        self.heading.setText(tr("kiosk.language.title"))
        set_button_text(self.close_button, tr("kiosk.language.close"))
        for locale, button in self.buttons.items():
            button.setChecked(locale == self.controller.session.locale)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self._place_box()
        self.show()
        self.raise_()
        # Sizes are only true once shown (fonts of the text size polished in).
        self.box_layout.activate()
        self._lay_out()

    def choose(self, locale: str) -> None:
        self.hide()
        self.controller.set_locale(locale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_box()
        if self.isVisible():
            self._lay_out()

    def _place_box(self) -> None:
        margin_x, margin_y = self.width() // 32, self.height() // 32
        self.box.setGeometry(self.rect().adjusted(margin_x, margin_y, -margin_x, -margin_y))

    def _lay_out(self) -> None:
        """As many rows as the box holds at this text size; columns for the rest."""
        layout = self.box_layout
        margins = layout.contentsMargins()
        around = (
            margins.top() + margins.bottom() + 2 * layout.spacing()
            + self.heading.sizeHint().height() + self.close_button.sizeHint().height()
        )  # fmt: skip
        buttons = list(self.buttons.values())
        row = max(max(b.height(), b.sizeHint().height()) for b in buttons) + SPACING
        rows = max(1, (self.box.height() - around + SPACING) // row)
        columns = min(MAX_COLUMNS, max(1, math.ceil(len(buttons) / rows)))
        if columns == self._columns:
            return
        self._columns = columns
        for button in buttons:
            self.grid.removeWidget(button)
        for i, button in enumerate(buttons):
            self.grid.addWidget(button, i // columns, i % columns)
        for column in range(MAX_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.box_layout.activate()
