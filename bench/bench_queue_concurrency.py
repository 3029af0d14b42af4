"""Many kiosks submitting at once: throughput, and no lost or duplicated application
or reception number. MADOGUCHI_BENCH_SECONDS shortens the run (default 30 s per engine)."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

from sqlalchemy import select

from bench import Measurement
from bench.queue_support import databases, draft, open_store, percentile
from kiosk.store import DatabaseBusy, Store
from kiosk.store.models import Application

WRITERS = int(os.environ.get("MADOGUCHI_BENCH_WRITERS", "20"))


def _hammer(url: str, seconds: float) -> dict[str, float]:
    open_store(url).close()
    accepted: list[tuple[str, str]] = []  # (uuid, number) the kiosks were told
    latencies: list[float] = []
    busy = Counter[str]()
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)
    stop_at = [0.0]

    def kiosk(k: int) -> None:
        store = Store(url)
        start.wait()
        n = 0
        while time.monotonic() < stop_at[0]:
            d = draft(n, terminal=f"kiosk-{k}")
            t0 = time.perf_counter()
            try:
                sub = store.submit(d)
            except DatabaseBusy:
                with lock:
                    busy["busy"] += 1
                continue  # a real kiosk retries the same draft; its uuid keeps it single
            with lock:
                accepted.append((d.uuid, sub.reception_number))
                latencies.append(time.perf_counter() - t0)
            n += 1
        store.close()

    stop_at[0] = time.monotonic() + seconds + 1
    threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(WRITERS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    check = Store(url)
    with check.db.read() as session:
        stored = dict(session.execute(select(Application.id, Application.reception_number)).all())
    check.close()
    told = dict(accepted)
    lost = sum(1 for u in told if u not in stored)
    mismatched = sum(1 for u, number in told.items() if stored.get(u) != number)
    numbers = Counter(stored.values())
    duplicated = sum(c - 1 for c in numbers.values() if c > 1)
    seqs = sorted(int(n.split("-")[1]) for n in stored.values())
    gaps = len(seqs) and seqs[-1] - len(seqs)
    if lost or mismatched or duplicated or gaps or len(stored) != len(told):
        raise RuntimeError(
            f"lost={lost} mismatched={mismatched} duplicated={duplicated} gaps={gaps}"
        )
    return {
        "throughput": len(told) / elapsed,
        "submitted": len(told),
        "p95": percentile(latencies, 95) * 1000,
        "busy": busy["busy"],
    }


def run() -> list[Measurement]:
    seconds = float(os.environ.get("MADOGUCHI_BENCH_SECONDS", "30"))
    out = []
    with databases() as dbs:
        for engine, url in dbs:
            r = _hammer(url, seconds)
            note = f"{WRITERS} kiosks × {seconds:g} s; 0 lost, 0 duplicated, numbers 1..{r['submitted']:.0f}"
            out += [
                Measurement(f"queue {engine} concurrent submits", r["throughput"], "/s", note),
                Measurement(f"queue {engine} submit p95 under load", r["p95"], "ms", note),
                Measurement(
                    f"queue {engine} busy timeouts", r["busy"], "n", "DatabaseBusy (retried)"
                ),
            ]
    return out
