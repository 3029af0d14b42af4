"""Where cards come from: a set of readers, each maybe holding a card.

`ReaderBackend` is what `card_reader.api` and `ReaderMonitor` use; `PcscBackend`
(pyscard) and `SimulatedBackend` (in-process) implement it. A backend also hands out
a `ReaderWatcher` that blocks until readers or cards change, so the monitor sleeps
instead of polling; the default one here polls slowly, for backends that cannot wait.
"""

from __future__ import annotations

import abc
import threading

from card_reader.connection import CardConnection
from card_reader.errors import NoReader

#: reader name → whether it holds a card.
Snapshot = dict[str, bool]


class ReaderWatcher(abc.ABC):
    """Waits for reader and card changes. Used by one thread; `cancel()` from any."""

    @abc.abstractmethod
    def wait(self, known: Snapshot | None, timeout: float) -> Snapshot:
        """Block until the state differs from `known` (or `timeout` seconds pass, or
        `cancel()`), then return the current state. `known=None` returns at once.

        Raises `ReaderUnavailable` when the service is gone.
        """

    @abc.abstractmethod
    def cancel(self) -> None:
        """Wake a `wait()` in progress (from another thread)."""

    def close(self) -> None:  # noqa: B027 - optional: most watchers hold nothing
        """Release what the watcher holds."""


class ReaderBackend(abc.ABC):
    @abc.abstractmethod
    def list_readers(self) -> list[str]:
        """Reader names; [] when none. Raises `ReaderUnavailable` when the service is gone."""

    @abc.abstractmethod
    def connect(self, reader: str) -> CardConnection:
        """Open the card in `reader`. Raises `NoReader`, `NoCard`, `NotMyNumberCard`
        (a card that does not answer: upside-down) or `ReaderUnavailable`."""

    @abc.abstractmethod
    def card_present(self, reader: str) -> bool:
        """Whether `reader` holds a card. Raises `NoReader` for an unknown reader."""

    def snapshot(self) -> Snapshot:
        """Every reader and whether it holds a card."""
        state: Snapshot = {}
        for name in self.list_readers():
            try:
                state[name] = self.card_present(name)
            except NoReader:  # gone between the two calls
                continue
        return state

    def watcher(self) -> ReaderWatcher:
        return PollingWatcher(self)


class PollingWatcher(ReaderWatcher):
    """Fallback for backends with no way to wait: compare snapshots every `interval`."""

    def __init__(self, backend: ReaderBackend, interval: float = 0.5) -> None:
        self._backend = backend
        self._interval = interval
        self._cancelled = threading.Event()

    def wait(self, known: Snapshot | None, timeout: float) -> Snapshot:
        remaining = timeout
        while True:
            current = self._backend.snapshot()
            if known is None or current != known or remaining <= 0:
                return current
            step = min(self._interval, remaining)
            if self._cancelled.wait(step):
                self._cancelled.clear()  # a cancel is used up by the wait it ends
                return self._backend.snapshot()
            remaining -= step

    def cancel(self) -> None:
        self._cancelled.set()
