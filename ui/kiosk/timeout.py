"""Idle timeout: after a quiet spell, a countdown with "I need more time"; at zero, wipe.

The timer is a UI concern (it watches touches); what happens at zero is the
controller's `finish()`, the same wipe as a resident tapping "finish".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.session import Screen
from ui.widgets.buttons import role_label, set_button_text, touch_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: Screens where nobody is mid-way, or where the kiosk itself is busy.
_NO_TIMEOUT = {Screen.ATTRACT, Screen.SUBMITTING, Screen.CARD_READING}


class TimeoutOverlay(QWidget):
    def __init__(self, parent: QWidget, controller: KioskController) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("timeout_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#timeout_overlay { background: rgba(0, 0, 0, 160); }")
        box = QFrame(self)
        box.setProperty("role", "card")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(48, 48, 48, 48)
        self.message = role_label(role="title", name="timeout_message")
        self.countdown_label = role_label(role="subtitle", name="timeout_countdown")
        self.more_time = touch_button("more_time", role="primary")
        self.more_time.clicked.connect(self.extend)
        layout.addWidget(self.message)
        layout.addWidget(self.countdown_label)
        layout.addWidget(self.more_time)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._start_countdown)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.remaining = 0
        self.timeouts = 0  # how many sessions ended by timeout (for summaries)

    def session_screen(self, screen: Screen) -> None:
        if screen in _NO_TIMEOUT:
            self._stop()
        else:
            self.activity()

    def activity(self) -> None:
        if self.isVisible():
            return  # only the button ends the countdown: a stray touch is not "more time"
        session = self.controller.session
        if session.screen in _NO_TIMEOUT or session.staff_called:
            return
        # Staff assisting a resident get more time: they talk, the kiosk waits.
        factor = 5 if self.controller.session.assisted else 1
        self.idle.start(self.controller.config.idle_timeout_seconds * 1000 * factor)

    def extend(self) -> None:
        self._stop()
        self.activity()

    def _stop(self) -> None:
        self.idle.stop()
        self.tick.stop()
        self.hide()

    def _start_countdown(self) -> None:
        self.remaining = self.controller.config.idle_countdown_seconds
        tr = self.controller.tr
        self.message.setText(tr("kiosk.timeout.question"))
        set_button_text(self.more_time, tr("kiosk.timeout.more_time"))
        self._show_remaining()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.tick.start()

    def _show_remaining(self) -> None:
        self.countdown_label.setText(
            self.controller.tr("kiosk.timeout.countdown", seconds=self.remaining)
        )

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._stop()
            self.timeouts += 1
            if self.controller.session.screen == Screen.TAKE_CARD:
                # Never wipe with a card in the reader: the next resident would find
                # it. Staff are called; removing the card ends the session as usual.
                self.controller.card_left()
            else:
                self.controller.finish()
        else:
            self._show_remaining()
