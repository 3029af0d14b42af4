"""Reception numbers: "A-017" = counter group + the day's sequence in that group.

The sequence lives in one row per (group, local day). Each submit increments it inside
its own transaction: PostgreSQL's row lock (and SQLite's single writer) make concurrent
kiosks queue for it, and a rolled-back submit gives its number back.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.store.errors import InvalidDraft
from kiosk.store.models import ReceptionCounter

GROUP = re.compile(r"[A-Za-z0-9]{1,8}")


def format_number(group: str, seq: int) -> str:
    return f"{group}-{seq:03d}"


def check_group(group: str) -> None:
    if not GROUP.fullmatch(group):
        raise InvalidDraft(f"counter group {group!r}: 1-8 letters or digits")


def allocate(session: Session, group: str, day: date) -> int:
    """The next sequence number of `group` on `day` (1, 2, ...), in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(ReceptionCounter)
        .values(counter_group=group, service_day=day, last_seq=0)
        .on_conflict_do_nothing()
    )
    return int(
        session.execute(
            update(ReceptionCounter)
            .where(ReceptionCounter.counter_group == group, ReceptionCounter.service_day == day)
            .values(last_seq=ReceptionCounter.last_seq + 1)
            .returning(ReceptionCounter.last_seq)
        ).scalar_one()
    )
