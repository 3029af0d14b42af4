"""The audit log is append-only in the database itself, and every read of personal
data (the list, one application, its history, the log) leaves an entry."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.store.conftest import PASSWORD, make_draft

ROOT = Path(__file__).resolve().parents[2]


def _raw(store, statement: str) -> None:
    with store.db.engine.begin() as conn:
        conn.execute(text(statement))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'someone-else'",
        "UPDATE audit_log SET action = 'view' WHERE action = 'edit'",
        "UPDATE audit_log SET after = NULL, before = NULL, note = NULL",  # not marked
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE action = 'edit'",
    ],
)
def test_the_database_refuses_to_change_or_delete_audit_entries(store, staff, statement):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    store.edit(staff, app_id, {"applicant.name": "高橋 一郎"})
    with store.db.engine.connect() as conn:
        before = conn.execute(text("SELECT * FROM audit_log ORDER BY id")).all()
    with pytest.raises(DBAPIError, match="append-only"):
        _raw(store, statement)
    with store.db.engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM audit_log ORDER BY id")).all() == before


@pytest.mark.postgres
def test_truncate_is_refused_too(postgres_url, clock):
    from kiosk.store import Store

    store = Store(postgres_url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理者", PASSWORD, "admin")
    with pytest.raises(DBAPIError, match="append-only"):
        _raw(store, "TRUNCATE audit_log")
    store.close()


def test_anonymising_is_the_one_change_allowed(store, staff):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    store.edit(staff, app_id, {"applicant.name": "高橋 一郎"})
    _raw(
        store,
        "UPDATE audit_log SET before = NULL, after = NULL, note = NULL, anonymised = TRUE "
        f"WHERE application_id = '{app_id}'",
    )


def test_listing_history_and_the_log_itself_are_audited(store, admin, staff):
    app_id = store.submit(make_draft()).application_id
    store.list_queue(staff, search="山田")
    store.history(staff, app_id)
    store.audit_log(admin, application_id=app_id)
    entries = store.audit_log(admin)
    listing = [e for e in entries if e.action == "list"]
    assert [(e.actor, e.note) for e in listing] == [
        ("sato", "states=submitted,called,in_review; search=yes")
    ]
    assert "山田" not in str(listing)  # the search term is not kept: it is part of a name
    [history] = [e for e in entries if e.action == "view_history"]
    assert (history.actor, history.application_id) == ("sato", app_id)
    reads = [e for e in entries if e.action == "audit_read"]
    assert [(e.actor, e.note) for e in reads] == [
        ("admin", f"application={app_id}"),
        ("admin", None),
    ]


def _cli(store, tmp_path, *args, stdin: str | None):
    env = {
        **os.environ,
        "MADOGUCHI_DATABASE_URL": store.url,
        "MADOGUCHI_CONFIG": str(tmp_path / "x.toml"),
    }
    command = [sys.executable, "-c", "from ui.cli import main; main()", *args]
    return subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, input=stdin
    )


def test_export_and_purge_need_an_administrator_and_files_are_private(
    store, admin, staff, tmp_path
):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    store.start_review(staff, app_id)
    for p in store.detail(staff, app_id).summary.procedures:
        store.mark_procedure(staff, app_id, p.procedure_id)
    store.complete(staff, app_id)
    out = tmp_path / "export.json"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o644)  # an existing, readable file: it ends up private too
    since = ["--since", "2020-01-01", "--output", str(out)]
    # Only the database URL: refused (no one signed in).
    nobody = _cli(store, tmp_path, "export", *since, stdin="")
    assert nobody.returncode != 0 and out.read_text(encoding="utf-8") == "old"
    # A staff member, even with the right password: refused.
    as_staff = _cli(
        store, tmp_path, "export", *since, "--user", "sato", "--password-stdin", stdin=PASSWORD
    )
    assert as_staff.returncode != 0 and "store.permission_denied" in as_staff.stderr
    wrong = _cli(
        store,
        tmp_path,
        "db",
        "purge",
        "--days",
        "0",
        "--user",
        "admin",
        "--password-stdin",
        stdin="wrong-password\n",
    )
    assert wrong.returncode != 0 and store.detail(admin, app_id).data
    ok = _cli(
        store, tmp_path, "export", *since, "--user", "admin", "--password-stdin", stdin=PASSWORD
    )
    assert ok.returncode == 0, ok.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "山田 太郎" in out.read_text(encoding="utf-8")
    exports = [e for e in store.audit_log(admin, application_id=app_id) if e.action == "export"]
    assert [e.actor for e in exports] == ["admin"]
    csv_out = tmp_path / "new.csv"
    ok = _cli(
        store,
        tmp_path,
        "export",
        "--since",
        "2020-01-01",
        "--format",
        "csv",
        "--output",
        str(csv_out),
        "--user",
        "admin",
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert ok.returncode == 0, ok.stderr
    assert stat.S_IMODE(csv_out.stat().st_mode) == 0o600
    purge = _cli(
        store,
        tmp_path,
        "db",
        "purge",
        "--days",
        "0",
        "--user",
        "admin",
        "--password-stdin",
        stdin=PASSWORD,
    )
    assert purge.returncode == 0, purge.stderr
    [entry] = [e for e in store.audit_log(admin, application_id=app_id) if e.action == "purge"]
    assert entry.actor == "admin"
