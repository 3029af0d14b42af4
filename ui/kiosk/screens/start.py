"""The first screen: welcome, the life events as large pictogram tiles, language,
text size, contrast and the low layout. One tap on an event starts a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QPushButton

from kiosk.session import Screen
from ui.kiosk.language import language_names
from ui.kiosk.pictograms import pictogram_icon
from ui.kiosk.screens.base import ScreenWidget, centered
from ui.theme import TextSize
from ui.widgets.buttons import role_label, set_button_text, touch_button
from ui.widgets.flow_row import FlowRow
from ui.widgets.tile import TileButton, WrapButton, wrapping_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: Tiles per row of the life-event grid.
COLUMNS = 5
#: Languages with their own button on the first screen (the rest: `more_languages`):
#: Japanese, やさしい日本語 (for residents who read kana better than kanji) and English.
QUICK_LOCALES = ("ja", "ja@easy", "en")


class AttractScreen(ScreenWidget):
    """The welcome, the event tiles and the language and appearance choices."""

    shows = Screen.ATTRACT
    show_back = False

    def __init__(self, controller: KioskController) -> None:
        super().__init__(controller)
        self.welcome = role_label(role="subtitle", name="welcome")
        self.body.addWidget(self.welcome)

        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        self.columns = COLUMNS
        self.tiles: dict[str, TileButton] = {}
        events = sorted(controller.catalogue.events.values(), key=lambda e: (e.order, e.id))
        for i, event in enumerate(events):
            tile = TileButton(f"event_{event.id}", pictogram_icon(event.pictogram or event.id))
            tile.clicked.connect(lambda _=False, e=event.id: controller.choose_event(e))
            self.grid.addWidget(tile, i // COLUMNS, i % COLUMNS)
            self.tiles[event.id] = tile
        self.body.addLayout(self.grid)
        tiles_holder = self.body_scroll.widget()
        if tiles_holder is not None:
            tiles_holder.installEventFilter(self)
        self.body_scroll.viewport().installEventFilter(self)
        self.body.addStretch(1)

        self.language_label = role_label(role="field", name="language_label")
        self.body.addWidget(self.language_label)
        # Japanese, やさしい日本語 and English in one tap; every other language, each named in itself,
        # on the button that opens the whole choice.
        # A row that wraps: on a portrait display at the largest text the four shared
        # one line, each narrower than its words ("English" cut at its edges).
        languages = self.language_row = FlowRow()
        languages.setObjectName("language_choices")
        self.language_buttons: dict[str, QPushButton] = {}
        names = language_names()
        for locale in [loc for loc in QUICK_LOCALES if loc in names]:
            # Its words on one line where there is the room, never narrower than a word.
            choice = wrapping_button(f"lang_{locale}")
            choice.set_text(names[locale])
            choice.setCheckable(True)
            choice.clicked.connect(lambda _=False, loc=locale: controller.set_locale(loc))
            languages.add(choice, stretch=1)
            self.language_buttons[locale] = choice
        others = [name for loc, name in names.items() if loc not in QUICK_LOCALES]
        self.more_languages = WrapButton("more_languages", " · ".join(others))
        self.more_languages.keep_words = True
        self.more_languages.clicked.connect(controller.choose_language)
        languages.add(self.more_languages, stretch=2)
        self.more_languages.setVisible(bool(others))
        self.body.addWidget(languages)

        # Text size, contrast, the low layout and read-aloud first, under the top bar and
        # its language button: below the nine tiles they were below the fold at
        # 1280×1024, out of sight of the resident who needs them most (in the top bar,
        # Portuguese at the largest text left no room for a whole tile). One row that
        # wraps (three Tagalog sizes at the largest text are wider than 1280 px).
        display = self.display_row = FlowRow()
        display.setObjectName("display_choices")
        self.size_buttons: dict[TextSize, QPushButton] = {}
        for size in TextSize:
            button = touch_button(f"text_size_{size.value}", role="small", checkable=True)
            button.clicked.connect(lambda _=False, s=size: controller.set_text_size(s))
            display.add(button, stretch=0)
            self.size_buttons[size] = button
        self.contrast_button = touch_button("high_contrast", role="small", checkable=True)
        self.contrast_button.clicked.connect(controller.toggle_high_contrast)
        display.add(self.contrast_button, stretch=0)
        self.low_layout_button = touch_button("low_layout", role="small", checkable=True)
        self.low_layout_button.clicked.connect(controller.toggle_low_layout)
        display.add(self.low_layout_button, stretch=0)
        self.read_aloud_button = touch_button("read_aloud", role="small", checkable=True)
        self.read_aloud_button.clicked.connect(controller.toggle_read_aloud)
        display.add(self.read_aloud_button, stretch=0)
        self.body.insertWidget(0, display)
        # For staff only: run the flow on behalf of a resident (needs the staff PIN).
        self.assist_button = touch_button("staff_assist", role="small")
        self.assist_button.clicked.connect(controller.request_assist)
        self.body.addLayout(centered(self.assist_button))

    def arrange_tiles(self) -> None:
        """As many tiles a row as the display holds, up to COLUMNS: a tile is never
        narrower than its longest word (WrapButton), and at the largest text a long
        word (Spanish "(tenshutsu)") made four tiles wider than the display, the last
        cut off at its edge."""
        if not self.isVisible():
            return  # hidden, the viewport's width is not the display's
        spacing = self.grid.spacing()
        room = self.body_scroll.viewport().width()
        widest = max(t.minimumSizeHint().width() for t in self.tiles.values())
        columns = max(1, min(COLUMNS, (room + spacing) // (widest + spacing)))
        if columns == self.columns:
            return
        self.columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The tiles' words, font (text size) or the room changed: count columns again.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize, QEvent.Type.Show):
            self.arrange_tiles()
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        super().refresh()
        tr, c = self.translator, self.controller
        self.title.setText(tr("kiosk.attract.title"))
        self.welcome.setText(tr("kiosk.attract.welcome"))
        for event_id, tile in self.tiles.items():
            event = c.catalogue.events[event_id]
            tile.set_text(c.text_of(event.title))
            tile.set_icon(pictogram_icon(event.pictogram or event.id))
        self.language_label.setText(tr("kiosk.attract.language"))
        for locale, button in self.language_buttons.items():
            button.setChecked(locale == self.session.locale)
        for size, button in self.size_buttons.items():
            set_button_text(button, tr(f"kiosk.text_size.{size.value}"))
            button.setChecked(size == c.text_size)
        set_button_text(self.contrast_button, tr("kiosk.high_contrast"))
        self.contrast_button.setChecked(c.high_contrast)
        set_button_text(self.low_layout_button, tr("kiosk.low_layout"))
        self.low_layout_button.setChecked(c.low_layout)
        set_button_text(self.read_aloud_button, tr("kiosk.read_aloud"))
        self.read_aloud_button.setChecked(c.read_aloud)
        self.read_aloud_button.setToolTip(tr("kiosk.speech.star_key"))
        set_button_text(self.assist_button, tr("kiosk.assist.button"))
        self.assist_button.setVisible(c.staff_pin.enabled and not self.session.assisted)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.arrange_tiles()
