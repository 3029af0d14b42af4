"""A database that refuses writes says so (DatabaseReadOnly, nothing saved), and a SQLite
file deleted or replaced under a running store is noticed on the next call instead of
being written on unseen (SQLite keeps an unlinked file open)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk.store import DatabaseFileReplaced, DatabaseReadOnly, DatabaseUnavailable, Store
from tests.store.conftest import make_draft
from tests.support.accounts import admin_principal
from tests.support.read_only import read_only


def test_a_read_only_database_refuses_with_its_own_error(store: Store) -> None:
    admin = admin_principal(store)
    sub = store.submit(make_draft())
    with read_only(store):
        with pytest.raises(DatabaseReadOnly) as refused:
            store.call(admin, sub.application_id, "3番窓口")
        assert isinstance(refused.value, DatabaseUnavailable)  # the banner, the spool
        assert store.lobby_board().waiting == 1  # reading still works
    assert store.detail(admin, sub.application_id).summary.state == "submitted"
    store.call(admin, sub.application_id, "3番窓口")  # and writing again after


def _file(store: Store) -> Path:
    assert store.db.file is not None
    return store.db.file


def test_a_deleted_sqlite_file_is_noticed(sqlite_url: str, clock) -> None:
    with Store(sqlite_url, clock=clock) as store:
        store.upgrade()
        sub = store.submit(make_draft())
        path = _file(store)
        os.unlink(path)
        with pytest.raises(DatabaseFileReplaced) as gone:
            store.submit(make_draft("鈴木 花子"))
        assert gone.value.params == {"path": str(path)}
        with pytest.raises(DatabaseFileReplaced):
            store.lobby_board()
        assert sub.reception_number


def test_a_replaced_sqlite_file_is_noticed_and_the_same_file_back_is_fine(
    sqlite_url: str, clock, tmp_path: Path
) -> None:
    with Store(sqlite_url, clock=clock) as store:
        store.upgrade()
        store.submit(make_draft())
        path = _file(store)
        # A backup restored over it: a copy (another file) moved into its place.
        shutil.copy(path, tmp_path / "backup.sqlite3")
        aside = tmp_path / "aside.sqlite3"
        os.rename(path, aside)
        os.rename(tmp_path / "backup.sqlite3", path)
        with pytest.raises(DatabaseFileReplaced):
            store.lobby_board()
        # The very file moved back: the store goes on.
        os.rename(path, tmp_path / "backup.sqlite3")
        os.rename(aside, path)
        assert store.lobby_board().waiting == 1
