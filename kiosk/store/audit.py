"""The audit log: every view and change of an application (who, what, when)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kiosk.store.engine import Database, now
from kiosk.store.models import Account, Application, AuditEntry
from kiosk.store.records import AuditRecord, Principal

#: An account as the database has it (verified through its session; never a
#: Principal, whose fields the caller wrote), or a name for a terminal or the system.
Actor = Account | str


def actor_name(actor: Actor) -> str:
    return actor.username if isinstance(actor, Account) else actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    app: Application | None = None,
    *,
    path: str | None = None,
    before: Any = None,
    after: Any = None,
    note: str | None = None,
    at: datetime | None = None,
) -> None:
    # A plain INSERT, no RETURNING (the table says so): a kiosk's database role may
    # add entries but never read the log (kiosk/store/roles.py).
    session.execute(
        insert(AuditEntry),
        [
            dict(
                at=at or now(session),
                actor_id=actor.id if isinstance(actor, Account) else None,
                actor=actor_name(actor),
                action=action,
                application_id=app.id if app else None,
                reception_number=app.reception_number if app else None,
                path=path,
                before=before,
                after=after,
                note=note,
                anonymised=False,
            )
        ],
    )


def read_log(
    db: Database,
    actor: Principal,
    application_id: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[AuditRecord]:
    """The audit log for an admin; the read itself becomes an entry (`audit_read`)."""
    from kiosk.store.access import require_admin

    with db.write() as session:
        admin = require_admin(session, actor)
        what = [f"application={application_id}"] if application_id else []
        what += [f"since={since.isoformat()}"] if since else []
        what += [f"limit={limit}"] if limit else []
        record(session, admin, "audit_read", note=", ".join(what) or None)
    with db.read() as session:
        return entries(session, application_id, since, limit)


def application_trail(db: Database, actor: Principal, application_id: str) -> list[AuditRecord]:
    """One application's whole trail for a file (`madoguchi audit`, the staff window's
    監査記録を保存): any signed-in staff member or admin, as for the history tab that
    shows the same entries (review.history); the export is itself an entry
    (`audit_export`), which the file then ends with."""
    from kiosk.store.access import require_staff
    from kiosk.store.errors import NotFound

    with db.write() as session:
        account = require_staff(session, actor)
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound(application_id)
        record(session, account, "audit_export", app)
    with db.read() as session:
        return entries(session, application_id=application_id)


def entries(
    session: Session,
    application_id: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[AuditRecord]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if application_id:
        query = query.where(AuditEntry.application_id == application_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if limit:
        query = query.limit(limit)
    return [
        AuditRecord(
            id=e.id,
            at=e.at,
            actor=e.actor,
            action=e.action,
            application_id=e.application_id,
            reception_number=e.reception_number,
            path=e.path,
            before=e.before,
            after=e.after,
            note=e.note,
        )
        for e in session.scalars(query)
    ]
