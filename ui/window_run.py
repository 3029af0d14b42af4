"""How a window command's run ends: `--screenshot`, `--exit-after`, SIGTERM and SIGINT.

Both wait for what they promise — the first frame of the kiosk, the queue loaded, the
draft checked and the preview drawn, the board read — however long a busy machine
takes, up to READY_TIMEOUT_S; never for a fixed delay. `--exit-after N` counts from
that moment, so a screenshot is never cut short and a slow start never quits early.
SIGTERM (systemd stopping a kiosk) and Ctrl-C quit the event loop, so the window's
own shutdown runs (the resident's session is wiped) and the exit status is 0.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from pathlib import Path

import click
from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

#: How long a window may take to show what it promises before the run gives up
#: (exit status 1). Generous: a saturated two-core machine takes seconds, not minutes.
READY_TIMEOUT_S = 180.0


class WindowRun(QObject):
    """Call `ready(widget)` once `widget` shows what the screenshot promises."""

    def __init__(
        self,
        app: QApplication,
        *,
        screenshot: Path | None,
        exit_after: float | None,
        what: str,
        timeout_s: float = READY_TIMEOUT_S,
    ) -> None:
        super().__init__()
        self.app = app
        self.screenshot = screenshot
        self.exit_after = exit_after
        self.what = what
        self.status = 0
        self._ready = False
        self._widget: QWidget | None = None
        #: Called once the promised frame is shown (benchmarks print "ready").
        self.on_shown: Callable[[], object] | None = None
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._too_late)
        if screenshot is not None or exit_after is not None:
            self._deadline.start(int(timeout_s * 1000))
        self._timeout_s = timeout_s
        self._quit_on_signals()

    @property
    def is_ready(self) -> bool:
        return self._ready

    def ready(self, widget: QWidget) -> None:
        """What was promised is there; shoot once `widget`'s window is on screen."""
        if self._ready:
            return
        self._ready = True
        self._widget = widget
        window = widget.window().windowHandle()
        if window is not None and not window.isExposed():
            window.installEventFilter(self)  # the first frame comes with the expose
            return
        QTimer.singleShot(0, self._shoot)

    def fail(self, message: str) -> None:
        """A scripted step failed: say so; the run still ends as promised."""
        click.echo(message, err=True)
        self.status = 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and getattr(watched, "isExposed", lambda: False)():
            watched.removeEventFilter(self)
            # After the expose is handled: the frame is painted and flushed.
            QTimer.singleShot(0, self._shoot)
        return False

    def _shoot(self) -> None:
        self._deadline.stop()
        widget = self._widget
        assert widget is not None
        if self.screenshot is not None:
            # Let pending layouts and paints run first: the picture is what a person sees.
            QApplication.sendPostedEvents()
            QApplication.processEvents()
            picture = _what_the_screen_shows(widget)
            self.screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not picture.save(str(self.screenshot)):
                self.fail(f"could not save {self.screenshot}")
            else:
                click.echo(f"saved {self.screenshot}", err=True)
        if self.on_shown is not None:
            self.on_shown()
        if self.exit_after is not None:
            QTimer.singleShot(int(self.exit_after * 1000), self.app.quit)

    def _quit_on_signals(self) -> None:
        """Python runs a signal handler only when it gets control, which a waiting Qt
        event loop never gives it: the signal wakes a socket Qt watches instead."""
        self._wake_read, wake_write = socket.socketpair()
        self._wake_write = wake_write
        for sock in (self._wake_read, wake_write):
            sock.setblocking(False)
        signal.set_wakeup_fd(wake_write.fileno())
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: None)  # the wake-up does the work
        self._notifier = QSocketNotifier(self._wake_read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._signalled)

    def _signalled(self) -> None:
        try:
            self._wake_read.recv(64)
        except BlockingIOError:
            return
        self.app.quit()

    def _too_late(self) -> None:
        self.fail(
            f"{self.what} did not show within {self._timeout_s:.0f} s: no screenshot; quitting"
        )
        self.app.quit()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            # After this paint has been done and flushed; never once the widget (and
            # this child of it) is gone: a window closed at once must not be called back.
            QTimer.singleShot(0, self, then)
        return False


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call `then` once `widget` has painted for the first time (its paint event
    handled, back in the event loop): what a person sees first, not merely the expose."""
    _FirstPaint(widget, then)


def _what_the_screen_shows(widget: QWidget) -> QPixmap:
    """On a real display, the window as the display shows it (proof it was drawn
    there); offscreen, the widget rendered."""
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        screen = widget.screen()
        if screen is not None:
            shot = screen.grabWindow(widget.window().winId())
            if not shot.isNull():
                return shot
    return widget.grab()
