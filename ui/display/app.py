"""Run the lobby display: the board, read in a worker whenever the store reports a
change (LISTEN/NOTIFY on PostgreSQL, polling on SQLite), and every 30 seconds anyway.

A new call (or a call again) chimes, if the chime is on. QtMultimedia is not part
of PySide6-Essentials, so the chime is `QApplication.beep()`: the system's bell
(on Linux, the X11/Wayland bell the desktop is set to play; nothing offscreen).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from kiosk.store import LobbyBoard, SchemaOutdated, StoreError
from ui.app import application
from ui.desktop.live import LiveUpdates
from ui.display.board import LobbyBoardView
from ui.threads import run_in_thread, wait_for_workers

REFRESH_MS = 30_000
log = logging.getLogger(__name__)


class LobbyDisplay(QObject):
    #: A board was shown (tests, benchmarks).
    updated = Signal(object)
    #: The chime rang for these numbers.
    chimed = Signal(list)
    #: A read of the board finished: shown, or the "not connected" banner is up.
    settled = Signal()

    def __init__(
        self,
        store: Any,
        *,
        counter_group: str | None = None,
        high_contrast: bool = False,
        chime: bool = False,
        beep: Callable[[], None] | None = None,
        upgrade: bool = False,
        watch_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        application()
        self.store = store
        self.counter_group = counter_group
        self.chime = chime
        self._beep = beep or QApplication.beep
        self.view = LobbyBoardView(store.clock, high_contrast)
        self.view.setWindowTitle("madoguchi")
        self.live = LiveUpdates(store, self, **(watch_options or {}))
        self.live.changed.connect(lambda _e: self.reload())
        self.live.lost.connect(self._lost)
        self.live.reconnected.connect(self._reconnected)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.reload)
        self._loading = False
        self._again = False
        self._seen: set[tuple[str, str]] | None = None
        self._watch_ok = True
        self._calls_ok = True
        self._upgrade = upgrade

    def start(self) -> None:
        self.live.start()
        self._timer.start(REFRESH_MS)
        self.reload()

    def close(self) -> None:
        self._timer.stop()
        self.live.stop()
        self.view.close()
        wait_for_workers(10000)

    def reload(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        run_in_thread(
            self._read,
            on_result=self._show,
            on_error=self._failed,
        )

    def _read(self) -> LobbyBoard:  # worker
        if self._upgrade:
            self.store.prepare_terminal()  # never migrates a shared database
            self._upgrade = False
        return self.store.lobby_board(self.counter_group)

    def _lost(self) -> None:
        self._watch_ok = False
        self._show_state()

    def _reconnected(self) -> None:
        self._watch_ok = True
        self._show_state()
        self.reload()

    def _show_state(self) -> None:
        self.view.set_offline(not (self._watch_ok and self._calls_ok))

    def _done(self) -> None:
        self._loading = False
        self.settled.emit()
        if self._again:
            self._again = False
            self.reload()

    def _show(self, board: LobbyBoard) -> None:
        calls = {(c.reception_number, c.called_at.isoformat()) for c in board.calling}
        new = [] if self._seen is None else sorted(n for n, _ in calls - self._seen)
        self._seen = calls
        self.view.set_board(board)
        self._calls_ok = True
        self._show_state()
        if new and self.chime:
            self._beep()
            self.chimed.emit(new)
        self.updated.emit(board)
        self._done()

    def _failed(self, exc: BaseException) -> None:
        # The lobby sees only "not connected"; what IT must fix goes to the log (and
        # `madoguchi doctor`): an outdated schema names both revisions.
        if isinstance(exc, SchemaOutdated):
            log.error("database schema outdated: %s", exc.detail)
        elif isinstance(exc, StoreError):
            log.warning("lobby board not read: %s", exc.key)
        else:
            log.warning("lobby board not read: %s", type(exc).__name__)
        self._calls_ok = False
        self._show_state()
        self._done()
