"""Least-privilege PostgreSQL roles (`madoguchi db roles`): each kind of terminal,
connected as its role, does its whole job through the store, and is refused by the
database itself on every table it must not touch."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from kiosk.store import (
    BadCredentials,
    DatabaseRoleRefused,
    QueueFilter,
    SchemaOutdated,
    Store,
    roles,
)
from kiosk.store.migrate import head_revision
from kiosk.store.purge import VacuumNeedsOwner
from kiosk.store.roles import SCOPE_SETTING, RolesNeedPostgres
from tests.store.conftest import PASSWORD, make_draft

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]

#: Tables no terminal but the desks may read.
PERSONAL = ("applications", "documents", "audit_log", "accounts", "staff_sessions")


class Terminals:
    """The roles of one test database, and a login of each kind (trust auth)."""

    def __init__(self, store: Store) -> None:
        self.owner_store = store
        self.prefix = "t" + uuid.uuid4().hex[:8] + "_"
        self.names = store.create_roles(self.prefix)
        self.logins: dict[str, str] = {}
        self._stores: list[Store] = []
        admin = create_engine(store.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for kind, group in self.names.items():
                login = f"{self.prefix}{kind}_login"
                conn.execute(text(f'CREATE ROLE "{login}" LOGIN IN ROLE "{group}"'))
                self.logins[kind] = login
        admin.dispose()

    def url(self, kind: str) -> str:
        url = make_url(self.owner_store.url).set(username=self.logins[kind])
        return url.render_as_string(hide_password=False)

    def store(self, kind: str) -> Store:
        s = Store(self.url(kind), clock=self.owner_store.clock)
        self._stores.append(s)
        return s

    def sql(
        self, kind: str, statement: str, scope: str | None = None, **params: object
    ) -> list[tuple[object, ...]]:
        """One statement as `kind`, committed; the rows it returned. `scope`: the
        application the transaction names first, as the store does for a kiosk."""
        engine = create_engine(self.url(kind))
        try:
            with engine.begin() as conn:
                if scope is not None:
                    conn.execute(
                        text(f"SELECT set_config('{SCOPE_SETTING}', :s, true)"), {"s": scope}
                    )
                result = conn.execute(text(statement), params)
                return [tuple(r) for r in result] if result.returns_rows else []
        finally:
            engine.dispose()

    def refused(
        self, kind: str, statement: str, scope: str | None = None, **params: object
    ) -> bool:
        """The database refuses the statement for lack of privilege (or policy)."""
        try:
            self.sql(kind, statement, scope, **params)
        except DBAPIError as exc:
            # insufficient_privilege: no grant, not the owner, a row-level policy, and
            # the audit triggers' refusals.
            return getattr(exc.orig, "sqlstate", "") == "42501"
        return False

    def cleanup(self) -> None:
        for s in self._stores:
            s.close()
        drop_roles(self.owner_store.url, [*self.logins.values(), *self.names.values()])


def drop_roles(url: str, names: list[str]) -> None:
    """Roles are the server's, not the test database's: give back what they own there."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    me = make_url(url).username
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'REASSIGN OWNED BY "{name}" TO "{me}"'))
            conn.execute(text(f'DROP OWNED BY "{name}"'))
        for name in names:
            conn.execute(text(f'DROP ROLE "{name}"'))
    admin.dispose()


@pytest.fixture
def db_url(postgres_url: str) -> str:
    """Roles are PostgreSQL's: the store fixtures on PostgreSQL only."""
    return postgres_url


@pytest.fixture
def terminals(store: Store) -> Iterator[Terminals]:
    t = Terminals(store)
    yield t
    t.cleanup()


def test_db_roles_makes_five_roles_owning_and_granting_and_can_run_again(terminals):
    names = terminals.names
    assert sorted(names) == ["admin", "display", "kiosk", "owner", "staff"]
    again = terminals.owner_store.create_roles(terminals.prefix)  # idempotent
    assert again == names
    owners = {
        row[0]
        for row in terminals.sql(
            "owner",
            "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'",
        )
    }
    assert owners == {names["owner"]}
    # Nobody may log in as the group roles themselves, and none is a superuser.
    flags = terminals.sql(
        "owner",
        "SELECT rolname, rolcanlogin, rolsuper, rolcreaterole FROM pg_roles "
        "WHERE rolname = ANY(:names)",
        names=list(names.values()),
    )
    assert len(flags) == 5 and all(row[1:] == (False, False, False) for row in flags)


def test_a_kiosk_submits_and_sees_only_its_own_application(terminals, store):
    other = store.submit(make_draft("他人 次郎", terminal_id="kiosk-2F-01"))
    kiosk = terminals.store("kiosk")
    kiosk.prepare_terminal()  # checks the revision, migrates nothing
    draft = make_draft()
    first = kiosk.submit(draft)
    assert first.reception_number == "A-002"
    again = kiosk.submit(draft)  # a spool flush of the same application
    assert again.already_stored and again.reception_number == first.reception_number
    kiosk.record_print_result(first.application_id, "ticket", ok=False, detail="paper out")
    kiosk.record_print_result(first.application_id, "forms", ok=True)
    kiosk.record_terminal_note(first.application_id, "kiosk.card_left", terminal_id="kiosk-1F-01")

    # The other kiosk's application, and every list, are invisible or refused.
    assert terminals.sql("kiosk", "SELECT id FROM applications") == []
    assert (
        terminals.sql("kiosk", "SELECT id FROM applications WHERE id = :i", i=other.application_id)
        == []
    )
    assert terminals.sql("kiosk", "SELECT count(*) FROM application_procedures") == [(0,)]
    for table in ("documents", "audit_log", "accounts", "staff_sessions"):
        assert terminals.refused("kiosk", f"SELECT * FROM {table}"), table
    assert terminals.refused("kiosk", "SELECT kind, application_id FROM change_events")
    assert terminals.refused("kiosk", "UPDATE audit_log SET note = 'x'")
    # Nor can it write an entry in someone else's name, or about another application.
    forged = (
        "INSERT INTO audit_log (at, actor_id, actor, action, application_id, anonymised)"
        " VALUES (now(), :who, :actor, 'complete', :i, false)"
    )
    mine = {"scope": first.application_id, "i": first.application_id}
    assert terminals.refused("kiosk", forged, **mine, who=1, actor="admin")
    assert terminals.refused("kiosk", forged, **mine, who=None, actor="admin")
    theirs = {"scope": first.application_id, "i": other.application_id}
    assert terminals.refused("kiosk", forged, **theirs, who=None, actor="terminal:kiosk-1F-01")
    terminals.sql("kiosk", forged, **mine, who=None, actor="terminal:kiosk-1F-01")  # its own
    assert terminals.refused("kiosk", "DELETE FROM audit_log")
    assert terminals.refused("kiosk", "TRUNCATE audit_log")
    assert terminals.refused("kiosk", "DELETE FROM applications")
    assert terminals.refused("kiosk", "UPDATE applications SET data = '{}'")
    assert terminals.refused("kiosk", "UPDATE accounts SET role = 'admin'")
    assert terminals.refused("kiosk", "CREATE TABLE loot (x int)")
    assert terminals.refused("kiosk", "DROP TABLE audit_log")
    # What the kiosk did is there, as the desks see it.
    desk = store.lobby_board()
    assert desk.waiting == 2
    trail = terminals.sql(
        "owner",
        "SELECT action FROM audit_log WHERE application_id = :i ORDER BY id",
        i=first.application_id,
    )
    assert [a for (a,) in trail] == ["submit", "print_failed", "print", "kiosk_note", "complete"]


def test_the_display_sees_the_board_and_nothing_else(terminals, store, staff):
    for name in ("山田 太郎", "鈴木 一郎", "田中 花子"):
        store.submit(make_draft(name))
    sato = store.sign_in("sato", PASSWORD)
    called = store.call_next(sato, "窓口1")
    assert called is not None
    store.start_review(sato, called.application_id)
    store.release(sato, called.application_id)
    store.call_next(sato, "窓口2")

    display = terminals.store("display")
    display.prepare_terminal()
    assert display.lobby_board() == store.lobby_board()
    board = display.lobby_board()
    assert [n.reception_number for n in board.calling] == ["A-001"] and board.waiting == 2

    assert terminals.refused("display", "SELECT display_name FROM applications")
    assert terminals.refused("display", "SELECT data FROM applications")
    assert terminals.refused("display", "SELECT * FROM applications")
    for table in (*PERSONAL[1:], "application_procedures", "reception_counters"):
        assert terminals.refused("display", f"SELECT * FROM {table}"), table
    for statement in (
        "INSERT INTO change_events (at, kind) VALUES (now(), 'x')",
        "UPDATE applications SET called_counter = 'x'",
        "DELETE FROM change_events",
    ):
        assert terminals.refused("display", statement), statement


def test_the_display_hears_changes_as_its_role(terminals, store):
    display = terminals.store("display")
    with display.watch(poll_interval=0.05) as watcher:
        assert watcher.ready.wait(30)
        submitted = terminals.store("kiosk").submit(make_draft())
        event = watcher.events.get(timeout=30)
    assert getattr(event, "application_id", None) == submitted.application_id


def test_the_staff_desk_works_as_its_role_and_cannot_raise_itself(terminals, store, staff):
    submitted = terminals.store("kiosk").submit(make_draft())
    desk = terminals.store("staff")
    desk.prepare_terminal()
    with pytest.raises(BadCredentials):
        desk.sign_in("sato", "wrong")
    me = desk.sign_in("sato", PASSWORD)
    assert [i.reception_number for i in desk.list_queue(me, QueueFilter())] == ["A-001"]
    assert desk.count_queue(me) == 1
    item = desk.call_next(me, "窓口1")
    assert item is not None and item.application_id == submitted.application_id
    desk.recall(me, item.application_id)
    desk.start_review(me, item.application_id)
    detail = desk.detail(me, item.application_id)
    assert detail.data["applicant"]["name"] == "山田 太郎"
    assert desk.pdf(me, item.application_id).startswith(b"%PDF")
    desk.edit(me, item.application_id, {"applicant.address": "静岡県浜松市中区元城町103-3"})
    desk.edit(me, item.application_id, {"applicant.name": "山田 太朗"})  # new search pieces
    assert desk.count_queue(me, QueueFilter(search="太朗", states=())) == 1
    desk.edit(me, item.application_id, {"applicant.name": "山田 太郎"})
    desk.set_glyph_check(me, item.application_id, "applicant.name", note="髙")
    desk.replace_pdf(me, item.application_id, b"%PDF-1.7 corrected")
    desk.record_reprint(me, item.application_id)
    for procedure in ("juminhyo", "kokuho"):
        desk.mark_procedure(me, item.application_id, procedure)
    desk.complete(me, item.application_id)
    assert [e.action for e in desk.history(me, item.application_id)][:2] == ["submit", "call"]
    desk.set_password(me, me.account_id, "another-horse-battery")
    desk.sign_out(me)

    for statement in (
        "UPDATE accounts SET role = 'admin'",
        "UPDATE accounts SET active = false",
        "INSERT INTO accounts (username, display_name, role, password_hash, active,"
        " failed_attempts, created_at) VALUES ('evil', 'e', 'admin', 'x', true, 0, now())",
        "UPDATE audit_log SET note = NULL, before = NULL, after = NULL, anonymised = true",
        "DELETE FROM audit_log",
        "DELETE FROM applications",
        "DELETE FROM documents",
        "INSERT INTO applications (id) VALUES ('x')",
        "UPDATE reception_counters SET last_seq = 0",
        "CREATE TABLE loot (x int)",
        # The counts are kept by the triggers alone (they run as the owner).
        "UPDATE queue_counts SET n = 0",
        "INSERT INTO queue_counts (state, counter_group, n) VALUES ('submitted', 'Z', 9)",
    ):
        assert terminals.refused("staff", statement), statement
    assert terminals.refused("kiosk", "SELECT n FROM queue_counts")
    assert terminals.refused("display", "SELECT n FROM queue_counts")


def test_the_admin_desk_works_as_its_role_and_the_log_stays_append_only(
    terminals, store, staff, clock
):
    from datetime import timedelta

    admin_store = terminals.store("admin")
    admin = admin_store.sign_in("admin", PASSWORD)
    created = admin_store.create_account(admin, "tanaka", "田中", PASSWORD)
    assert {a.username for a in admin_store.list_accounts(admin)} == {"admin", "sato", "tanaka"}
    admin_store.update_account(admin, created.account_id, display_name="田中 一")
    assert admin_store.revoke_sessions(admin, created.account_id) == 0
    submitted = terminals.store("kiosk").submit(make_draft())
    item = admin_store.call(admin, submitted.application_id, "窓口1")
    admin_store.cancel(admin, item.application_id, "重複")
    assert admin_store.audit_log(admin, item.application_id)
    assert admin_store.export_completed(admin, clock.now() - timedelta(days=1)) == []
    report = admin_store.purge(admin, 0, now=clock.now() + timedelta(days=1))
    assert report.applications == 1 and report.audit_entries >= 3
    # VACUUM FULL by anyone but the owner would warn and do nothing: refused instead.
    with pytest.raises(VacuumNeedsOwner):
        admin_store.rewrite_files(admin)
    owner_store = terminals.store("owner")
    owner_store.rewrite_files(owner_store.sign_in("admin", PASSWORD))

    assert terminals.refused("admin", "UPDATE audit_log SET actor = 'nobody'")
    assert terminals.refused("admin", "DELETE FROM audit_log")
    assert terminals.refused("admin", "TRUNCATE audit_log")
    assert terminals.refused("admin", "DROP TABLE audit_log")
    assert terminals.refused("admin", "ALTER TABLE audit_log DISABLE TRIGGER USER")


def test_only_the_owner_migrates_and_terminals_report_an_outdated_schema(terminals, store):
    for kind in ("kiosk", "display", "staff", "admin"):
        assert terminals.refused(kind, "CREATE TABLE newer (x int)"), kind
        assert terminals.refused(kind, "ALTER TABLE applications ADD COLUMN x int"), kind
    # The database is one revision behind this program.
    terminals.sql("owner", "UPDATE alembic_version SET version_num = '0002'")
    for kind in ("kiosk", "display", "staff"):
        with pytest.raises(SchemaOutdated) as caught:
            terminals.store(kind).prepare_terminal()
        assert caught.value.params == {"current": "0002", "needed": head_revision()}
    assert terminals.sql("owner", "SELECT version_num FROM alembic_version") == [("0002",)]


def test_db_upgrade_as_the_owner_keeps_new_tables_owned_and_granted(terminals, store):
    owner_role, kiosk_role = terminals.names["owner"], terminals.names["kiosk"]
    owner = terminals.store("owner")
    # A migration run by the owner's login creates its tables as the owner role.
    terminals.sql("owner", "DROP TABLE database_roles")  # as if 0004 had not run yet
    # ... nor what came after it (0005, 0006: columns; 0007: the search pieces' table;
    # 0008: the counts, their triggers and function).
    terminals.sql("owner", "DROP TABLE application_search_grams")
    terminals.sql("owner", "DROP TABLE queue_counts")
    terminals.sql("owner", "DROP FUNCTION madoguchi_queue_counts() CASCADE")
    terminals.sql(
        "owner",
        "ALTER TABLE application_procedures DROP COLUMN handed_off_at, "
        "DROP COLUMN handed_off_by, DROP COLUMN handed_off_via",
    )
    terminals.sql(
        "owner",
        "ALTER TABLE applications DROP COLUMN handover_to, DROP COLUMN handover_from, "
        "DROP COLUMN handed_over_at",
    )
    terminals.sql("owner", "UPDATE alembic_version SET version_num = '0003'")
    owner.upgrade()
    assert owner.schema_revision() == head_revision()
    tables = "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
    assert terminals.sql("owner", tables) == [(owner_role,)]
    store.create_roles(terminals.prefix)  # records the roles again
    # Every upgrade grants the terminals what they need on every table (a privilege
    # taken away stands for a new table they lack).
    terminals.sql("owner", f'REVOKE INSERT ON audit_log FROM "{kiosk_role}"')
    with pytest.raises(DatabaseRoleRefused):  # clear words, and the kiosk spools
        terminals.store("kiosk").submit(make_draft())
    owner.upgrade()
    assert terminals.store("kiosk").submit(make_draft()).reception_number == "A-002"
    # A superuser's upgrade acts as the owner as well.
    terminals.sql("owner", f'REVOKE INSERT ON audit_log FROM "{kiosk_role}"')
    store.upgrade()
    assert terminals.store("kiosk").submit(make_draft("鈴木 一郎")).reception_number == "A-003"
    assert terminals.sql("owner", tables) == [(owner_role,)]


def test_db_roles_on_sqlite_says_it_is_for_postgresql(sqlite_url, tmp_path):
    store = Store(sqlite_url)
    store.upgrade()
    with pytest.raises(RolesNeedPostgres):
        store.create_roles()
    store.close()
    nowhere = tmp_path / "none.sqlite3"
    with pytest.raises(RolesNeedPostgres):
        Store(f"sqlite:///{nowhere}").create_roles()
    assert not nowhere.exists()  # said so without creating a file


def test_madoguchi_db_roles_command(store, tmp_path):
    prefix = "c" + uuid.uuid4().hex[:8] + "_"
    env = {**os.environ, "MADOGUCHI_CONFIG": str(tmp_path / "none.toml")}
    command = [
        sys.executable,
        "-c",
        "from ui.cli import main; main()",
        "db",
        "roles",
        "--database",
        store.url,
        "--prefix",
        prefix,
    ]
    try:
        for _ in range(2):  # idempotent
            result = subprocess.run(
                command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 0, result.stderr
            assert f"kiosk    {prefix}kiosk" in result.stdout
    finally:
        drop_roles(store.url, [f"{prefix}{k}" for k in roles.KINDS])


@pytest.fixture
def drill_url(terminals, postgres_server) -> Iterator[str]:
    """An empty database for a restore drill (dropped before the roles are)."""
    name = "d_" + uuid.uuid4().hex[:16]
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_restore_drill_brings_back_the_roles_grants_and_policies(
    terminals, store, drill_url, tmp_path
):
    """The owner backs up; a restore into a new database on the same server has the same
    owner, grants and row-level policies: the kiosk works there and still sees nothing."""
    store.submit(make_draft("他人 次郎"))
    dump = tmp_path / "madoguchi.backup"
    terminals.store("owner").backup(dump)
    restored = Store(drill_url, clock=store.clock)
    restored.restore_into(dump)
    assert restored.schema_revision() == head_revision()
    restored.create_roles(terminals.prefix)  # the database-level grants, once more
    restored.close()
    kiosk_url = make_url(drill_url).set(username=terminals.logins["kiosk"])
    kiosk = Store(kiosk_url.render_as_string(hide_password=False), clock=store.clock)
    try:
        kiosk.prepare_terminal()
        assert kiosk.submit(make_draft()).reception_number == "A-002"
    finally:
        kiosk.close()
    engine = create_engine(kiosk_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT id FROM applications")).all() == []
            with pytest.raises(DBAPIError):
                conn.execute(text("SELECT * FROM audit_log"))
    finally:
        engine.dispose()


def test_doctor_names_a_login_in_the_wrong_role_or_in_none(terminals):
    """`madoguchi doctor` on a terminal: its login in its own role is ok; in another
    terminal's role it fails; in none (only hand-made grants) it warns."""
    from kiosk.config import Config
    from kiosk.doctor import check_database

    def role_finding(terminal: str, url: str) -> tuple[str, str]:
        found = [f for f in check_database(Config(), terminal, url)
                 if f.key.startswith("doctor.database.") and "role" in f.key]  # fmt: skip
        assert len(found) == 1, list(check_database(Config(), terminal, url))
        return found[0].status, found[0].key

    assert role_finding("kiosk", terminals.url("kiosk")) == ("ok", "doctor.database.role")
    assert role_finding("staff", terminals.url("kiosk")) == ("fail", "doctor.database.wrong_role")
    assert role_finding("display", terminals.url("display")) == ("ok", "doctor.database.role")
    bare = f"{terminals.prefix}bare_login"
    admin = create_engine(terminals.owner_store.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{bare}" LOGIN'))
        database = make_url(terminals.owner_store.url).database
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO "{bare}"'))  # by hand
    admin.dispose()
    terminals.sql("owner", f'GRANT SELECT ON alembic_version TO "{bare}"')
    try:
        url = make_url(terminals.owner_store.url).set(username=bare)
        assert role_finding("kiosk", url.render_as_string(hide_password=False)) == (
            "warn", "doctor.database.no_terminal_role")  # fmt: skip
    finally:
        drop_roles(terminals.owner_store.url, [bare])
