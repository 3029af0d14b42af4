"""Idle timeout: after a quiet spell, a countdown with "I need more time"; at zero, wipe.

The timer is a UI concern (it watches touches); what happens at zero is the
controller's `finish()`, the same wipe as a resident tapping "finish".

Quiet time is measured on `seconds` (time.monotonic unless a scripted run gives its
own): a tick checks it four times a second. A scripted run moves its own seconds only
in `idle:` steps, so a slow machine never times a resident out between two taps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.session import Screen
from ui.widgets.buttons import role_label, set_button_text, touch_button

if TYPE_CHECKING:
    from ui.kiosk.controller import KioskController

#: Screens where nobody is mid-way, or where the kiosk itself is busy.
_NO_TIMEOUT = {Screen.ATTRACT, Screen.SUBMITTING, Screen.CARD_READING}
#: How often the quiet time is checked (ms).
TICK_MS = 250


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

        #: The seconds quiet time is measured in (a scripted run gives its own).
        self.seconds: Callable[[], float] = time.monotonic
        self._quiet_since: float | None = None  # None: no timeout running
        self._countdown_from: float | None = None
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.check)
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
        self._quiet_since = self.seconds()
        if not self.tick.isActive():
            self.tick.start()

    def extend(self) -> None:
        self._stop()
        self.activity()

    def stop(self) -> None:
        """No timeout any more (the kiosk shuts down)."""
        self._stop()

    def _stop(self) -> None:
        self.tick.stop()
        self._quiet_since = self._countdown_from = None
        self.hide()

    def check(self) -> None:
        """Start the countdown, count it down or end the session, as the quiet time says."""
        now = self.seconds()
        if self._countdown_from is not None:
            left = self.controller.config.idle_countdown_seconds - int(now - self._countdown_from)
            if left <= 0:
                self._expired()
            elif left != self.remaining:
                self.remaining = left
                self._show_remaining()
            return
        if self._quiet_since is None:
            return
        # Staff assisting a resident get more time: they talk, the kiosk waits.
        factor = 5 if self.controller.session.assisted else 1
        if now - self._quiet_since >= self.controller.config.idle_timeout_seconds * factor:
            self._countdown_from = now
            self._start_countdown()

    def _start_countdown(self) -> None:
        self.remaining = self.controller.config.idle_countdown_seconds
        tr = self.controller.translator
        self.message.setText(tr("kiosk.timeout.question"))
        set_button_text(self.more_time, tr("kiosk.timeout.more_time"))
        self._show_remaining()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def _show_remaining(self) -> None:
        self.countdown_label.setText(
            self.controller.translator("kiosk.timeout.countdown", seconds=self.remaining)
        )

    def _expired(self) -> None:
        self._stop()
        self.timeouts += 1
        if self.controller.session.screen == Screen.TAKE_CARD:
            # Never wipe with a card in the reader: the next resident would find
            # it. Staff are called; removing the card ends the session as usual.
            self.controller.card_left()
        else:
            self.controller.finish()
