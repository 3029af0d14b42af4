"""The audit log: every view and change of an application (who, what, when)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.engine import now
from kiosk.store.models import Application, AuditEntry
from kiosk.store.records import AuditRecord, Principal

Actor = Principal | str


def actor_name(actor: Actor) -> str:
    return actor.username if isinstance(actor, Principal) else actor


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
    session.add(
        AuditEntry(
            at=at or now(session),
            actor_id=actor.account_id if isinstance(actor, Principal) else None,
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
    )


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
