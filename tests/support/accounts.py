"""A signed-in administrator for tests that look at the queue from outside a desk."""

from __future__ import annotations

from sqlalchemy import func, select

from kiosk.store import Principal, Store
from kiosk.store.models import Account

PASSWORD = "correct horse battery"


def admin_principal(store: Store, username: str = "admin", password: str = PASSWORD) -> Principal:
    """Sign in as `username`, creating it as the first administrator if there are no
    accounts yet (listing the queue takes a verified staff session)."""
    with store.db.read() as session:
        accounts = session.execute(select(func.count()).select_from(Account)).scalar_one()
    if not accounts:
        store.create_account(None, username, "管理 花子", password, "admin")
    return store.sign_in(username, password)
