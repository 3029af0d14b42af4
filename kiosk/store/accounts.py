"""Staff and admin accounts: argon2 password hashes, sign-in, lock after failures."""

from __future__ import annotations

from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.store import audit
from kiosk.store.access import require_admin, require_staff
from kiosk.store.engine import Database, now
from kiosk.store.errors import (
    AccountExists,
    AccountLocked,
    BadCredentials,
    NotFound,
    PermissionDenied,
    StoreError,
    WeakPassword,
)
from kiosk.store.models import Account
from kiosk.store.records import AccountInfo, Principal

ROLES = ("staff", "admin")
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()
#: Verified against when the user name is unknown, so both failures take as long.
_DUMMY_HASH = _hasher.hash("madoguchi-no-such-user")


def _principal(account: Account) -> Principal:
    return Principal(account.id, account.username, account.display_name, account.role)


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
            if actor is None:
                if session.execute(select(func.count()).select_from(Account)).scalar_one():
                    raise PermissionDenied("accounts exist: an admin must add new ones")
                if role != "admin":
                    raise PermissionDenied("the first account must be an admin")
            else:
                require_admin(session, actor)
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
            audit.record(session, actor or "setup", "account_create", note=f"{username} ({role})")
            return _info(account)
    except IntegrityError:
        raise AccountExists(username) from None


def sign_in(
    db: Database, username: str, password: str, *, max_failures: int, lock_minutes: int
) -> Principal:
    """Check a password. After `max_failures` wrong ones in a row the account locks:
    for `lock_minutes`, or until an admin unlocks it if `lock_minutes` is 0."""
    failure: StoreError | None = None
    with db.write() as session:
        account = session.scalars(
            select(Account).where(Account.username == username.strip())
        ).first()
        if account is None or not account.active:
            _verify(_DUMMY_HASH, password)
            audit.record(session, f"unknown:{username[:64]}", "sign_in_failed")
            failure = BadCredentials()
        elif _still_locked(account, lock_minutes, now(session)):
            audit.record(session, account.username, "sign_in_locked")
            failure = AccountLocked(account.username)
        elif not _verify(account.password_hash, password):
            account.failed_attempts += 1
            if account.failed_attempts >= max_failures:
                account.locked_at = now(session)
                audit.record(session, account.username, "account_locked")
                failure = AccountLocked(account.username)
            else:
                audit.record(session, account.username, "sign_in_failed")
                failure = BadCredentials()
        else:
            account.failed_attempts = 0
            account.locked_at = None
            account.last_sign_in_at = now(session)
            if _hasher.check_needs_rehash(account.password_hash):
                account.password_hash = _hasher.hash(password)
            audit.record(session, _principal(account), "sign_in")
            return _principal(account)
    # Raised after the commit, so the failure count and the lock are kept.
    assert failure is not None
    raise failure


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
    with db.read() as session:
        require_admin(session, actor)
        return [_info(a) for a in session.scalars(select(Account).order_by(Account.username))]


def set_password(db: Database, actor: Principal, account_id: int, password: str) -> None:
    """An admin sets anyone's password; a staff member only their own."""
    _check_password(password)
    with db.write() as session:
        if account_id == actor.account_id:
            require_staff(session, actor)
        else:
            require_admin(session, actor)
        account = _target(session, account_id)
        account.password_hash = _hasher.hash(password)
        audit.record(session, actor, "account_password", note=account.username)


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
        require_admin(session, actor)
        account = _target(session, account_id)
        if account_id == actor.account_id and (role == "staff" or active is False):
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
            session, actor, "account_update", note=f"{account.username}: {', '.join(changes)}"
        )
        return _info(account)
