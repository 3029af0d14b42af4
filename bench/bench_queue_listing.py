"""The staff list over 10,000 queued applications: list, filter, search, count, call."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench import Measurement
from bench.queue_support import databases, median, open_store
from kiosk.store import Principal, QueueFilter, Store
from kiosk.store.models import Application, ProcedureItem

QUEUED = 10_000
PROCEDURES = [
    ("juminhyo", "住民異動届", "市民課"),
    ("kokuho", "国保 資格取得", "保険年金課"),
    ("inu", "犬", "環境課"),
]


def _fill(store: Store) -> None:
    """10,000 submitted applications in two groups, inserted in bulk (not timed)."""
    now = store.clock.now()
    day = store.clock.today()
    apps: list[dict[str, Any]] = []
    procs: list[dict[str, Any]] = []
    for n in range(QUEUED):
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
                submitted_at=now - timedelta(seconds=QUEUED - n),
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
    with store.db.write() as session:
        session.execute(Application.__table__.insert(), apps)
        session.execute(ProcedureItem.__table__.insert(), procs)
    with store.db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


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
            _fill(store)
            out += _cases(engine, store, me)
            store.close()
    return out


def _cases(engine: str, store: Store, me: Principal) -> list[Measurement]:
    out = []
    cases: list[tuple[str, Callable[[], Any], int | None]] = [
        ("list all 10k, waiting order", lambda: store.list_queue(me), QUEUED),
        ("first page of 50", lambda: store.list_queue(me, limit=50), 50),
        ("filter procedure=inu", lambda: store.list_queue(me, procedure_id="inu"), QUEUED // 3),
        ("filter counter=保険年金課", lambda: store.list_queue(me, counter="保険年金課"), None),
        ("search name 試験 01234", lambda: store.list_queue(me, search="試験 01234"), 1),
        ("search number B-2500", lambda: store.list_queue(me, search="B-2500"), 1),
        ("count open", lambda: store.count_queue(me, QueueFilter()), QUEUED),
        ("lobby board", lambda: store.lobby_board(), None),
    ]
    for name, fn, expected in cases:
        ms, result = _time(fn)
        size = result if isinstance(result, int) else len(getattr(result, "calling", result))
        if expected is not None and size != expected:
            raise RuntimeError(f"{engine} {name}: {size} rows, expected {expected}")
        out.append(Measurement(f"queue {engine} {name}", ms, "ms", f"{QUEUED} queued, median of 5"))
    ms, _ = _time(lambda: store.call_next(me, "1番"), repeat=20)
    out.append(Measurement(f"queue {engine} call next", ms, "ms", "median of 20 claims"))
    return out
