"""Server-verified sessions: a Principal is only as good as the session the store
recorded when it signed in; the role always comes from the database."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.store import (
    AccountLocked,
    AlreadyClaimed,
    NotSignedIn,
    PermissionDenied,
    Principal,
    Store,
)
from kiosk.store.engine import SessionPolicy
from kiosk.store.models import Account, StaffSession
from tests.store.conftest import PASSWORD, make_draft


def _admin_operations(store: Store, actor: Principal) -> dict[str, object]:
    """Every admin-only operation, each a thunk."""
    return {
        "list_accounts": lambda: store.list_accounts(actor),
        "create_account": lambda: store.create_account(actor, "evil", "x", PASSWORD, "admin"),
        "audit_log": lambda: store.audit_log(actor),
        "update_account": lambda: store.update_account(actor, 1, role="staff"),
        "revoke_sessions": lambda: store.revoke_sessions(actor, 1),
        "purge": lambda: store.purge(actor, 0),
        "export": lambda: store.export_completed(actor, store.clock.now() - timedelta(days=1)),
    }


def _staff_operations(store: Store, actor: Principal, app_id: str) -> list[Callable[[], object]]:
    return [
        lambda: store.list_queue(actor),
        lambda: store.count_queue(actor),
        lambda: store.call(actor, app_id, "1番"),
        lambda: store.call_next(actor, "1番"),
        lambda: store.detail(actor, app_id),
        lambda: store.pdf(actor, app_id),
        lambda: store.history(actor, app_id),
        lambda: store.edit(actor, app_id, {"applicant.name": "x"}),
        lambda: store.cancel(actor, app_id, "x"),
        lambda: store.set_password(actor, actor.account_id, "new-password-x"),
    ]


def test_a_principal_made_by_hand_is_refused_everywhere(store, admin, staff):
    app_id = store.submit(make_draft()).application_id
    forged = [
        Principal(account_id=admin.account_id, username="anyone", display_name="x", role="admin"),
        Principal(admin.account_id, "admin", "管理者", "admin", session_token="guessed-token"),
        # A real staff token with the admin's account id written in.
        dataclasses.replace(staff, account_id=admin.account_id, role="admin"),
    ]
    for actor in forged:
        for name, operation in _admin_operations(store, actor).items():
            with pytest.raises(NotSignedIn):
                operation()  # type: ignore[operator]
            assert name
        for operation in _staff_operations(store, actor, app_id):
            with pytest.raises(NotSignedIn):
                operation()
    assert [a.username for a in store.list_accounts(admin)] == ["admin", "sato"]


def test_the_role_comes_from_the_database_not_from_the_principal(store, admin, staff, staff2):
    app_id = store.submit(make_draft()).application_id
    store.call(staff2, app_id, "2番")
    promoted = dataclasses.replace(staff, role="admin")
    assert promoted.is_admin  # what the UI would show ...
    with pytest.raises(PermissionDenied):  # ... but the database says staff
        store.list_accounts(promoted)
    with pytest.raises(AlreadyClaimed):  # only a real admin may cancel another's
        store.cancel(promoted, app_id, "不要")
    # The username written into a principal does not reach the audit log either.
    renamed = dataclasses.replace(staff, username="admin")
    store.detail(renamed, app_id)
    [view] = [r for r in store.audit_log(admin, application_id=app_id) if r.action == "view"]
    assert view.actor == "sato"
    assert store.cancel(admin, app_id, "不要").summary.state == "cancelled"


def test_sign_out_makes_the_token_worthless(store, admin, staff):
    store.list_queue(staff)
    store.sign_out(staff)
    with pytest.raises(NotSignedIn):
        store.list_queue(staff)
    store.sign_out(staff)  # twice is fine
    again = store.sign_in("sato", PASSWORD)
    assert again.session_token != staff.session_token
    store.list_queue(again)


def test_an_admin_revokes_every_session_of_an_account(store, admin, staff):
    second = store.sign_in("sato", PASSWORD)  # the same person at another desk
    assert store.revoke_sessions(admin, staff.account_id) == 2
    for principal in (staff, second):
        with pytest.raises(NotSignedIn):
            store.list_queue(principal)
    store.list_queue(admin)  # the admin's own session is untouched
    actions = [r.action for r in store.audit_log(admin)]
    assert "sessions_revoked" in actions


def test_idle_sessions_end_and_busy_ones_last_at_most_a_day(db_url, clock):
    store = Store(db_url, clock=clock, sessions=SessionPolicy(idle_minutes=30, max_hours=12))
    store.upgrade()
    store.create_account(None, "admin", "管理者", PASSWORD, "admin")
    busy = store.sign_in("admin", PASSWORD)
    idle = store.sign_in("admin", PASSWORD)
    clock.advance(timedelta(minutes=29))
    store.list_queue(busy)
    store.list_queue(idle)
    clock.advance(timedelta(minutes=29))
    store.list_queue(busy)  # 58 minutes after signing in, 29 after its last use
    clock.advance(timedelta(minutes=2))
    with pytest.raises(NotSignedIn):  # 31 minutes since its last use
        store.list_queue(idle)
    store.list_queue(busy)
    for _ in range(22):  # used every 29 minutes, until 11 h 38 min after signing in
        clock.advance(timedelta(minutes=29))
        store.list_queue(busy)
    clock.advance(timedelta(minutes=29))  # now past 12 hours since sign-in
    with pytest.raises(NotSignedIn):
        store.list_queue(busy)
    store.close()


def test_only_a_hash_of_the_token_is_stored(store, admin):
    with store.db.read() as session:
        hashes = list(session.scalars(select(StaffSession.token_hash)))
    assert len(hashes) == 1 and admin.session_token not in hashes[0]
    assert len(admin.session_token) >= 40  # 256 random bits
    assert admin.session_token not in repr(admin)


@pytest.mark.postgres
def test_parallel_wrong_guesses_are_each_counted_and_none_passes_the_lock(postgres_url):
    """36 wrong passwords at once, then the right one: the count is exact, the account
    locked after the 10th, the right password refused (the old code lost updates)."""
    store = Store(postgres_url, max_failures=10, lock_minutes=0, pool_size=40, max_overflow=0)
    store.upgrade()
    store.create_account(None, "boss", "Boss", PASSWORD, "admin")
    boss = store.sign_in("boss", PASSWORD)
    store.create_account(boss, "sato", "佐藤", PASSWORD)
    # Connections made beforehand: the race is between the guesses, not the connects.
    warm = [store.db.engine.connect() for _ in range(36)]
    for conn in warm:
        conn.close()
    start = threading.Barrier(36)
    outcomes: list[str] = []
    lock = threading.Lock()

    def guess(n: int) -> None:
        start.wait()
        try:
            store.sign_in("sato", f"wrong-password-{n}")
        except Exception as exc:
            with lock:
                outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(36)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(set(outcomes)) == ["AccountLocked", "BadCredentials"]
    assert outcomes.count("BadCredentials") == 9 and outcomes.count("AccountLocked") == 27
    with store.db.read() as session:
        sato = session.scalars(select(Account).where(Account.username == "sato")).one()
    assert sato.failed_attempts == 10 and sato.locked_at is not None
    with pytest.raises(AccountLocked):
        store.sign_in("sato", PASSWORD)
    actions = [r.action for r in store.audit_log(boss)]
    assert actions.count("sign_in_failed") == 9 and actions.count("account_locked") == 1
    assert actions.count("sign_in_locked") == 26 + 1  # and the right password
    store.close()
