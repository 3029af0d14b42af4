"""Sign-in with argon2 hashes, admins manage accounts, lock after repeated failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from kiosk.store import (
    AccountExists,
    AccountLocked,
    BadCredentials,
    PermissionDenied,
    Store,
    WeakPassword,
)
from kiosk.store.models import Account
from tests.store.conftest import PASSWORD, make_draft


def test_first_admin_without_actor_then_only_admins_add_accounts(store):
    with pytest.raises(PermissionDenied):
        store.create_account(None, "first", "First", PASSWORD, "staff")
    store.create_account(None, "boss", "Boss", PASSWORD, "admin")
    with pytest.raises(PermissionDenied):
        store.create_account(None, "second", "Second", PASSWORD, "admin")
    boss = store.sign_in("boss", PASSWORD)
    info = store.create_account(boss, "sato", "佐藤", PASSWORD)
    sato = store.sign_in("sato", PASSWORD)
    assert not sato.is_admin and boss.is_admin
    with pytest.raises(PermissionDenied):
        store.create_account(sato, "x", "x", PASSWORD)
    with pytest.raises(PermissionDenied):
        store.list_accounts(sato)
    with pytest.raises(AccountExists):
        store.create_account(boss, "sato", "dup", PASSWORD)
    with pytest.raises(WeakPassword):
        store.create_account(boss, "tanaka", "田中", "short")
    assert [a.username for a in store.list_accounts(boss)] == ["boss", "sato"]
    with store.db.read() as session:
        stored = session.scalars(
            select(Account.password_hash).where(Account.id == info.account_id)
        ).one()
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_lock_after_repeated_failures_until_an_admin_unlocks(db_url):
    store = Store(db_url, max_failures=3, lock_minutes=0)
    store.upgrade()
    store.create_account(None, "boss", "Boss", PASSWORD, "admin")
    boss = store.sign_in("boss", PASSWORD)
    store.create_account(boss, "sato", "佐藤", PASSWORD)
    for _ in range(2):
        with pytest.raises(BadCredentials):
            store.sign_in("sato", "wrong-password")
    with pytest.raises(AccountLocked):
        store.sign_in("sato", "wrong-password")
    with pytest.raises(AccountLocked):  # even the right password now
        store.sign_in("sato", PASSWORD)
    sato_info = next(a for a in store.list_accounts(boss) if a.username == "sato")
    assert sato_info.locked and sato_info.failed_attempts == 3
    store.update_account(boss, sato_info.account_id, unlock=True)
    assert store.sign_in("sato", PASSWORD).username == "sato"
    with pytest.raises(BadCredentials):
        store.sign_in("nobody", PASSWORD)
    actions = [r.action for r in store.audit_log(boss)]
    assert actions.count("sign_in_failed") == 3 and "account_locked" in actions
    store.close()


def test_a_timed_lock_ends_by_itself(db_url):
    store = Store(db_url, max_failures=1, lock_minutes=15)
    store.upgrade()
    store.create_account(None, "boss", "Boss", PASSWORD, "admin")
    with pytest.raises(AccountLocked):
        store.sign_in("boss", "wrong-password")
    with store.db.write() as session:
        locked_at = session.scalars(select(Account.locked_at)).one()
        session.execute(update(Account).values(locked_at=locked_at - timedelta(minutes=16)))
    assert store.sign_in("boss", PASSWORD).is_admin
    store.close()


def test_a_disabled_account_can_no_longer_act(store, admin, staff):
    app_id = store.submit(make_draft()).application_id
    store.update_account(admin, staff.account_id, active=False)
    with pytest.raises(PermissionDenied):
        store.call(staff, app_id, "1番")
    with pytest.raises(BadCredentials):
        store.sign_in("sato", PASSWORD)
    with pytest.raises(PermissionDenied):
        store.update_account(admin, admin.account_id, active=False)


def test_staff_change_their_own_password_only(store, admin, staff, staff2):
    store.set_password(staff, staff.account_id, "new-password-1")
    assert store.sign_in("sato", "new-password-1").username == "sato"
    with pytest.raises(PermissionDenied):
        store.set_password(staff, staff2.account_id, "new-password-2")
    store.set_password(admin, staff2.account_id, "new-password-3")
    assert store.sign_in("suzuki", "new-password-3").username == "suzuki"
