"""Retention: remove residents' personal data from closed applications after N days.

What stays: the application row without personal data (number, procedures, times:
the statistics), and the audit trail with who/what/when but no values or notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, null, select, text, update

from kiosk.store import audit
from kiosk.store.access import require_admin
from kiosk.store.engine import Database
from kiosk.store.errors import StoreError
from kiosk.store.lifecycle import CLOSED
from kiosk.store.models import Application, AuditEntry, ChangeLog, Document, SearchGram
from kiosk.store.records import Principal

#: Change events only serve live updates and reconnect replays.
CHANGE_EVENTS_KEPT = timedelta(days=1)
_CHUNK = 500


@dataclass(frozen=True)
class PurgeReport:
    applications: int
    audit_entries: int
    change_events: int
    cutoff: datetime


def purge(
    db: Database, actor: Principal, older_than_days: int, *, now: datetime | None = None
) -> PurgeReport:
    """The one routine that anonymises the audit log (the triggers allow nothing else);
    an admin's, and audited under that account."""
    now = now or db.clock.now()
    cutoff = now - timedelta(days=older_than_days)
    blanked = 0
    with db.write() as session:
        admin = require_admin(session, actor)
        ids = list(
            session.scalars(
                select(Application.id).where(
                    Application.state.in_(CLOSED),
                    Application.closed_at < cutoff,
                    Application.purged_at.is_(None),
                )
            )
        )
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            session.execute(
                update(Application)
                .where(Application.id.in_(chunk))
                .values(
                    data={},
                    display_name=None,
                    search_text=None,
                    flags=[],
                    glyph_checks=[],
                    flag_count=0,
                    glyph_open=False,
                    close_reason=None,
                    purged_at=now,
                )
            )
            session.execute(delete(Document).where(Document.application_id.in_(chunk)))
            session.execute(delete(SearchGram).where(SearchGram.application_id.in_(chunk)))
            result = session.execute(
                update(AuditEntry)
                .where(AuditEntry.application_id.in_(chunk))
                .values(before=null(), after=null(), note=None, anonymised=True)
            )
            blanked += result.rowcount  # type: ignore[attr-defined]
        for app in (
            session.scalars(select(Application).where(Application.id.in_(ids))) if ids else ()
        ):
            audit.record(session, admin, "purge", app, at=now)
        events = session.execute(delete(ChangeLog).where(ChangeLog.at < now - CHANGE_EVENTS_KEPT))
        removed_events = events.rowcount  # type: ignore[attr-defined]
    if not db.is_postgresql and ids:
        # Old page images in the write-ahead log would still hold the data.
        # Outside any transaction (a checkpoint cannot run inside one).
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    return PurgeReport(len(ids), blanked, removed_events, cutoff)


#: The tables whose old row versions can still hold purged personal data.
PERSONAL_TABLES = ("applications", "application_search_grams", "documents", "audit_log")


class VacuumNeedsOwner(StoreError):
    """PostgreSQL rewrites a table only for its owner (others get a warning and nothing
    happens): `--vacuum-full` runs with the owner's connection."""

    key = "db.vacuum_needs_owner"


def check_can_rewrite(db: Database) -> None:
    """VacuumNeedsOwner unless this connection may act as every personal table's owner."""
    if not db.is_postgresql:
        return
    with db.read() as session:
        refused = (
            session.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename = ANY(:t) AND NOT pg_has_role(current_user, tableowner, 'USAGE')"
                ),
                {"t": list(PERSONAL_TABLES)},
            )
            .scalars()
            .all()
        )
    if refused:
        raise VacuumNeedsOwner(", ".join(refused), tables=", ".join(refused))


def rewrite_files(db: Database) -> None:
    """Rewrite the tables that held personal data, so old row versions leave the data
    files (PostgreSQL: VACUUM FULL, which locks each table while it runs; SQLite:
    VACUUM). WAL segments, backups and replicas are not touched: docs/security.md."""
    raw = db.engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        if db.is_postgresql:
            driver.autocommit = True
            for table in PERSONAL_TABLES:  # our own constant names, not input
                driver.execute(f"VACUUM FULL {table}")
        else:
            driver.execute("VACUUM")
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
