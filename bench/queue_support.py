"""Databases for the queue benchmarks: a temp SQLite file and a throwaway PostgreSQL
cluster (tests/support/postgres.py), or MADOGUCHI_TEST_DATABASE_URL's server."""

from __future__ import annotations

import os
import statistics
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.store import ApplicationDraft, Store
from tests.support.postgres import PostgresCluster


@contextmanager
def databases() -> Iterator[list[tuple[str, str]]]:
    """[("sqlite", url), ("postgresql", url)], each an empty database."""
    with tempfile.TemporaryDirectory(prefix="madoguchi-bench-") as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        external = os.environ.get("MADOGUCHI_TEST_DATABASE_URL")
        cluster = None
        if external:
            server = external
        else:
            cluster = PostgresCluster()
            cluster.start()
            server = cluster.url("postgres")
        name = "bench_" + uuid.uuid4().hex[:12]
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        pg_url = make_url(server).set(database=name).render_as_string(hide_password=False)
        try:
            yield [("sqlite", sqlite_url), ("postgresql", pg_url)]
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
            if cluster is not None:
                cluster.cleanup()


def open_store(url: str) -> Store:
    store = Store(url)
    store.upgrade()
    return store


def draft(n: int, group: str = "A", terminal: str = "bench") -> ApplicationDraft:
    return ApplicationDraft(
        event_id="move_in",
        locale="ja",
        terminal_id=terminal,
        counter_group=group,
        data={"applicant": {"name": f"試験 {n:05d}", "address": "静岡県浜松市中区元城町103-2"}},
        procedures=[{"id": "juminhyo", "title_ja": "住民異動届", "counter": "市民課"}],
        form_ids=["juminido"],
        pdf=b"%PDF-1.7 " + b"0" * 2048,
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)
