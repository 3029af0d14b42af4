"""A database that answers but refuses every write, as a read-only disk (SQLite) or a
read-only server (PostgreSQL) does: every new connection of a store is set read-only by
the database itself (SQLite's query_only, PostgreSQL's READ ONLY session), and the
store's pool is emptied so no writable connection stays."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from kiosk.store import Store


@contextmanager
def read_only(store: Store) -> Iterator[None]:
    engine = store.db.engine

    def refuse_writes(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if store.dialect == "sqlite":
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
        cursor.close()

    event.listen(engine, "connect", refuse_writes)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", refuse_writes)
        engine.dispose()
