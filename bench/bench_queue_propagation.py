"""Kiosk submit → a watcher on another connection sees it (LISTEN/NOTIFY on PostgreSQL,
polling change_events on SQLite). Target: 1 s on PostgreSQL, 2 s on SQLite."""

from __future__ import annotations

import random
import threading
import time

from bench import Measurement
from bench.queue_support import databases, draft, median, open_store, percentile
from kiosk.store import Store, StoreChanged

SAMPLES = 30


def _measure(url: str) -> list[float]:
    kiosk, desk = open_store(url), Store(url)
    arrived: dict[str, float] = {}
    got = threading.Event()

    def on_event(event: object) -> None:
        if isinstance(event, StoreChanged) and event.kind == "submitted" and event.application_id:
            arrived[event.application_id] = time.perf_counter()
            got.set()

    watcher = desk.watch(on_event)
    watcher.ready.wait(10)
    latencies = []
    try:
        for n in range(SAMPLES):
            got.clear()
            started = time.perf_counter()
            sub = kiosk.submit(draft(n))
            deadline = time.monotonic() + 5
            while sub.application_id not in arrived and time.monotonic() < deadline:
                got.wait(0.05)
            if sub.application_id not in arrived:
                raise RuntimeError(f"submission {n} never reached the watcher")
            latencies.append(arrived[sub.application_id] - started)
            time.sleep(random.uniform(0.0, 0.3))  # land anywhere in SQLite's poll interval
    finally:
        watcher.stop()
        kiosk.close()
        desk.close()
    return latencies


def run() -> list[Measurement]:
    out = []
    with databases() as dbs:
        for engine, url in dbs:
            ms = [v * 1000 for v in _measure(url)]
            note = f"submit→watcher, {SAMPLES} samples, bound {'1000' if engine == 'postgresql' else '2000'} ms"
            out += [
                Measurement(f"queue propagation {engine} median", median(ms), "ms", note),
                Measurement(f"queue propagation {engine} p95", percentile(ms, 95), "ms", note),
                Measurement(f"queue propagation {engine} max", max(ms), "ms", note),
            ]
    return out
