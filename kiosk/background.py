"""A loop in a daemon thread of its own (the spool's flusher, the store's change
watcher): `start()` runs `_run` in the thread, `stop()` sets `_stop`, which the loop
waits on between rounds, and joins the thread."""

from __future__ import annotations

import threading
from typing import ClassVar, Self


class BackgroundLoop:
    #: The thread's name (in logs and thread dumps).
    thread_name: ClassVar[str] = "madoguchi-background"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        raise NotImplementedError
