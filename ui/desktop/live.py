"""`LiveUpdates`: the store's change watcher, reported as Qt signals on the main thread.

`Store.watch()` runs its own thread (LISTEN/NOTIFY on PostgreSQL, polling on SQLite).
Its callback only emits signals; because `LiveUpdates` lives in the main thread, Qt
queues them there, so slots may touch widgets. Used by the staff desk and the lobby
display.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.store import ConnectionLost, Reconnected, StoreChanged


class LiveUpdates(QObject):
    changed = Signal(object)  # StoreChanged
    lost = Signal()
    reconnected = Signal()

    def __init__(self, store: Any, parent: QObject | None = None, **watch_options: Any) -> None:
        super().__init__(parent)
        self._store = store
        self._options = watch_options
        self._watcher: Any = None

    @property
    def running(self) -> bool:
        return self._watcher is not None

    def start(self) -> None:
        if self._watcher is None:
            self._watcher = self._store.watch(self._on_event, **self._options)

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Block until the watcher knows where it starts (tests, benchmarks)."""
        return bool(self._watcher and self._watcher.ready.wait(timeout))

    def stop(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def _on_event(self, event: object) -> None:  # in the watcher's thread
        if isinstance(event, StoreChanged):
            self.changed.emit(event)
        elif isinstance(event, ConnectionLost):
            self.lost.emit()
        elif isinstance(event, Reconnected):
            self.reconnected.emit()
