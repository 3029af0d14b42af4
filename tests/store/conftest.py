"""Store fixtures: an upgraded Store on each engine, accounts, drafts, a cluster to stop."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from kiosk.clock import Clock
from kiosk.store import ApplicationDraft, Principal, Store
from tests.support.postgres import PostgresCluster, find_pg_bin

PASSWORD = "correct-horse"

PROCEDURES = [
    {"id": "juminhyo", "title_ja": "住民異動届", "counter": "市民課"},
    {"id": "kokuho", "title_ja": "国民健康保険 資格取得", "counter": "保険年金課"},
]


def make_draft(
    name: str = "山田 太郎",
    *,
    group: str = "A",
    procedures: list[dict[str, str]] | None = None,
    **overrides: Any,
) -> ApplicationDraft:
    values: dict[str, Any] = {
        "event_id": "move_in",
        "locale": "ja",
        "terminal_id": "kiosk-1F-01",
        "counter_group": group,
        "data": {
            "applicant": {
                "name": name,
                "name_kana": "ヤマダ タロウ",
                "address": "静岡県浜松市中区元城町103-2",
            },
            "children": [{"name": "山田 花子", "birth_date": "2019-05-01"}],
        },
        "procedures": PROCEDURES if procedures is None else procedures,
        "form_ids": ["juminido", "kokuho_shutoku"],
        "pdf": b"%PDF-1.7 test forms for " + name.encode(),
        "flags": [{"kind": "render", "text": "address did not fit"}],
        "card_used": True,
    }
    values.update(overrides)
    return ApplicationDraft(**values)


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[Store]:
    s = Store(db_url, clock=clock)
    s.upgrade()
    yield s
    s.close()


@pytest.fixture
def other_store(store: Store) -> Iterator[Store]:
    """A second terminal: its own engine and connections on the same database."""
    s = Store(store.url, clock=store.clock)
    yield s
    s.close()


@pytest.fixture
def admin(store: Store) -> Principal:
    store.create_account(None, "admin", "管理者", PASSWORD, "admin")
    return store.sign_in("admin", PASSWORD)


@pytest.fixture
def new_staff(store: Store, admin: Principal) -> Callable[[str], Principal]:
    def create(username: str) -> Principal:
        store.create_account(admin, username, username.title(), PASSWORD)
        return store.sign_in(username, PASSWORD)

    return create


@pytest.fixture
def staff(new_staff: Callable[[str], Principal]) -> Principal:
    return new_staff("sato")


@pytest.fixture
def staff2(new_staff: Callable[[str], Principal]) -> Principal:
    return new_staff("suzuki")


# -- a PostgreSQL server of our own, to stop and start again ---------------------------


class StoppableCluster:
    def __init__(self) -> None:
        self.cluster = PostgresCluster()
        self.cluster.start()
        self._options = (
            f"-p {self.cluster.port} -k {self.cluster.workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=100"
        )

    def database_url(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(self.cluster.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.cluster.url(name)

    def _pg_ctl(self, *args: str) -> None:
        bin_dir = find_pg_bin()
        assert bin_dir is not None
        data = str(self.cluster.workdir / "data")
        command = [*self.cluster._run_as(), str(bin_dir / "pg_ctl"), "-D", data, "-w", *args]
        subprocess.run(command, check=True, capture_output=True)

    def stop(self) -> None:
        """Shut the server down: every client loses its connection. ("fast", not
        "immediate": the shared cluster runs with synchronous_commit=off, and an
        immediate stop could lose the last commits, which is not what we test.)"""
        self._pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        log = str(self.cluster.workdir / "server.log")
        self._pg_ctl("-l", log, "-o", self._options, "start")


@pytest.fixture(scope="session")
def stoppable_postgres() -> Iterator[StoppableCluster]:
    cluster = StoppableCluster()
    try:
        yield cluster
    finally:
        cluster.cluster.cleanup()
