"""Reader and card events for the kiosk core, from one background thread.

`ReaderMonitor(backend, callback)` calls `callback(ReaderEvent)` from its own thread
(no Qt: the UI layer turns calls into queued signals; `queue.Queue().put` works too).
It starts by reporting what is already there, as READER_ADDED / CARD_INSERTED.

It sleeps inside the backend's watcher (SCardGetStatusChange on the readers and the
PnP pseudo-reader; a condition variable for the simulator), so it uses no CPU while
nothing happens. When the service goes away it reports SERVICE_LOST (and the readers
and cards as gone), then tries to re-establish the context every `retry_interval`
seconds until SERVICE_RESTORED. Nothing it meets ends the thread but `stop()`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum, unique

from card_reader.backend import ReaderBackend, ReaderWatcher, Snapshot
from card_reader.errors import CardError, ReaderUnavailable

logger = logging.getLogger(__name__)


@unique
class EventKind(StrEnum):
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"
    SERVICE_LOST = "service_lost"
    SERVICE_RESTORED = "service_restored"


READER_ADDED = EventKind.READER_ADDED
READER_REMOVED = EventKind.READER_REMOVED
CARD_INSERTED = EventKind.CARD_INSERTED
CARD_REMOVED = EventKind.CARD_REMOVED
SERVICE_LOST = EventKind.SERVICE_LOST
SERVICE_RESTORED = EventKind.SERVICE_RESTORED


@dataclass(frozen=True)
class ReaderEvent:
    kind: EventKind
    reader: str | None = None  # None for the SERVICE_* events


def diff(before: Snapshot, after: Snapshot) -> list[ReaderEvent]:
    """Events that turn `before` into `after`: removals first, then additions."""
    events: list[ReaderEvent] = []
    for name, had_card in before.items():
        if name not in after:
            if had_card:
                events.append(ReaderEvent(CARD_REMOVED, name))
            events.append(ReaderEvent(READER_REMOVED, name))
        elif had_card and not after[name]:
            events.append(ReaderEvent(CARD_REMOVED, name))
    for name, has_card in after.items():
        if name not in before:
            events.append(ReaderEvent(READER_ADDED, name))
            if has_card:
                events.append(ReaderEvent(CARD_INSERTED, name))
        elif has_card and not before[name]:
            events.append(ReaderEvent(CARD_INSERTED, name))
    return events


class ReaderMonitor:
    def __init__(
        self,
        backend: ReaderBackend,
        callback: Callable[[ReaderEvent], object],
        *,
        wait_timeout: float = 30.0,
        retry_interval: float = 1.0,
    ) -> None:
        self._backend = backend
        self._callback = callback
        #: Longest single wait: a safety net against a missed notification.
        self.wait_timeout = wait_timeout
        #: While the service is gone, how often to try to reach it again.
        self.retry_interval = retry_interval
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._state: Snapshot = {}
        self._service_up: bool | None = None
        self._watcher: ReaderWatcher | None = None
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> Snapshot:
        """The readers and cards as last reported."""
        with self._lock:
            return dict(self._state)

    @property
    def service_available(self) -> bool | None:
        """None until the first look."""
        with self._lock:
            return self._service_up

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._watcher = self._backend.watcher()
        self._thread = threading.Thread(target=self._run, name="reader-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        deadline = time.monotonic() + timeout
        while thread is not None and thread.is_alive() and time.monotonic() < deadline:
            # Again and again: a cancel that lands just before the thread starts
            # waiting would otherwise be lost (SCardCancel only wakes a wait in progress).
            if self._watcher is not None:
                self._watcher.cancel()
            thread.join(0.05)
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def __enter__(self) -> ReaderMonitor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the thread ------------------------------------------------------------------

    def _run(self) -> None:
        watcher = self._watcher
        assert watcher is not None
        known: Snapshot | None = None
        while not self._stop.is_set():
            try:
                current = watcher.wait(known, self.wait_timeout)
            except ReaderUnavailable as exc:
                logger.info("smart card service unavailable: %s", exc)
                self._service_lost()
                known = None
                self._stop.wait(self.retry_interval)
                continue
            except CardError as exc:  # a reader vanished mid-look: look again
                logger.debug("reader monitor: %s", exc)
                known = None
                self._stop.wait(min(self.retry_interval, 0.1))
                continue
            except Exception:  # never let the thread die: log, back off, go on
                logger.exception("reader monitor: unexpected error")
                known = None
                self._stop.wait(self.retry_interval)
                continue
            if self._stop.is_set():
                break
            self._update(current)
            known = current

    def _service_lost(self) -> None:
        with self._lock:
            if self._service_up is False:
                return
            self._service_up = False
            events = [ReaderEvent(SERVICE_LOST), *diff(self._state, {})]
            self._state = {}
        self._emit(events)

    def _update(self, current: Snapshot) -> None:
        with self._lock:
            events = [ReaderEvent(SERVICE_RESTORED)] if self._service_up is False else []
            self._service_up = True
            events += diff(self._state, current)
            self._state = dict(current)
        self._emit(events)

    def _emit(self, events: list[ReaderEvent]) -> None:
        for event in events:
            try:
                self._callback(event)
            except Exception:
                logger.exception("reader monitor callback failed on %s", event)
