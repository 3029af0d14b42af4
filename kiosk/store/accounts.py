"""Staff and admin accounts: argon2 password hashes, sign-in, lock after failures."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.store import audit
from kiosk.store.access import current_session, require_admin, require_staff, token_hash
from kiosk.store.engine import Database, now, policy
from kiosk.store.errors import (
    AccountExists,
    AccountLocked,
    BadCredentials,
    NotFound,
    NotSignedIn,
    PermissionDenied,
    StoreError,
    WeakPassword,
)
from kiosk.store.models import Account, StaffSession
from kiosk.store.records import AccountInfo, Principal

ROLES = ("staff", "admin")
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so both failures take as long.
    Made on the first sign-in, not at import: hashing costs ~0.6 s, and a kiosk that
    imports the store never signs anyone in."""
    return _hasher.hash("madoguchi-no-such-user")


def _principal(account: Account, token: str) -> Principal:
    return Principal(
        account.id, account.username, account.display_name, account.role, session_token=token
    )


def _info(account: Account) -> AccountInfo:
    return AccountInfo(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        active=account.active,
        locked=account.locked_at is not None,
        failed_attempts=account.failed_attempts,
        created_at=account.created_at,
        last_sign_in_at=account.last_sign_in_at,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(MIN_PASSWORD_LENGTH)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StoreError(f"role {role!r}: one of {', '.join(ROLES)}")


def create_account(
    db: Database,
    actor: Principal | None,
    username: str,
    display_name: str,
    password: str,
    role: str = "staff",
) -> AccountInfo:
    """An admin adds an account. With no accounts at all, the first admin needs no actor."""
    _check_role(role)
    _check_password(password)
    username = username.strip()
    if not username:
        raise StoreError("empty user name")
    password_hash = _hasher.hash(password)
    try:
        with db.write() as session:
            by: audit.Actor = "setup"
            if actor is None:
                if session.execute(select(func.count()).select_from(Account)).scalar_one():
                    raise PermissionDenied("accounts exist: an admin must add new ones")
                if role != "admin":
                    raise PermissionDenied("the first account must be an admin")
            else:
                by = require_admin(session, actor)
            account = Account(
                username=username,
                display_name=display_name.strip() or username,
                role=role,
                password_hash=password_hash,
                active=True,
                failed_attempts=0,
                created_at=now(session),
            )
            session.add(account)
            session.flush()
            audit.record(session, by, "account_create", note=f"{username} ({role})")
            return _info(account)
    except IntegrityError:
        raise AccountExists(username) from None


def sign_in(
    db: Database, username: str, password: str, *, max_failures: int, lock_minutes: int
) -> Principal:
    """Check a password and open a session. After `max_failures` wrong ones in a row
    the account locks: for `lock_minutes`, or until an admin unlocks it if 0.

    The slow password check runs first, outside any transaction; the count and the
    lock then change under a row lock (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the
    write transaction), so parallel guesses are each counted and none slips past a lock.
    """
    name = username.strip()
    with db.read() as session:
        known = session.execute(
            select(Account.id, Account.password_hash).where(
                Account.username == name, Account.active.is_(True)
            )
        ).first()
    ok = _verify(known.password_hash if known else _dummy_hash(), password) and known is not None
    failure: StoreError | None = None
    with db.write() as session:
        account = (
            session.scalars(select(Account).where(Account.id == known.id).with_for_update()).first()
            if known
            else None
        )
        at = now(session)
        if account is None or not account.active:
            audit.record(session, f"unknown:{username[:64]}", "sign_in_failed")
            failure = BadCredentials()
        elif _still_locked(account, lock_minutes, at):
            audit.record(session, account.username, "sign_in_locked")
            failure = AccountLocked(account.username)
        elif not ok or account.password_hash != known.password_hash:  # type: ignore[union-attr]
            account.failed_attempts += 1
            if account.failed_attempts >= max_failures:
                account.locked_at = at
                audit.record(session, account.username, "account_locked")
                failure = AccountLocked(account.username)
            else:
                audit.record(session, account.username, "sign_in_failed")
                failure = BadCredentials()
        else:
            account.failed_attempts = 0
            account.locked_at = None
            account.last_sign_in_at = at
            if _hasher.check_needs_rehash(account.password_hash):
                account.password_hash = _hasher.hash(password)
            token = _open_session(session, account, at)
            audit.record(session, account, "sign_in")
            return _principal(account, token)
    # Raised after the commit, so the failure count and the lock are kept.
    assert failure is not None
    raise failure


def _open_session(session: Session, account: Account, at: datetime) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=token_hash(token),
            account_id=account.id,
            created_at=at,
            last_seen_at=at,
            expires_at=at + timedelta(hours=policy(session).max_hours),
        )
    )
    return token


def sign_out(db: Database, actor: Principal) -> None:
    """End this sign-in; the token is worthless from now on. Signing out twice (or an
    expired session) is not an error."""
    with db.write() as session:
        try:
            row = current_session(session, actor)
        except NotSignedIn:
            return
        row.ended_at = now(session)
        row.ended_reason = "sign_out"
        account = session.get(Account, row.account_id)
        audit.record(session, account or actor.username, "sign_out")


def check_session(db: Database, actor: Principal) -> None:
    with db.write() as session:
        require_staff(session, actor)


def revoke_sessions(db: Database, actor: Principal, account_id: int) -> int:
    """An admin ends every open session of an account (a lost or shared terminal);
    returns how many were open."""
    with db.write() as session:
        admin = require_admin(session, actor)
        target = _target(session, account_id)
        at = now(session)
        result = session.execute(
            update(StaffSession)
            .where(StaffSession.account_id == account_id, StaffSession.ended_at.is_(None))
            .values(ended_at=at, ended_reason="revoked")
        )
        count = int(result.rowcount)  # type: ignore[attr-defined]
        audit.record(session, admin, "sessions_revoked", note=f"{target.username}: {count}")
        return count


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _still_locked(account: Account, lock_minutes: int, at: datetime) -> bool:
    if account.locked_at is None:
        return False
    if lock_minutes > 0 and at >= account.locked_at + timedelta(minutes=lock_minutes):
        account.locked_at = None
        account.failed_attempts = 0
        return False
    return True


def _target(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound(f"account {account_id}")
    return account


def list_accounts(db: Database, actor: Principal) -> list[AccountInfo]:
    with db.write() as session:  # the session's idle clock is a write
        require_admin(session, actor)
        return [_info(a) for a in session.scalars(select(Account).order_by(Account.username))]


def set_password(db: Database, actor: Principal, account_id: int, password: str) -> None:
    """An admin sets anyone's password; a staff member only their own."""
    _check_password(password)
    with db.write() as session:
        by = require_staff(session, actor)
        if account_id != by.id and by.role != "admin":
            raise PermissionDenied(f"{by.username} may only change their own password")
        account = _target(session, account_id)
        account.password_hash = _hasher.hash(password)
        audit.record(session, by, "account_password", note=account.username)


def update_account(
    db: Database,
    actor: Principal,
    account_id: int,
    *,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
    unlock: bool = False,
) -> AccountInfo:
    with db.write() as session:
        admin = require_admin(session, actor)
        account = _target(session, account_id)
        if account_id == admin.id and (role == "staff" or active is False):
            raise PermissionDenied("an admin cannot demote or disable themselves")
        changes = []
        if role is not None:
            _check_role(role)
            account.role = role
            changes.append(f"role={role}")
        if active is not None:
            account.active = active
            changes.append(f"active={active}")
        if display_name is not None:
            account.display_name = display_name
            changes.append("display_name")
        if unlock:
            account.locked_at = None
            account.failed_attempts = 0
            changes.append("unlocked")
        audit.record(
            session, admin, "account_update", note=f"{account.username}: {', '.join(changes)}"
        )
        return _info(account)
