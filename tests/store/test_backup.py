"""`madoguchi db backup` / `db restore` / `db current` / `db history`: a backup restored
into a fresh database holds exactly what the original held, on both engines."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from kiosk.store import Store
from kiosk.store.backup import RestoreTargetNotEmpty, WrongBackupKind
from kiosk.store.migrate import head_revision
from kiosk.store.migrate import history as history_steps
from tests.store.conftest import PASSWORD, make_draft

ROOT = Path(__file__).resolve().parents[2]


def fill(store: Store) -> None:
    """Applications in every state, PDFs, accounts, sessions, audit entries, numbers."""
    store.create_account(None, "admin", "管理者", PASSWORD, "admin")
    admin = store.sign_in("admin", PASSWORD)
    store.create_account(admin, "sato", "佐藤", PASSWORD)
    sato = store.sign_in("sato", PASSWORD)
    for name in ("山田 太郎", "鈴木 一郎", "髙橋 花子", "田中 次郎"):
        store.submit(make_draft(name))
    store.submit(make_draft("佐々木 三郎", group="B"))
    first = store.call_next(sato, "窓口1")
    assert first is not None
    store.start_review(sato, first.application_id)
    store.edit(sato, first.application_id, {"applicant.address": "静岡県浜松市中区元城町103-3"})
    for procedure in ("juminhyo", "kokuho"):
        store.mark_procedure(sato, first.application_id, procedure)
    store.complete(sato, first.application_id)
    store.call_next(sato, "窓口2")
    store.audit_log(admin)


def contents(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in primary-key order."""
    engine = create_engine(url)
    try:
        tables = sorted(inspect(engine).get_table_names())
        with engine.connect() as conn:
            return {
                t: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))]
                for t in tables
            }
    finally:
        engine.dispose()


def madoguchi(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MADOGUCHI_CONFIG": str(tmp_path / "none.toml"), "LANG": "C.UTF-8"}
    command = [sys.executable, "-c", "from ui.cli import main; main()", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)


@pytest.fixture
def fresh_url(request, db_url, tmp_path, postgres_server) -> str:
    """A second, empty database on the same engine as `db_url`."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    name = "r_" + uuid.uuid4().hex[:16]
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)


def test_backup_restored_into_a_fresh_database_holds_the_same(store, fresh_url, tmp_path, clock):
    fill(store)
    before = contents(store.url)
    dump = tmp_path / "madoguchi.backup"
    result = madoguchi("db", "backup", "--database", store.url, str(dump), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    # Residents' data: only the owner of the file may read it; nothing half-written left.
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600
    assert list(tmp_path.glob("*.partial")) == []

    result = madoguchi("db", "restore", "--database", fresh_url, str(dump), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"schema revision {head_revision()}" in result.stdout
    assert contents(fresh_url) == before
    # The restored database works on: numbers, ids and sessions carry on where they were.
    restored = Store(fresh_url, clock=clock)
    try:
        assert restored.submit(make_draft("新しい 人")).reception_number == "A-005"
        admin = restored.sign_in("admin", PASSWORD)
        assert len(restored.audit_log(admin)) > len(before["audit_log"])
    finally:
        restored.close()


def test_restore_refuses_a_database_that_is_not_empty(store, tmp_path):
    dump = tmp_path / "madoguchi.backup"
    store.backup(dump)
    with pytest.raises(RestoreTargetNotEmpty):
        store.restore_into(dump)
    result = madoguchi("db", "restore", "--database", store.url, str(dump), tmp_path=tmp_path)
    assert result.returncode != 0
    assert "new, empty database" in result.stderr


@pytest.mark.postgres
def test_a_backup_of_one_engine_is_refused_by_the_other(postgres_url, tmp_path, clock):
    sqlite_url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    dumps = {}
    for url in (postgres_url, sqlite_url):
        with Store(url, clock=clock) as store:
            store.upgrade()
            dumps[url] = tmp_path / f"{store.dialect}.backup"
            store.backup(dumps[url])
    into_sqlite = Store(f"sqlite:///{tmp_path / 'two.sqlite3'}")
    with pytest.raises(WrongBackupKind):
        into_sqlite.restore_into(dumps[postgres_url])
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(WrongBackupKind):
        into_sqlite.restore_into(not_a_backup)
    into_sqlite.close()
    with pytest.raises(WrongBackupKind):
        Store(postgres_url).restore_into(dumps[sqlite_url])  # refused before it connects


def test_an_sqlite_backup_is_consistent_while_a_terminal_writes(sqlite_url, tmp_path, clock):
    """The backup API copies what was committed, also while another connection holds
    an open write transaction (a file copy could catch half of it)."""
    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    store.submit(make_draft())
    writer = store.db.engine.raw_connection()
    try:
        cursor = writer.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("UPDATE applications SET display_name = 'half-written'")
        dump = tmp_path / "copy.sqlite3"
        store.backup(dump)
        writer.rollback()
    finally:
        writer.close()
        store.close()
    copy = create_engine(f"sqlite:///{dump}")
    with copy.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT display_name FROM applications"))]
    copy.dispose()
    assert names == ["山田 太郎"]
    assert not Path(f"{dump}-wal").exists()


def test_db_current_and_history_say_where_the_schema_is(store, tmp_path):
    result = madoguchi("db", "current", "--database", store.url, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"revision {head_revision()} (head: up to date)" in result.stdout
    with store.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    result = madoguchi("db", "current", "--database", store.url, tmp_path=tmp_path)
    assert f"revision 0002, this program needs {head_revision()}" in result.stdout
    assert "madoguchi db upgrade" in result.stdout
    history = madoguchi("db", "history", "--database", store.url, tmp_path=tmp_path)
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [step for step, _ in history_steps()]
    assert lines[0].split()[0] == "0001" and lines[-1].split()[0] == head_revision()
    assert lines[1].endswith("(current)") and lines[-1].endswith("(head)")
