"""Who may do what: signed-in accounts, admins, and the holder of an application."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.errors import (
    AlreadyClaimed,
    NotFound,
    NotHolder,
    PermissionDenied,
)
from kiosk.store.lifecycle import HELD
from kiosk.store.models import Account, Application
from kiosk.store.records import Principal


def require_staff(session: Session, actor: Principal) -> Account:
    """The actor's account, still active and unlocked (an admin may have disabled it)."""
    account = session.get(Account, actor.account_id)
    if account is None or not account.active or account.locked_at is not None:
        raise PermissionDenied(f"account {actor.username} is not active")
    return account


def require_admin(session: Session, actor: Principal) -> Account:
    account = require_staff(session, actor)
    if account.role != "admin":
        raise PermissionDenied(f"{actor.username} is not an administrator")
    return account


def load(session: Session, application_id: str, *, lock: bool = False) -> Application:
    """One application; with `lock`, held against other writers until commit.

    PostgreSQL: SELECT ... FOR UPDATE (a second claimer waits, then sees the new
    state). SQLite: the write transaction already began IMMEDIATE, which is the lock.
    """
    query = select(Application).where(Application.id == application_id)
    if lock:
        query = query.with_for_update()
    app = session.scalars(query).first()
    if app is None:
        raise NotFound(application_id)
    return app


def require_holder(session: Session, actor: Principal, app: Application) -> None:
    """Only the staff member who called an open application may change it."""
    if app.state not in HELD:
        raise NotHolder(f"{app.reception_number} is {app.state}, not held")
    if app.holder_id != actor.account_id:
        holder = app.holder.username if app.holder else None
        raise NotHolder(f"{app.reception_number} is held by {holder}")


def check_not_held_by_other(session: Session, actor: Principal, app: Application) -> None:
    """Return/cancel/release of an application someone else holds: only an admin."""
    if app.state in HELD and app.holder_id != actor.account_id and actor.role != "admin":
        raise AlreadyClaimed(
            app.reception_number, holder=app.holder.username if app.holder else None
        )
