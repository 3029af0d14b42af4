"""The staff list at 1,000, 10,000 and 100,000 queued applications, SQLite and
PostgreSQL: the first page of 50 (keyset, with the count), the next page, search by
reception number and by name, the count; the whole list at 10,000 against the same SQL
through the raw driver; calling the next number. Goals: a page <= 30 ms and a search
<= 50 ms at 100,000."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench import Measurement, interleaved
from bench.queue_support import databases, median, open_store
from kiosk.store import Principal, QueueFilter, Store
from kiosk.store.models import Application, ProcedureItem, SearchGram
from kiosk.store.search import grams

PROCEDURES = [
    ("juminhyo", "住民異動届", "市民課"),
    ("kokuho", "国保 資格取得", "保険年金課"),
    ("inu", "犬", "環境課"),
]


SIZES = (1_000, 10_000, 100_000)


def _fill(store: Store, start: int, stop: int) -> None:
    """Submitted applications number `start` to `stop` - 1, in two groups, inserted in
    bulk (not timed) with the search pieces the ORM would add; the oldest first."""
    now = store.clock.now()
    day = store.clock.today()
    apps: list[dict[str, Any]] = []
    procs: list[dict[str, Any]] = []
    for n in range(start, stop):
        group = "AB"[n % 2]
        app_id = str(uuid.uuid4())
        name = f"試験 {n:05d}"
        apps.append(
            dict(
                id=app_id,
                reception_number=f"{group}-{n // 2 + 1:03d}",
                counter_group=group,
                service_day=day,
                seq=n // 2 + 1,
                event_id="move_in",
                locale="ja",
                terminal_id="bench",
                state="submitted",
                data={"applicant": {"name": name}},
                form_ids=["f"],
                flags=[],
                glyph_checks=[],
                card_used=True,
                display_name=name,
                search_text=name.casefold(),
                submitted_at=now - timedelta(seconds=SIZES[-1] - n),
                received_at=now,
                print_count=0,
                version=1,
            )
        )
        for i, (pid, title, counter) in enumerate(PROCEDURES[: 1 + n % 3]):
            procs.append(
                dict(
                    application_id=app_id,
                    position=i,
                    procedure_id=pid,
                    title_ja=title,
                    counter=counter,
                    state="pending",
                )
            )
    pieces = [dict(gram=g, application_id=a["id"]) for a in apps for g in grams(a["search_text"])]
    with store.db.write() as session:
        for first in range(0, len(apps), 5000):
            session.execute(Application.__table__.insert(), apps[first : first + 5000])
        for first in range(0, len(procs), 5000):
            session.execute(ProcedureItem.__table__.insert(), procs[first : first + 5000])
        for first in range(0, len(pieces), 5000):
            session.execute(SearchGram.__table__.insert(), pieces[first : first + 5000])
    # What autovacuum does after a bulk load: statistics, and PostgreSQL's visibility
    # map (without it a COUNT cannot be an index-only scan).
    maintenance = "VACUUM ANALYZE" if store.dialect == "postgresql" else "ANALYZE"
    with store.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(maintenance)


def _time(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return median(times), result


def run() -> list[Measurement]:
    out = []
    with databases() as dbs:
        for engine, url in dbs:
            store = open_store(url)
            store.create_account(None, "bench", "Bench", "bench-password", "admin")
            me = store.sign_in("bench", "bench-password")
            filled = 0
            for size in SIZES:
                _fill(store, filled, size)
                filled = size
                out += _cases(engine, store, me, size, url)
            store.close()
    return out


def _raw_list(url: str) -> Callable[[], int]:
    """The whole open list's SQL through the bare driver (sqlite3 / psycopg)."""
    sql = (
        "SELECT a.id, a.reception_number, a.state, a.counter_group, a.event_id, "
        "a.display_name, a.submitted_at, a.called_at, a.closed_at, a.called_counter, "
        "a.flag_count, a.glyph_open, a.spool_ref, a.card_used, a.locale, a.version, "
        "h.username FROM applications a LEFT JOIN accounts h ON h.id = a.holder_id "
        "WHERE a.state IN ('submitted', 'called', 'in_review') ORDER BY a.submitted_at, a.id"
    )
    steps = (
        "SELECT application_id, procedure_id, title_ja, counter, state, done_at "
        "FROM application_procedures ORDER BY position"
    )
    if url.startswith("sqlite"):
        import sqlite3

        path = url.split("///", 1)[1]

        def run_sqlite() -> int:
            with sqlite3.connect(path) as conn:
                rows = conn.execute(sql).fetchall()
                conn.execute(steps).fetchall()
            return len(rows)

        return run_sqlite
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")

    def run_pg() -> int:
        with psycopg.connect(dsn) as conn:
            rows = conn.execute(sql).fetchall()
            conn.execute(steps).fetchall()
        return len(rows)

    return run_pg


def _cases(engine: str, store: Store, me: Principal, size: int, url: str) -> list[Measurement]:
    out = []
    first = store.queue_page(me)
    label = f"{size // 1000}k"
    cases: list[tuple[str, Callable[[], Any], int | None, float | None]] = [
        ("first page of 50 + count", lambda: store.queue_page(me), 50, 30),
        ("next page of 50 + count", lambda: store.queue_page(me, after=first.next_after), 50, 30),
        ("search number B-250", lambda: store.queue_page(me, QueueFilter(search="B-250")), 1, 50),
        (
            "search name 試験 00123",
            lambda: store.queue_page(me, QueueFilter(search="試験 00123")),
            1,
            50,
        ),
        ("count open", lambda: store.count_queue(me, QueueFilter()), size, None),
    ]
    for name, fn, expected, goal in cases:
        ms, result = _time(fn)
        got = result if isinstance(result, int) else len(result.items)
        if expected is not None and got != expected:
            raise RuntimeError(f"{engine} {name}: {got} rows, expected {expected}")
        out.append(
            Measurement(
                f"queue {engine} {label}: {name}",
                ms,
                "ms",
                f"{size} queued, median of 5",
                goal=goal if size == SIZES[-1] else None,
            )
        )
    if size == 10_000:
        raw = _raw_list(url)
        ours_s, raw_s = interleaved(
            lambda: len(store.list_queue(me)) and None, lambda: raw() and None
        )
        out.append(
            Measurement(
                f"queue {engine} 10k: the whole list",
                median(ours_s) * 1000,
                "ms",
                "list_queue (procedures included) vs the same SQL through the bare driver",
                baseline=median(raw_s) * 1000,
            )
        )
    if size == SIZES[-1]:
        ms, _ = _time(lambda: store.call_next(me, "1番"), repeat=20)
        out.append(Measurement(f"queue {engine} {label}: call next", ms, "ms", "median of 20"))
    return out
