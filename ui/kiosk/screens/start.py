"""Attract screen (language, text size, contrast, start) and the life-event choice."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton

from i18n import available_locales, translator
from kiosk.session import Screen
from ui.kiosk.pictograms import pictogram_icon
from ui.kiosk.screens.base import ScreenWidget
from ui.theme import TextSize
from ui.widgets.buttons import role_label, set_button_text, touch_button


class AttractScreen(ScreenWidget):
    screen = Screen.ATTRACT
    show_back = False

    def __init__(self, controller) -> None:  # type: ignore[no-untyped-def]
        super().__init__(controller)
        self.welcome = role_label(role="subtitle", name="welcome")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.welcome)
        self.start_button = touch_button("start", role="primary")
        self.start_button.setMinimumHeight(180)
        self.start_button.clicked.connect(controller.start)
        self.body.addWidget(self.start_button)
        self.body.addStretch(1)

        self.language_label = role_label(role="field", name="language_label")
        self.body.addWidget(self.language_label)
        languages = QHBoxLayout()
        self.language_buttons: dict[str, QPushButton] = {}
        for locale in available_locales():
            button = touch_button(
                f"lang_{locale}", translator(locale).language_name, checkable=True
            )
            button.clicked.connect(lambda _=False, loc=locale: controller.set_locale(loc))
            languages.addWidget(button)
            self.language_buttons[locale] = button
        self.body.addLayout(languages)

        options = QHBoxLayout()
        self.size_buttons: dict[TextSize, QPushButton] = {}
        for size in TextSize:
            button = touch_button(f"text_size_{size.value}", role="small", checkable=True)
            button.clicked.connect(lambda _=False, s=size: controller.set_text_size(s))
            options.addWidget(button)
            self.size_buttons[size] = button
        options.addStretch(1)
        self.contrast_button = touch_button("high_contrast", role="small", checkable=True)
        self.contrast_button.clicked.connect(controller.toggle_high_contrast)
        options.addWidget(self.contrast_button)
        self.low_layout_button = touch_button("low_layout", role="small", checkable=True)
        self.low_layout_button.clicked.connect(controller.toggle_low_layout)
        options.addWidget(self.low_layout_button)
        self.body.addLayout(options)

    def refresh(self) -> None:
        super().refresh()
        tr = self.tr
        self.title.setText(tr("kiosk.attract.title"))
        self.welcome.setText(tr("kiosk.attract.welcome"))
        set_button_text(self.start_button, tr("kiosk.attract.start"))
        self.language_label.setText(tr("kiosk.attract.language"))
        for locale, button in self.language_buttons.items():
            button.setChecked(locale == self.session.locale)
        for size, button in self.size_buttons.items():
            set_button_text(button, tr(f"kiosk.text_size.{size.value}"))
            button.setChecked(size == self.controller.text_size)
        set_button_text(self.contrast_button, tr("kiosk.high_contrast"))
        self.contrast_button.setChecked(self.controller.high_contrast)
        set_button_text(self.low_layout_button, tr("kiosk.low_layout"))
        self.low_layout_button.setChecked(self.controller.low_layout)


class EventScreen(ScreenWidget):
    """Life events as large tiles with pictograms, in the catalogue's order."""

    screen = Screen.EVENT

    def __init__(self, controller) -> None:  # type: ignore[no-untyped-def]
        super().__init__(controller)
        self.prompt = role_label(role="subtitle", name="prompt")
        self.body.addWidget(self.prompt)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.tiles: dict[str, QPushButton] = {}
        columns = 3
        for i, (event_id, event) in enumerate(controller.catalogue.events.items()):
            button = touch_button(f"event_{event_id}", role="tile")
            icon = pictogram_icon(getattr(event, "pictogram", None) or event_id)
            if icon is not None:
                button.setIcon(icon)
                button.setIconSize(QSize(96, 96))
            button.clicked.connect(lambda _=False, e=event_id: controller.choose_event(e))
            grid.addWidget(button, i // columns, i % columns)
            self.tiles[event_id] = button
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def refresh(self) -> None:
        super().refresh()
        self.title.setText(self.tr("kiosk.event.title"))
        self.prompt.setText(self.tr("kiosk.event.prompt"))
        for event_id, button in self.tiles.items():
            set_button_text(
                button, self.controller.text_of(self.controller.catalogue.events[event_id].title)
            )
