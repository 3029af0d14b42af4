"""Migrations build the schema from an empty database on both engines, via code and CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from kiosk.store import Store
from kiosk.store.migrate import head_revision
from kiosk.store.models import Base

ROOT = Path(__file__).resolve().parents[2]


def test_upgrade_from_empty_builds_every_table_and_matches_the_models(db_url):
    engine = create_engine(db_url)
    assert inspect(engine).get_table_names() == []
    store = Store(db_url)
    store.upgrade()
    assert store.schema_revision() == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    with engine.connect() as conn:
        # Nothing in the models that the migrations lack (or the other way round).
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    store.upgrade()  # a second run is a no-op
    assert store.schema_revision() == head_revision()
    store.close()
    engine.dispose()


def test_madoguchi_db_upgrade_command(db_url, tmp_path):
    env = {
        **os.environ,
        "MADOGUCHI_DATABASE_URL": db_url,
        "MADOGUCHI_CONFIG": str(tmp_path / "none.toml"),
    }
    command = [sys.executable, "-c", "from ui.cli import main; main()", "db", "upgrade"]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"revision {head_revision()}" in result.stdout
    engine = create_engine(db_url)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_store_on_an_empty_database_asks_for_upgrade(db_url):
    from kiosk.store import Principal, SchemaOutdated

    store = Store(db_url)
    with pytest.raises(SchemaOutdated):
        store.list_queue(Principal(1, "admin", "管理", "admin", session_token="x"))
    store.close()


def test_kiosks_starting_at_once_all_upgrade(db_url):
    import threading

    start = threading.Barrier(4)
    errors = []

    def kiosk() -> None:
        store = Store(db_url)
        start.wait()
        try:
            store.upgrade()
        except Exception as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=kiosk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    store = Store(db_url)
    assert store.schema_revision() == head_revision()
    store.close()
