"""A frozen kiosk cannot hold up its counter group; every PostgreSQL session carries
lock, statement and idle-in-transaction timeouts."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.store import Store
from kiosk.store.engine import (
    IDLE_IN_TRANSACTION_TIMEOUT_MS,
    LOCK_TIMEOUT_MS,
    STATEMENT_TIMEOUT_MS,
)
from tests.clock import pinned_clock
from tests.store.conftest import make_draft
from tests.support.accounts import admin_principal

ROOT = Path(__file__).resolve().parents[2]

#: A kiosk that freezes itself (SIGSTOP) in the middle of its submit, just before the
#: application row goes in: whatever it holds by then, it holds while frozen.
FREEZING_KIOSK = """
import os, signal, sys
from sqlalchemy import event
from kiosk.store import Store
from tests.clock import pinned_clock
from tests.store.conftest import make_draft

store = Store(sys.argv[1], clock=pinned_clock())  # the test's day (numbers count per day)

@event.listens_for(store.db.engine, "before_cursor_execute")
def freeze(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("INSERT INTO APPLICATIONS"):
        print("frozen", flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)

result = store.submit(make_draft("凍結 一"))
print("stored", result.reception_number, flush=True)
"""


@pytest.mark.postgres
def test_a_frozen_kiosk_does_not_block_another_of_its_group(postgres_url):
    store = Store(postgres_url, clock=pinned_clock())
    store.upgrade()
    frozen = subprocess.Popen(
        [sys.executable, "-c", FREEZING_KIOSK, postgres_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert frozen.stdout is not None
        assert frozen.stdout.readline().strip() == "frozen"
        results: list[str] = []
        other = threading.Thread(
            target=lambda: results.append(store.submit(make_draft("隣 二")).reception_number)
        )
        other.start()
        other.join(2.0)  # the bound: the next resident is not kept waiting
        assert results, "a kiosk of the same group waited for the frozen one"
    finally:
        frozen.send_signal(signal.SIGCONT)
    out, err = frozen.communicate(timeout=60)
    assert frozen.returncode == 0, err
    frozen_number = out.split()[-1]
    # Both stored, each with its own number (the frozen one drew first).
    assert sorted([frozen_number, results[0]]) == ["A-001", "A-002"]
    assert store.count_queue(admin_principal(store)) == 2
    store.close()


@pytest.mark.postgres
def test_every_session_has_the_timeouts(postgres_url):
    store = Store(postgres_url)
    with store.db.engine.connect() as conn:
        shown = {
            name: conn.execute(text(f"SHOW {name}")).scalar_one()
            for name in (
                "lock_timeout",
                "statement_timeout",
                "idle_in_transaction_session_timeout",
            )
        }
    assert shown == {
        "lock_timeout": f"{LOCK_TIMEOUT_MS // 1000}s",
        "statement_timeout": f"{STATEMENT_TIMEOUT_MS // 1000}s",
        "idle_in_transaction_session_timeout": f"{IDLE_IN_TRANSACTION_TIMEOUT_MS // 1000}s",
    }
    store.close()


@pytest.mark.postgres
def test_a_lock_held_too_long_is_a_busy_error_not_a_hang(postgres_url):
    """Another session holds the application row (a frozen desk): an edit waits at
    most lock_timeout, then says the database is busy."""
    from kiosk.store import DatabaseBusy

    store = Store(postgres_url)
    store.upgrade()
    admin = admin_principal(store)
    app_id = store.submit(make_draft()).application_id
    store.call(admin, app_id, "1番")
    with store.db.engine.connect() as holder:
        holder.execute(text("BEGIN"))
        holder.execute(text("SELECT id FROM applications FOR UPDATE"))
        with pytest.raises(DatabaseBusy):
            store.edit(admin, app_id, {"applicant.name": "待機 三"})
        holder.execute(text("ROLLBACK"))
    store.close()
