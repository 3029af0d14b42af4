"""Live updates: a submission at one terminal reaches a watcher at another within the
bound (1 s on PostgreSQL, 2 s on SQLite); a lost database is reported and recovered."""

from __future__ import annotations

import time

import pytest

from kiosk.store import ConnectionLost, DatabaseUnavailable, Reconnected, Store, StoreChanged
from tests.store.conftest import make_draft

BOUND = {"postgresql": 1.0, "sqlite": 2.0}


def _next_change(watcher, timeout):
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            event = watcher.events.get(timeout=left)
        except Exception:
            break
        if isinstance(event, StoreChanged):
            return event
    return None


def test_a_submission_reaches_a_watcher_on_another_connection_within_the_bound(
    store, other_store, staff
):
    bound = BOUND[store.dialect]
    seen = []
    watcher = other_store.watch(seen.append)
    try:
        assert watcher.ready.wait(5)
        for _ in range(3):
            sub = store.submit(make_draft())
            event = _next_change(watcher, bound)
            assert event is not None, f"no change event within {bound} s"
            assert (event.kind, event.application_id, event.state) == (
                "submitted",
                sub.application_id,
                "submitted",
            )
        store.call(staff, sub.application_id, "1番")
        event = _next_change(watcher, bound)
        assert event is not None and (event.kind, event.state) == ("called", "called")
        assert [e for e in seen if isinstance(e, StoreChanged)][-1] == event  # the callback too
    finally:
        watcher.stop()


@pytest.mark.postgres
def test_lost_database_is_reported_then_recovered_with_missed_changes(stoppable_postgres):
    url = stoppable_postgres.database_url()
    kiosk, desk = Store(url), Store(url)
    kiosk.upgrade()
    watcher = desk.watch(retry_interval=0.2, heartbeat_interval=1.0)
    try:
        assert watcher.ready.wait(5)
        stoppable_postgres.stop()
        lost = watcher.events.get(timeout=10)
        assert isinstance(lost, ConnectionLost) and lost.key == "store.unavailable"
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable):
            kiosk.submit(make_draft())
        assert time.monotonic() - started < 10  # fails fast enough to spool
        stoppable_postgres.start()
        # A change made before the watcher is back is replayed, then Reconnected.
        sub = None
        deadline = time.monotonic() + 20
        while sub is None and time.monotonic() < deadline:
            try:
                sub = kiosk.submit(make_draft())
            except DatabaseUnavailable:
                time.sleep(0.2)
        assert sub is not None
        events = []
        while not any(isinstance(e, Reconnected) for e in events):
            events.append(watcher.events.get(timeout=20))
        changes = [e for e in events if isinstance(e, StoreChanged)]
        if not changes:  # the watcher came back before the submit: it arrives live
            changes = [_next_change(watcher, 2)]
        assert changes[-1].application_id == sub.application_id
    finally:
        watcher.stop()
        kiosk.close()
        desk.close()
