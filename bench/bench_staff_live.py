"""Staff desktop and lobby display, live: how long from a kiosk's submit until the row
is in the staff window's queue model, and from a desk's call until the number is on
the lobby board (the issue's bounds: 1 s on PostgreSQL, 2 s on SQLite). The path is
the real one: the store's watcher thread, a queued Qt signal, a reload in a worker,
the model update on the main thread. Also: how long the main thread is busy with a
queue update, the longest the event loop stalls while PostgreSQL refuses connections
(the staff member pressing "call next" all along), and how soon the banner goes
once it is back.

Offscreen Qt; each engine gets its own database (bench/queue_support.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench import Measurement
from bench.queue_support import databases, median, open_store, percentile
from kiosk.store import QueueFilter, Store

SAMPLES = 20
PASSWORD = "bench-password"


def _wait(app, condition: Callable[[], bool], timeout: float = 10.0) -> float:  # type: ignore[no-untyped-def]
    """Run the event loop until `condition` holds; returns when (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out")
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter()


def _live(url: str) -> tuple[list[float], list[float]]:
    from forms.catalogue import load_catalogue
    from tests.ui.staff.seed import draft, family
    from ui.app import application
    from ui.display.app import LobbyDisplay
    from ui.staff.desk import StaffDesk

    app = application()
    catalogue = load_catalogue()
    kiosk = open_store(url)
    kiosk.create_account(None, "admin", "管理", PASSWORD, "admin")
    desk_store, lobby_store = Store(url), Store(url)
    principal = desk_store.sign_in("admin", PASSWORD)
    desk = StaffDesk(desk_store, principal, catalogue)
    lobby = LobbyDisplay(lobby_store)
    desk.start()
    lobby.start()
    desk.live.wait_ready(10)
    lobby.live.wait_ready(10)
    to_queue, to_board = [], []
    try:
        for n in range(SAMPLES):
            d = draft(catalogue, family(f"試験 {n:03d}"), render=False)
            started = time.perf_counter()
            sub = kiosk.submit(d)
            arrived = _wait(app, lambda sub=sub: desk.model.row_of(sub.application_id) >= 0)
            to_queue.append(arrived - started)
            started = time.perf_counter()
            kiosk.call(principal, sub.application_id, f"{n % 9 + 1}番窓口")
            shown = _wait(
                app,
                lambda sub=sub: (
                    bool(lobby.view.numbers()) and lobby.view.numbers()[0] == sub.reception_number
                ),
            )
            to_board.append(shown - started)
            time.sleep(0.05 + (n % 5) * 0.05)  # land anywhere in SQLite's poll interval
    finally:
        desk.shutdown()
        lobby.close()
        for s in (kiosk, desk_store, lobby_store):
            s.close()
    return to_queue, to_board


def _connections(url: str, allowed: bool) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
    admin.dispose()


def _stall(url: str, seconds: float = 4.0) -> tuple[float, float]:
    """PostgreSQL away for `seconds` while the staff member keeps pressing "call next"
    and the desk keeps reloading: the longest event-loop gap, and banner → recovered."""
    from forms.catalogue import load_catalogue
    from ui.app import application
    from ui.staff.desk import StaffDesk

    app = application()
    store = open_store(url)  # the admin exists already (_live)
    principal = store.sign_in("admin", PASSWORD)
    desk = StaffDesk(store, principal, load_catalogue(), watch_options={"retry_interval": 0.3})
    desk.start()
    desk.live.wait_ready(10)
    _wait(app, lambda: desk.loads > 0)
    worst, last = 0.0, time.perf_counter()
    _connections(url, allowed=False)
    try:
        end = time.perf_counter() + seconds
        next_press = 0.0
        while time.perf_counter() < end:
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
            if now >= next_press:
                desk.call_next()
                desk.reload()
                next_press = now + 0.2
            app.processEvents()
            time.sleep(0.001)
        lost = not desk.connected
    finally:
        _connections(url, allowed=True)
    back_from = time.perf_counter()
    recovered = _wait(app, lambda: desk.connected, timeout=20)
    desk.shutdown()
    from ui.threads import wait_for_workers

    wait_for_workers(20000)
    store.close()
    if not lost:
        raise RuntimeError("the desk never noticed the database was away")
    return worst, recovered - back_from


def _model_update(rows: int) -> float:
    """Main-thread time to apply one changed queue (a row gone, a row new, one changed)."""
    from dataclasses import replace

    from bench.queue_support import draft as small_draft
    from kiosk.clock import Clock
    from ui.app import application
    from ui.models.queue import QueueTableModel

    application()
    with databases() as dbs:
        url = dbs[0][1]  # SQLite: only the records matter here
        store = open_store(url)
        for n in range(rows + 1):
            store.submit(small_draft(n))
        store.create_account(None, "bench", "Bench", "bench-password", "admin")
        items = store.list_queue(store.sign_in("bench", "bench-password"), QueueFilter())
        store.close()
    model = QueueTableModel(Clock())
    model.set_records(items[:rows])
    changed = [*items[1:rows], items[rows]]
    changed[rows // 2] = replace(changed[rows // 2], state="called", version=9)
    started = time.perf_counter()
    model.set_records(changed)
    return time.perf_counter() - started


def run() -> list[Measurement]:
    out = []
    with databases() as dbs:
        for engine, url in dbs:
            bound = "1000" if engine == "postgresql" else "2000"
            queue_ms, board_ms = ([v * 1000 for v in values] for values in _live(url))
            note = f"{SAMPLES} samples, bound {bound} ms"
            out += [
                Measurement(f"staff: submit → queue row, {engine}, median", median(queue_ms), "ms", note),
                Measurement(f"staff: submit → queue row, {engine}, p95", percentile(queue_ms, 95), "ms", note),
                Measurement(f"staff: submit → queue row, {engine}, max", max(queue_ms), "ms", note),
                Measurement(f"display: call → lobby board, {engine}, median", median(board_ms), "ms", note),
                Measurement(f"display: call → lobby board, {engine}, max", max(board_ms), "ms", note),
            ]  # fmt: skip
            if engine == "postgresql":
                stall, recovery = _stall(url)
                out += [
                    Measurement(
                        "staff: longest UI stall, database away", stall * 1000, "ms",
                        "PostgreSQL refusing connections 4 s; call next + reload every 0.2 s",
                    ),
                    Measurement(
                        "staff: database back → banner gone", recovery * 1000, "ms",
                        "watcher retry interval 0.3 s",
                    ),
                ]  # fmt: skip
    for rows in (300, 3000):
        seconds = _model_update(rows)
        out.append(
            Measurement(
                f"staff: queue model update, {rows} rows",
                seconds * 1000,
                "ms",
                "main thread; one row gone, one new, one changed",
            )
        )
    return out


if __name__ == "__main__":
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for m in run():
        print(f"{m.name:<52} {m.value:10.1f} {m.unit}  {m.note}")
