"""Who may do what: signed-in accounts, admins, and the holder of an application.

Every staff and admin operation starts with `require_staff` or `require_admin`: the
caller's session token must match a session the store recorded at sign-in, still
open, not idle too long, not past its end; the account and its role come from the
database. Nothing the caller wrote into the Principal is trusted but the token.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.engine import now, policy
from kiosk.store.errors import (
    AlreadyClaimed,
    NotFound,
    NotHolder,
    NotSignedIn,
    PermissionDenied,
)
from kiosk.store.lifecycle import HELD, WHO, Who, permits
from kiosk.store.models import Account, Application, StaffSession
from kiosk.store.records import Principal


def token_hash(token: str) -> str:
    """What the database keeps of a session token (a 256-bit random secret: a plain
    SHA-256 is enough, there is nothing to guess)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def current_session(session: Session, actor: Principal) -> StaffSession:
    """The actor's open session, its idle clock restarted; NotSignedIn otherwise."""
    token = getattr(actor, "session_token", "")
    if not isinstance(token, str) or not token:
        raise NotSignedIn("no session")
    row = session.scalars(
        select(StaffSession).where(StaffSession.token_hash == token_hash(token))
    ).first()
    at = now(session)
    idle = timedelta(minutes=policy(session).idle_minutes)
    if (
        row is None
        or row.account_id != actor.account_id
        or row.ended_at is not None
        or at >= row.expires_at
        or at >= row.last_seen_at + idle
    ):
        raise NotSignedIn("session not valid")
    row.last_seen_at = at
    return row


def require_staff(session: Session, actor: Principal) -> Account:
    """The actor's account, verified by its session, still active and unlocked (an
    admin may have disabled it meanwhile)."""
    signed_in = current_session(session, actor)
    account = session.get(Account, signed_in.account_id)
    if account is None or not account.active or account.locked_at is not None:
        raise PermissionDenied("account is not active")
    return account


def require_admin(session: Session, actor: Principal) -> Account:
    account = require_staff(session, actor)
    if account.role != "admin":
        raise PermissionDenied(f"{account.username} is not an administrator")
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


def _holder(app: Application) -> str | None:
    return app.holder.username if app.holder else None


def require_may(account: Account, app: Application, action: str) -> None:
    """The lifecycle's who-may rule for `action` (kiosk.store.lifecycle.WHO), with the
    error that says why not: NotHolder for an action only the holder may take (also
    when nobody holds it), AlreadyClaimed when someone else holds it."""
    # A closed application keeps the name of its last holder; nobody holds it now.
    holder = _holder(app) if app.state in HELD else None
    if WHO[action] is Who.HOLDER and app.state not in HELD:
        raise NotHolder(f"{app.reception_number} is {app.state}, not held")
    if permits(action, holder, account.username, is_admin=account.role == "admin"):
        return
    if WHO[action] is Who.HOLDER:
        raise NotHolder(f"{app.reception_number} is held by {holder}")
    raise AlreadyClaimed(app.reception_number, holder=holder)
