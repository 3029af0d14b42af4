"""What every kiosk screen shares: header with title and progress, body, footer.

A screen holds no resident data of its own: `refresh()` redraws it from the session,
and taps call session methods (or the controller, for work that needs a thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from i18n import Translator
from kiosk.session import Notice, ResidentSession, Screen
from ui.widgets.buttons import role_label, set_button_text, touch_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController


class ScreenWidget(QWidget):
    screen: Screen
    show_back = True

    def __init__(self, controller: KioskController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName(f"screen_{self.screen.value}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        outer.setSpacing(24)
        header = QHBoxLayout()
        self.title = role_label(role="title", name="title")
        self.progress = role_label(role="progress", name="progress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.title, 1)
        self.assist_badge = role_label(role="warning", name="assist_badge")
        self.assist_badge.hide()
        header.addWidget(self.assist_badge)
        header.addWidget(self.progress)
        # The language choice, from every screen (answers are kept).
        self.language_button = touch_button("language", role="small")
        self.language_button.clicked.connect(controller.choose_language)
        header.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)
        self.notice = role_label(name="notice")
        self.notice.hide()
        outer.addWidget(self.notice)
        # The body scrolls rather than push the window past the display when the
        # resident chooses the largest text; at standard size it fits without.
        self.scroll = QScrollArea()
        self.scroll.setObjectName("body_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        content.setObjectName("body")
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(16)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll, 1)
        footer = QHBoxLayout()
        self.back_button = touch_button("back", role="")
        self.back_button.clicked.connect(controller.back)
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        self.footer = footer
        outer.addLayout(footer)
        self.back_button.setVisible(self.show_back)

    @property
    def session(self) -> ResidentSession:
        return self.controller.session

    @property
    def tr(self) -> Translator:
        return self.controller.tr

    def clear(self) -> None:
        """Forget everything shown of the last resident (called for every screen when
        a session ends, also the hidden ones)."""
        self.notice.clear()
        self.notice.setAccessibleName("")
        self.notice.hide()

    def refresh(self) -> None:
        """Redraw from the session (called on every change while this screen shows)."""
        set_button_text(self.back_button, self.tr("common.back"))
        set_button_text(self.language_button, self.tr("kiosk.language.button"))
        # The first screen has its own, larger language row.
        self.language_button.setVisible(self.screen != Screen.ATTRACT)
        self.show_notice(self.session.notice)
        # Staff-assisted: visible on every screen, so nobody mistakes whose hands these are.
        self.assist_badge.setVisible(self.session.assisted)
        self.assist_badge.setText(self.tr("kiosk.assist.badge"))

    def show_notice(self, notice: Notice | None) -> None:
        if notice is None:
            self.notice.hide()
            return
        self.notice.setProperty("role", "warning" if notice.severity != "error" else "error")
        self.notice.setText(self.tr(notice.key, **notice.params))
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


def picture_label(text: str, name: str) -> QLabel:
    """A large pictogram (emoji/Unicode symbol drawn in the UI font's fallback)."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("font-size: 140px;")
    return label
