"""Reader and card events: in-process (condition variable) and through the real pcscd."""

from __future__ import annotations

import queue
import threading
import time

import psutil
import pytest

from card_reader.monitor import (
    CARD_INSERTED,
    CARD_REMOVED,
    READER_ADDED,
    READER_REMOVED,
    ReaderEvent,
    ReaderMonitor,
    diff,
)
from card_reader.pcsc import PcscBackend
from card_reader.simulator import DEFAULT_READER, SimulatedBackend, SimulatedCard


class Events:
    """Collects events from the monitor thread; waits for the ones a test expects."""

    def __init__(self) -> None:
        self.q: queue.Queue[ReaderEvent] = queue.Queue()

    def __call__(self, event: ReaderEvent) -> None:
        self.q.put(event)

    def next(self, timeout: float = 5.0) -> ReaderEvent:
        return self.q.get(timeout=timeout)

    def take(self, n: int, timeout: float = 30.0) -> list[tuple[str, str | None]]:
        return [(e.kind.value, e.reader) for e in (self.next(timeout) for _ in range(n))]

    def quiet(self, seconds: float = 0.3) -> bool:
        try:
            self.q.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


def test_diff_orders_removals_before_additions():
    before = {"a": True, "b": False, "c": True}
    after = {"b": True, "c": False, "d": True}
    assert [(e.kind, e.reader) for e in diff(before, after)] == [
        (CARD_REMOVED, "a"),
        (READER_REMOVED, "a"),
        (CARD_REMOVED, "c"),
        (CARD_INSERTED, "b"),
        (READER_ADDED, "d"),
        (CARD_INSERTED, "d"),
    ]


def test_simulated_readers_and_cards():
    backend = SimulatedBackend({DEFAULT_READER: SimulatedCard()})
    events = Events()
    with ReaderMonitor(backend, events):
        assert events.take(2) == [
            ("reader_added", DEFAULT_READER),
            ("card_inserted", DEFAULT_READER),
        ]
        backend.remove()
        assert events.take(1) == [("card_removed", DEFAULT_READER)]
        backend.add_reader("R2")
        backend.insert(SimulatedCard(), "R2")
        assert events.take(2) == [("reader_added", "R2"), ("card_inserted", "R2")]
        backend.remove_reader("R2")  # unplugged with the card in it
        assert events.take(2) == [("card_removed", "R2"), ("reader_removed", "R2")]
        backend.remove_reader(DEFAULT_READER)  # the last reader
        assert events.take(1) == [("reader_removed", DEFAULT_READER)]
        backend.add_reader("R3")
        assert events.take(1) == [("reader_added", "R3")]
        assert events.quiet()


def test_simulated_service_lost_and_restored():
    backend = SimulatedBackend({DEFAULT_READER: SimulatedCard()})
    events = Events()
    monitor = ReaderMonitor(backend, events, retry_interval=0.05)
    with monitor:
        events.take(2)
        backend.stop_service()
        assert events.take(3) == [
            ("service_lost", None),
            ("card_removed", DEFAULT_READER),
            ("reader_removed", DEFAULT_READER),
        ]
        assert events.quiet(0.3)  # lost once, not once per retry
        assert monitor.service_available is False and monitor.state == {}
        backend.start_service()
        assert events.take(3) == [
            ("service_restored", None),
            ("reader_added", DEFAULT_READER),
            ("card_inserted", DEFAULT_READER),
        ]
        backend.remove()
        assert events.take(1) == [("card_removed", DEFAULT_READER)]


def test_service_down_from_the_start():
    backend = SimulatedBackend()
    backend.stop_service()
    events = Events()
    with ReaderMonitor(backend, events, retry_interval=0.05):
        assert events.take(1) == [("service_lost", None)]
        backend.start_service()
        assert events.take(2) == [("service_restored", None), ("reader_added", DEFAULT_READER)]


def test_a_failing_callback_does_not_stop_the_monitor():
    backend = SimulatedBackend()
    seen: list[ReaderEvent] = []

    both = threading.Event()

    def callback(event: ReaderEvent) -> None:
        seen.append(event)
        if len(seen) == 2:
            both.set()
        raise RuntimeError("the kiosk had a bad day")

    monitor = ReaderMonitor(backend, callback)
    with monitor:
        backend.insert(SimulatedCard())
        assert both.wait(30)  # the second event came although the first one raised
        assert monitor.running
    assert [e.kind for e in seen] == [READER_ADDED, CARD_INSERTED]


def test_stop_is_prompt_and_final():
    waiting = threading.Event()  # the first event delivered: the monitor is in its wait
    monitor = ReaderMonitor(SimulatedBackend(), lambda e: waiting.set(), wait_timeout=60)
    monitor.start()
    assert waiting.wait(30)
    start = time.monotonic()
    monitor.stop()
    assert time.monotonic() - start < 1 and not monitor.running


@pytest.mark.pcsc
def test_pcsc_cards_and_service_restart(live_pcscd, vpcd_card):
    reader, other = live_pcscd.reader_names
    events = Events()
    monitor = ReaderMonitor(PcscBackend(), events, retry_interval=0.1)
    with monitor:
        assert events.take(3) == [
            ("reader_added", reader),
            ("card_inserted", reader),
            ("reader_added", other),
        ]
        vpcd_card.remove()
        assert events.take(1) == [("card_removed", reader)]
        vpcd_card.insert()
        assert events.take(1) == [("card_inserted", reader)]
        # The service dies: every vpcd reader disappears with it ("unplugged").
        live_pcscd.stop()
        assert events.take(4) == [
            ("service_lost", None),
            ("card_removed", reader),
            ("reader_removed", reader),
            ("reader_removed", other),
        ]
        assert events.quiet(0.5) and monitor.running
        live_pcscd.start()
        back = events.take(4)
        # pcscd brings the readers back one by one; the card in the first may be seen
        # before the second reader is: only the order within one reader is promised.
        assert back[0] == ("service_restored", None)
        assert sorted(back[1:]) == sorted(
            [("reader_added", reader), ("reader_added", other), ("card_inserted", reader)]
        )  # the card reconnects
        assert back.index(("reader_added", reader)) < back.index(("card_inserted", reader))
        # And it keeps working after the service came back.
        vpcd_card.remove()
        assert events.take(1) == [("card_removed", reader)]
        start = time.monotonic()
    assert time.monotonic() - start < 2  # stop() woke the blocked SCardGetStatusChange


@pytest.mark.pcsc
def test_pcsc_monitor_idles_without_cpu(pcscd, vpcd_card):
    """A generous bound: waiting is a blocked SCardGetStatusChange, not a poll loop."""
    events = Events()
    monitor = ReaderMonitor(PcscBackend(), events)
    with monitor:
        # The first look reports both vpcd readers and the card (three events); after
        # it the monitor only waits, so the measurement starts there, not after a guess.
        assert ("card_inserted", vpcd_card.reader) in events.take(3)
        me = psutil.Process()
        before = me.cpu_times()
        time.sleep(2.0)
        after = me.cpu_times()
    used = (after.user - before.user) + (after.system - before.system)
    assert used < 0.2  # the whole test process, over 2 s: under 10 % of one core
