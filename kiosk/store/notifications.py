"""Live updates: every change writes a `change_events` row; watchers report it.

PostgreSQL: the row also goes out as NOTIFY on commit; a watcher LISTENs on its own
connection and hears it at once. SQLite: a watcher polls `change_events` for ids
past the last one it saw (an index seek, cheap enough for 4 polls a second).
Either way, after a lost connection the watcher reports `ConnectionLost`, retries by
itself, replays the rows it missed, and reports `Reconnected`.

A watcher runs in its own thread and hands events to a callback and to a
`queue.Queue`, so a UI can wait on neither the database nor the network.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.background import BackgroundLoop
from kiosk.store.engine import Database, now
from kiosk.store.errors import DatabaseUnavailable
from kiosk.store.models import Application, ChangeLog

log = logging.getLogger(__name__)

CHANNEL = "madoguchi_changes"


@dataclass(frozen=True)
class StoreChanged:
    """Something happened to an application (kind: submitted, called, edited, ...)."""

    event_id: int
    kind: str
    application_id: str | None
    counter_group: str | None
    state: str | None
    at: datetime


@dataclass(frozen=True)
class ConnectionLost:
    """The watcher lost the database; it keeps retrying. Show a banner."""

    key: str = DatabaseUnavailable.key


@dataclass(frozen=True)
class Reconnected:
    """The database is back; reload lists (missed changes were replayed before this)."""


WatchEvent = StoreChanged | ConnectionLost | Reconnected


def emit(session: Session, kind: str, app: Application | None = None) -> None:
    """Record a change in the caller's transaction (seen by others only if it commits)."""
    row = ChangeLog(
        at=now(session),
        kind=kind,
        application_id=app.id if app else None,
        counter_group=app.counter_group if app else None,
        state=app.state if app else None,
    )
    session.add(row)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(CHANNEL, json.dumps(_payload(row)))))


def _payload(row: ChangeLog) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "application_id": row.application_id,
        "counter_group": row.counter_group,
        "state": row.state,
        "at": row.at.isoformat(),
    }


def _event(row: dict[str, Any]) -> StoreChanged:
    at = row["at"]
    return StoreChanged(
        event_id=int(row["id"]),
        kind=row["kind"],
        application_id=row["application_id"],
        counter_group=row["counter_group"],
        state=row["state"],
        at=datetime.fromisoformat(at) if isinstance(at, str) else at,
    )


class ChangeWatcher(BackgroundLoop):
    """Reports changes made by any terminal, from its own thread.

    Events go to `callback` (if given, called in the watcher thread) and to `events`.
    """

    thread_name = "madoguchi-watch"

    def __init__(
        self,
        db: Database,
        callback: Callable[[WatchEvent], None] | None = None,
        *,
        poll_interval: float = 0.25,
        retry_interval: float = 1.0,
        heartbeat_interval: float = 5.0,
    ) -> None:
        super().__init__()
        self._db = db
        self._callback = callback
        self.poll_interval = poll_interval
        self.retry_interval = retry_interval
        self.heartbeat_interval = heartbeat_interval
        self.events: queue.Queue[WatchEvent] = queue.Queue()
        self._last_id: int | None = None
        self._replayed: set[int] = set()
        #: Set once the watcher knows where it starts (tests and UIs can wait on it).
        self.ready = threading.Event()
        self.connected = False

    def __enter__(self) -> ChangeWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals --------------------------------------------------------------

    def _deliver(self, event: WatchEvent) -> None:
        self.events.put(event)
        if self._callback:
            try:
                self._callback(event)
            except Exception:
                log.exception("change watcher callback failed")

    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                if self._db.is_postgresql:
                    self._listen(was_lost=lost)
                else:
                    self._poll(was_lost=lost)
            except Exception as exc:
                log.warning("change watcher: database unreachable (%s)", type(exc).__name__)
                self.connected = False
                if not lost:
                    lost = True
                    self._deliver(ConnectionLost())
                self.ready.set()
                self._stop.wait(self.retry_interval)
            else:
                return

    def _catch_up(self, connection_execute: Callable[[int], list[dict[str, Any]]]) -> None:
        if self._last_id is None:
            return
        self._replayed = set()
        for row in connection_execute(self._last_id):
            self._last_id = max(self._last_id, int(row["id"]))
            self._replayed.add(int(row["id"]))
            self._deliver(_event(row))

    def _on_connected(self, was_lost: bool, fetch: Callable[[int], list[dict[str, Any]]]) -> None:
        self._catch_up(fetch)
        self.connected = True
        if was_lost:
            self._deliver(Reconnected())
        self.ready.set()

    def _poll(self, was_lost: bool) -> None:
        self._db.check_file()
        engine = self._db.engine
        with engine.connect() as conn:

            def fetch(after: int) -> list[dict[str, Any]]:
                rows = conn.execute(
                    select(ChangeLog).where(ChangeLog.id > after).order_by(ChangeLog.id)
                ).mappings()
                result = [dict(r) for r in rows]
                conn.rollback()  # end the read snapshot so the next poll sees new rows
                return result

            if self._last_id is None:
                self._last_id = _max_id(conn)
                conn.rollback()
            self._on_connected(was_lost, fetch)
            while not self._stop.wait(self.poll_interval):
                self._db.check_file()  # this connection would poll a deleted file on
                self._catch_up(fetch)

    def _listen(self, was_lost: bool) -> None:
        import psycopg  # the PostgreSQL driver; only needed on that engine

        engine = self._db.engine
        _, params = engine.dialect.create_connect_args(engine.url)
        params.pop("context", None)
        with psycopg.connect(
            **params,
            autocommit=True,
            connect_timeout=3,
            application_name="madoguchi-watch",
            # Notice a dead network, not only a closed socket.
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=2,
            **self._db.tls,
        ) as conn:
            conn.execute(f"LISTEN {CHANNEL}")

            def fetch(after: int) -> list[dict[str, Any]]:
                cur = conn.execute(
                    "SELECT id, kind, application_id, counter_group, state, at"
                    " FROM change_events WHERE id > %s ORDER BY id",
                    (after,),
                )
                names = [c.name for c in cur.description or ()]
                return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

            if self._last_id is None:
                row = conn.execute("SELECT coalesce(max(id), 0) FROM change_events").fetchone()
                self._last_id = int(row[0]) if row else 0
            self._on_connected(was_lost, fetch)
            quiet_since = time.monotonic()
            while not self._stop.is_set():
                for notice in conn.notifies(timeout=self.poll_interval):
                    quiet_since = time.monotonic()
                    self._on_notice(notice.payload)
                if time.monotonic() - quiet_since > self.heartbeat_interval:
                    conn.execute("SELECT 1")
                    quiet_since = time.monotonic()

    def _on_notice(self, payload: str) -> None:
        with contextlib.suppress(ValueError, KeyError):
            row = json.loads(payload)
            # Commit order (the order of notices) may differ from id order, so every
            # notice is new unless the replay after a reconnect already delivered it.
            if int(row["id"]) in self._replayed:
                return
            self._last_id = max(self._last_id or 0, int(row["id"]))
            self._deliver(_event(row))


def _max_id(conn: Any) -> int:
    return int(conn.execute(select(func.coalesce(func.max(ChangeLog.id), 0))).scalar_one())
