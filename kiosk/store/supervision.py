"""What a supervisor watches: who waits where and how long, who holds what, what needs
someone now (a card left at a kiosk, a print that failed, a 外字 to check).

No resident's name or answer is read here: reception numbers, departments, counter
groups, clerks' names and flag kinds only (so the overview is not audited like a list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kiosk.store.access import require_staff
from kiosk.store.engine import Database, now
from kiosk.store.lifecycle import HELD, OPEN, ProcedureState, State
from kiosk.store.models import Account, Application, ProcedureItem
from kiosk.store.records import Principal


@dataclass(frozen=True)
class WaitRow:
    """Applications waiting to be called, per department (a procedure still to do
    there) or per counter group (the reception number's line)."""

    kind: str  # "department" | "group"
    name: str
    waiting: int
    #: When the longest-waiting one arrived (None: nobody waits).
    oldest: datetime | None


@dataclass(frozen=True)
class HeldRow:
    """What one clerk holds (called or in review)."""

    username: str
    display_name: str
    numbers: tuple[str, ...]
    #: When the first of them was called.
    since: datetime | None


@dataclass(frozen=True)
class ActionFlag:
    """Something a person must do now, on one open application."""

    application_id: str
    reception_number: str
    kind: str  # "card_left" | "print_failed" | "glyph"
    #: The flag's own key ("kiosk.card_left", "printing.flag.ticket_failed", …).
    key: str
    terminal_id: str = ""

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.application_id, self.kind, self.key)


@dataclass(frozen=True)
class Overview:
    at: datetime
    waits: tuple[WaitRow, ...]
    held: tuple[HeldRow, ...]
    flags: tuple[ActionFlag, ...]


def _flags_of(app_id: str, number: str, flags: Any, glyph_open: bool) -> list[ActionFlag]:
    found = []
    for flag in flags or ():
        if not isinstance(flag, dict):
            continue
        terminal = str(flag.get("terminal_id") or "")
        if flag.get("kind") == "kiosk" and flag.get("key") == "kiosk.card_left":
            found.append(ActionFlag(app_id, number, "card_left", "kiosk.card_left", terminal))
        elif flag.get("kind") == "print":
            key = str(flag.get("key") or "printing.flag.forms_failed")
            found.append(ActionFlag(app_id, number, "print_failed", key, terminal))
    if glyph_open:
        found.append(ActionFlag(app_id, number, "glyph", "glyph"))
    return found


def overview(db: Database, actor: Principal) -> Overview:
    """The supervisor's view now (any signed-in staff member or admin)."""
    with db.write() as session:
        require_staff(session, actor)
        at = now(session)
    with db.read() as session:
        apps = session.execute(
            select(
                Application.id,
                Application.reception_number,
                Application.counter_group,
                Application.state,
                Application.submitted_at,
                Application.called_at,
                Application.holder_id,
                Application.flags,
                Application.glyph_open,
            )
            .where(Application.state.in_(OPEN), Application.purged_at.is_(None))
            .order_by(Application.submitted_at, Application.id)
        ).all()
        waiting_ids = [a.id for a in apps if a.state == State.SUBMITTED]
        pending: dict[str, set[str]] = {}
        for start in range(0, len(waiting_ids), 900):
            chunk = waiting_ids[start : start + 900]
            for app_id, counter in session.execute(
                select(ProcedureItem.application_id, ProcedureItem.counter).where(
                    ProcedureItem.application_id.in_(chunk),
                    ProcedureItem.state == ProcedureState.PENDING,
                )
            ):
                pending.setdefault(counter, set()).add(app_id)
        holder_ids = {a.holder_id for a in apps if a.state in HELD and a.holder_id}
        accounts = {
            row.id: row
            for row in session.execute(
                select(Account.id, Account.username, Account.display_name).where(
                    Account.id.in_(holder_ids)
                )
            )
        }
    arrived = {a.id: a.submitted_at for a in apps}
    waits: list[WaitRow] = []
    for department in sorted(pending):
        ids = pending[department]
        waits.append(WaitRow("department", department, len(ids), min(arrived[i] for i in ids)))
    groups: dict[str, list[datetime]] = {}
    for a in apps:
        if a.state == State.SUBMITTED:
            groups.setdefault(a.counter_group, []).append(a.submitted_at)
    waits += [WaitRow("group", g, len(t), min(t)) for g, t in sorted(groups.items())]
    held: dict[int, list[Any]] = {}
    for a in apps:
        if a.state in HELD and a.holder_id in accounts:
            held.setdefault(a.holder_id, []).append(a)
    held_rows = [
        HeldRow(
            accounts[holder].username,
            accounts[holder].display_name,
            tuple(a.reception_number for a in rows),
            min((a.called_at for a in rows if a.called_at), default=None),
        )
        for holder, rows in held.items()
    ]
    held_rows.sort(key=lambda r: (-len(r.numbers), r.username))
    flags = [f for a in apps for f in _flags_of(a.id, a.reception_number, a.flags, a.glyph_open)]
    return Overview(at, tuple(waits), tuple(held_rows), tuple(flags))
