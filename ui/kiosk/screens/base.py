"""What every kiosk screen shares: header with title and progress, body, footer.

A screen holds no resident data of its own: `refresh()` redraws it from the session,
and taps call session methods (or the controller, for work that needs a thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from i18n import Translator
from kiosk.session import Notice, ResidentSession, Screen
from ui.widgets.buttons import FittedLabel, role_label, set_button_text, touch_button
from ui.widgets.paged_scroll import PagedScroll, paged

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController


#: The most of the display's height the low layout leaves empty above a screen.
LOW_LAYOUT_MAX = 0.4


class ScreenWidget(QWidget):
    #: The session screen this widget shows (not `screen`: QWidget.screen() is the display).
    shows: Screen
    show_back = True

    def __init__(self, controller: KioskController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName(f"screen_{self.shows.value}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        outer.setSpacing(24)
        # The room above the screen in the low layout: asks for nothing, takes what
        # the screen leaves (stretch), never more than LOW_LAYOUT_MAX.
        self.low_room = QWidget()
        self.low_room.setObjectName("low_layout_room")
        self.low_room.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.low_room.hide()
        outer.addWidget(self.low_room, 1)
        # Progress and the language button on a row of their own, the title below at
        # full width: a long title (English at the largest size) wraps into lines
        # across the screen, never into a narrow column cut off at the bottom.
        header = QHBoxLayout()
        self.title = role_label(role="title", name="title")
        self.progress = role_label(role="progress", name="progress")
        self.progress.setWordWrap(False)
        self.progress.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.progress, 1)
        self.assist_badge = role_label(role="warning", name="assist_badge")
        self.assist_badge.hide()
        header.addWidget(self.assist_badge)
        # The language choice, from every screen (answers are kept).
        # On every screen, the first too: its larger language row comes after the event
        # tiles, below the fold at 1280×1024 with nine events, and a resident who reads
        # no Japanese must find their language without scrolling.
        self.language_button = touch_button("language", role="small")
        self.language_button.clicked.connect(controller.choose_language)
        header.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)
        outer.addWidget(self.title)
        self.notice = FittedLabel()
        self.notice.setObjectName("notice")
        # Styled from the start (its padding and border are in its first polish; a role
        # given only when a message comes kept the text against the border).
        self.notice.setProperty("role", "error")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.notice.hide()
        outer.addWidget(self.notice)
        # The body scrolls rather than push the window past the display when the
        # resident chooses the largest text; at standard size it fits without.
        self.body_scroll = QScrollArea()
        self.body_scroll.setObjectName("body_scroll")
        # Tab goes from control to control; the area scrolls to the focused one itself.
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = self.content = QWidget()  # the body's widget (the area holds it for good)
        content.setObjectName("body")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(16)
        self.body_scroll.setWidget(content)
        # Swipe, or ▲ / ▼: a finger moves the body (a thin scroll bar is no use).
        self.pager = paged(self.body_scroll)
        self._room_check = QTimer(self)  # dies with the screen, unlike a bare singleShot
        self._room_check.setSingleShot(True)
        self._room_check.timeout.connect(self._give_room_back)
        # Once the layout has settled, not inside it: given back at once, the same
        # excess was given back again before the body took the first, and the scroll
        # bar stayed over the body's last 24 px (the done screen in the low layout).
        self.body_scroll.verticalScrollBar().rangeChanged.connect(
            lambda _a, _b: self._room_check.start(0)
        )
        outer.addWidget(self.pager, 1)
        footer = QHBoxLayout()
        self.back_button = touch_button("back", role="")
        self.back_button.clicked.connect(controller.back)
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        self.footer = footer
        outer.addLayout(footer)
        self.back_button.setVisible(self.show_back)

    def place_low(self, low: bool) -> None:
        """Low layout (wheelchair users): the screen sits as low as it can. The room
        above it is only what its body does not need, at most LOW_LAYOUT_MAX of the
        height: a screen that needs all of it keeps all of it (never a blank third
        over a list cut off below), and the window never grows past the display.
        Estimated when the screen is drawn; given back as soon as the body scrolls."""
        room = 0
        if low:
            # The body's height as the words now shown make it (a new title is more
            # or fewer lines than the last screen's): laid out before it is measured.
            outer = self.layout()
            assert outer is not None
            outer.activate()
            viewport = self.body_scroll.viewport()
            content = self.body_scroll.widget()
            needed = content.heightForWidth(viewport.width()) if content is not None else 0
            if needed < 0 and content is not None:
                needed = content.sizeHint().height()
            # the room shown costs its height and the spacing under it
            shown = self.low_room.isVisible()
            has = viewport.height() + (self.low_room.height() if shown else -outer.spacing())
            room = max(0, min(has - needed, int(self.height() * LOW_LAYOUT_MAX)))
        self._set_low_room(room)
        if room:  # once laid out: a body that scrolls after all gets its room back
            self._room_check.start(0)

    def _give_room_back(self) -> None:
        """The body scrolls: the room above was too much; it goes back to the body."""
        bar = self.body_scroll.verticalScrollBar()
        if self.low_room.isVisible() and bar.maximum() > 0:
            self._set_low_room(max(0, self.low_room.maximumHeight() - bar.maximum()))

    def _set_low_room(self, room: int) -> None:
        self.low_room.setMaximumHeight(room)
        self.low_room.setVisible(room > 0)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.setStretch(outer.indexOf(self.pager), 0 if room else 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_low(self.controller.low_layout)

    def redraw(self) -> None:
        """`refresh`, then the low layout's room for what it now shows: a screen's own
        words are set after the base's refresh, and a room estimated before them was
        too much (the done screen scrolled, then gave the room back)."""
        self.refresh()
        self.place_low(self.controller.low_layout)

    @property
    def session(self) -> ResidentSession:
        return self.controller.session

    @property
    def translator(self) -> Translator:
        return self.controller.translator

    def live_phrase(self) -> str:
        """What read-aloud says when this screen changes in place (a digit entered on
        a PIN pad: only how many); "" for nothing."""
        return ""

    def first_control(self) -> QWidget | None:
        """The first control of the screen's body as laid out (its widget tree, top
        first), else of its footer (never the language or back button, which are on
        every screen).

        Not by nextInFocusChain(): PySide makes the widget it returns a child of the
        one asked (a return-value heuristic), so one walk chained every wrapper of the
        window under the one before it, and a calendar day deleted (a new month, a new
        resident) took the live wrappers after it along: 26 scroll areas' viewports and
        scroll bars twice a resident, dead and never freed."""
        body = self.content
        found: list[QWidget] = []
        for widget in self.findChildren(QWidget):
            if (
                widget not in (self.language_button, self.back_button)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                if body.isAncestorOf(widget):
                    return widget
                found.append(widget)
        return found[0] if found else None

    def clear(self) -> None:
        """Forget everything shown of the last resident (called for every screen when
        a session ends, also the hidden ones)."""
        self.notice.clear()
        self.notice.setAccessibleName("")
        self.notice.hide()

    def refresh(self) -> None:
        """Redraw from the session (called on every change while this screen shows)."""
        set_button_text(self.back_button, self.translator("common.back"))
        set_button_text(self.language_button, self.translator("kiosk.language.button"))
        for pager in self.findChildren(PagedScroll):
            pager.retranslate(self.translator("kiosk.page.up"), self.translator("kiosk.page.down"))
        self.show_notice(self.session.notice)
        # Staff-assisted: visible on every screen, so nobody mistakes whose hands these are.
        self.assist_badge.setVisible(self.session.assisted)
        self.assist_badge.setText(self.translator("kiosk.assist.badge"))

    def show_notice(self, notice: Notice | None) -> None:
        if notice is None:
            self.notice.hide()
            return
        self.notice.setProperty("role", "warning" if notice.severity != "error" else "error")
        self.notice.setText(self.translator(notice.key, **notice.params))
        self.notice.setAccessibleName(self.notice.text())
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.show()


def centered(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row
