"""Retention: purge leaves no personal data anywhere, but keeps statistics and an
anonymised audit trail."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from kiosk.store.models import Application, AuditEntry, SearchGram
from tests.store.conftest import PASSWORD, make_draft

ROOT = Path(__file__).resolve().parents[2]
# Distinctive values that must vanish: name, kana, address, child, edit, reason, flags.
SECRETS = [
    "鈴木 𠮷乃",
    "スズキ ヨシノ",
    "浜松市中区元城町",
    "鈴木 一郎",
    "鈴木 よしの",
    "転居先不明",
    "家族の事情で",
]


def _draft():
    draft = make_draft("鈴木 𠮷乃")
    draft.data["applicant"].update(name_kana="スズキ ヨシノ", address="静岡県浜松市中区元城町103-2")
    draft.data["children"][0]["name"] = "鈴木 一郎"
    draft.flags = [{"kind": "render", "text": "転居先不明"}]
    return draft


def _all_text(store) -> str:
    """Every value of every column of every table, as text."""
    chunks = []
    with store.db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("utf-8", "replace"))
                    elif isinstance(value, dict | list):
                        chunks.append(json.dumps(value, ensure_ascii=False))
                    elif value is not None:
                        chunks.append(str(value))
    return "\n".join(chunks)


def _handle(store, staff, app_id, *, complete: bool):
    store.call(staff, app_id, "1番")
    store.detail(staff, app_id)
    store.edit(staff, app_id, {"applicant.name": "鈴木 よしの"})
    if complete:
        store.start_review(staff, app_id)
        for p in ("juminhyo", "kokuho"):
            store.mark_procedure(staff, app_id, p)
        store.complete(staff, app_id)
    else:
        store.cancel(staff, app_id, "家族の事情で")


def test_purge_removes_personal_data_from_every_table(store, staff, admin):
    done = store.submit(_draft()).application_id
    cancelled = store.submit(_draft()).application_id
    still_open = make_draft("開いている 申請")
    still_open.data["applicant"]["address"] = "東京都千代田区"
    store.submit(still_open)
    _handle(store, staff, done, complete=True)
    _handle(store, staff, cancelled, complete=False)
    before = _all_text(store)
    assert all(secret in before for secret in SECRETS)

    report = store.purge(admin, 30, now=store.clock.now() + timedelta(days=31))
    assert report.applications == 2

    after = _all_text(store)
    leaked = [s for s in SECRETS if s in after]
    assert leaked == []
    assert "開いている 申請" in after  # an open application is never purged
    with store.db.read() as session:  # the search box's pieces of names: the open one's only
        pieces = session.execute(select(SearchGram.gram, SearchGram.application_id)).all()
    assert {app for _, app in pieces} == {store.list_queue(admin)[0].application_id}
    if store.dialect == "sqlite":
        # Nor in the database files themselves (secure_delete, WAL checkpoint).
        raw = b"".join(Path(p).read_bytes() for p in glob.glob(store.db.engine.url.database + "*"))
        assert [s for s in SECRETS if s.encode() in raw] == []

    # What stays: numbers, procedures and times for statistics, and who did what.
    rows = store.stats(store.clock.now() - timedelta(days=1), store.clock.now() + timedelta(days=1))
    assert sum(r.completed for r in rows) == 2  # both procedures of the completed one
    trail = store.audit_log(admin, application_id=done)
    assert [r.action for r in trail][:6] == [
        "submit",
        "call",
        "view",
        "edit",
        "start_review",
        "procedure_done",
    ]
    assert trail[-1].action == "purge"
    assert all(r.before is None and r.after is None and r.note is None for r in trail)
    with store.db.read() as session:
        app = session.get(Application, done)
        assert app.purged_at is not None and app.data == {} and app.reception_number == "A-001"
        assert session.scalars(
            select(AuditEntry.anonymised).where(AuditEntry.application_id == done)
        ).all()


def test_purge_keeps_recent_applications(store, staff, admin):
    app_id = store.submit(_draft()).application_id
    _handle(store, staff, app_id, complete=True)
    assert store.purge(admin, 30).applications == 0
    assert "鈴木 𠮷乃" in _all_text(store)


def test_madoguchi_db_purge_command(store, staff, tmp_path):
    app_id = store.submit(_draft()).application_id
    _handle(store, staff, app_id, complete=False)
    env = {
        **os.environ,
        "MADOGUCHI_DATABASE_URL": store.url,
        "MADOGUCHI_CONFIG": str(tmp_path / "x.toml"),
    }
    command = [
        sys.executable,
        "-c",
        "from ui.cli import main; main()",
        "db",
        "purge",
        "--days",
        "0",
        "--user",
        "admin",
        "--password-stdin",
    ]
    result = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input=PASSWORD + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert "purged 1 application(s)" in result.stdout
    assert [s for s in SECRETS if s in _all_text(store)] == []


def _data_files_hold(store, secret: str) -> bool:
    """Whether the on-disk files of the personal tables hold `secret` (after a
    checkpoint, so what is in shared buffers is on disk too)."""
    with store.db.engine.connect() as conn:
        conn.execute(text("CHECKPOINT"))
        root = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        files = [
            conn.execute(text(f"SELECT pg_relation_filepath('{t}')")).scalar_one()
            for t in ("applications", "documents", "audit_log")
        ]
    needle = secret.encode("utf-8")
    return any(
        needle in Path(p).read_bytes()
        for f in files
        for p in glob.glob(str(root / f) + "*")
        if Path(p).is_file()
    )


@pytest.mark.postgres
def test_vacuum_full_takes_purged_names_out_of_the_data_files(postgres_url, clock):
    from kiosk.store import Store
    from tests.store.conftest import PASSWORD as PW

    store = Store(postgres_url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理者", PW, "admin")
    admin = store.sign_in("admin", PW)
    app_id = store.submit(_draft()).application_id
    _handle(store, admin, app_id, complete=True)
    store.purge(admin, 0, now=store.clock.now() + timedelta(days=1))
    assert "鈴木 𠮷乃" not in _all_text(store)
    assert _data_files_hold(store, "鈴木 𠮷乃")  # VACUUM alone would leave it there
    store.rewrite_files(admin)
    assert not _data_files_hold(store, "鈴木 𠮷乃")
    assert "vacuum_full" in [e.action for e in store.audit_log(admin)]
    store.close()
