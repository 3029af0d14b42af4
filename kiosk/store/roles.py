"""Least-privilege PostgreSQL roles, one per kind of terminal (`madoguchi db roles`).

    owner    owns the tables; `madoguchi db upgrade` runs as it (migrations only)
    kiosk    submits applications, reads back its own (by the id only it knows), records
             its print results and notes; cannot list anything, cannot read the log
    display  the lobby board: numbers, counters and states of open applications only
    staff    the staff desk: the queue, applications, history, own sessions
    admin    staff + accounts, the audit log, export, purge

The roles are group roles without a login: IT gives each terminal a login role that is
a member of its kind (docs/deployment.md). What each may do is data (`GRANTS`); row-level
security keeps a kiosk to the application it names in `madoguchi.application_id` (a
transaction-local setting `scope_to` makes) and a display to open applications.
The application-level checks (sessions, roles from the accounts table, the allowlist,
the audit triggers) apply whatever the role; SQLite (one machine) has no roles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.orm import Session

from kiosk.store.errors import StoreError
from kiosk.store.models import Base, DatabaseRole

KINDS = ("owner", "kiosk", "display", "staff", "admin")
TERMINAL_KINDS = KINDS[1:]
DEFAULT_PREFIX = "madoguchi_"
#: The transaction-local setting naming the application a kiosk works on.
SCOPE_SETTING = "madoguchi.application_id"

_STAFF: dict[str, tuple[str, ...]] = {
    "alembic_version": ("SELECT",),
    "applications": ("SELECT", "UPDATE"),
    "application_procedures": ("SELECT", "UPDATE"),
    # An edited name changes the search pieces (the ORM replaces them).
    "application_search_grams": ("SELECT", "INSERT", "DELETE"),
    "documents": ("SELECT", "INSERT", "UPDATE"),
    # Signing in counts failures and locks; a member changes their own password.
    "accounts": ("SELECT", "UPDATE (failed_attempts, locked_at, last_sign_in_at, password_hash)"),
    "staff_sessions": ("SELECT", "INSERT", "UPDATE"),
    "audit_log": ("SELECT", "INSERT"),
    "change_events": ("SELECT", "INSERT"),
    # Kept by a trigger running as the owner (migration 0008): read only.
    "queue_counts": ("SELECT",),
}

#: kind -> table -> privileges. Anything not listed is refused (REVOKE ALL first).
GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "kiosk": {
        "alembic_version": ("SELECT",),
        # Rows limited to the application in SCOPE_SETTING (row-level security).
        "applications": (
            "SELECT",
            "INSERT",
            # Its print results and notes are flags (the ORM keeps the list's columns).
            "UPDATE (flags, flag_count, glyph_open, print_count, version)",
        ),
        "application_procedures": ("SELECT", "INSERT"),
        "application_search_grams": ("INSERT",),
        "documents": ("INSERT",),
        "reception_counters": ("SELECT", "INSERT", "UPDATE (last_seq)"),
        # Adds entries, never reads them (audit.record inserts without RETURNING).
        "audit_log": ("INSERT",),
        # The new event's id goes out in the NOTIFY; events hold no personal data.
        "change_events": ("INSERT", "SELECT (id)"),
    },
    "display": {
        "alembic_version": ("SELECT",),
        "applications": (
            "SELECT (state, counter_group, reception_number, called_counter, called_at,"
            " handover_to, submitted_at, id)",
        ),
        "change_events": ("SELECT",),
    },
    "staff": _STAFF,
    "admin": {
        **_STAFF,
        "accounts": ("SELECT", "INSERT", "UPDATE"),
        "documents": ("SELECT", "INSERT", "UPDATE", "DELETE"),
        # The triggers allow only the purge's anonymising update.
        "audit_log": ("SELECT", "INSERT", "UPDATE (before, after, note, anonymised)"),
        "change_events": ("SELECT", "INSERT", "DELETE"),
    },
}

_SCOPED = f"current_setting('{SCOPE_SETTING}', true)"
#: table -> (policy, kinds, USING/WITH CHECK expression) for row-level security.
POLICIES: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "applications": (
        ("madoguchi_kiosk_own", ("kiosk",), f"id = {_SCOPED}"),
        ("madoguchi_display_open", ("display",), "state IN ('submitted', 'called')"),
        ("madoguchi_desk_all", ("staff", "admin"), "true"),
    ),
    "application_procedures": (
        ("madoguchi_kiosk_own", ("kiosk",), f"application_id = {_SCOPED}"),
        ("madoguchi_desk_all", ("staff", "admin"), "true"),
    ),
    "application_search_grams": (
        ("madoguchi_kiosk_own", ("kiosk",), f"application_id = {_SCOPED}"),
        ("madoguchi_desk_all", ("staff", "admin"), "true"),
    ),
    # A kiosk's entries are a terminal's, about its own application: it cannot forge
    # one in a staff member's name.
    "audit_log": (
        (
            "madoguchi_kiosk_own",
            ("kiosk",),
            f"actor_id IS NULL AND actor LIKE 'terminal%' AND application_id = {_SCOPED}",
        ),
        ("madoguchi_desk_all", ("staff", "admin"), "true"),
    ),
}

#: Functions the migrations create (owned by the owner like the tables).
FUNCTIONS = ("madoguchi_audit_append_only()", "madoguchi_queue_counts()")

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")


class RolesNeedPostgres(StoreError):
    """`madoguchi db roles` on SQLite: one machine's file has no database roles."""

    key = "db.roles_need_postgresql"


class RolesNeedSchema(StoreError):
    """`madoguchi db roles` before `madoguchi db upgrade`: no tables to grant."""

    key = "db.roles_need_schema"


class BadRolePrefix(StoreError):
    """A role prefix that is not a plain lower-case PostgreSQL name."""

    key = "db.bad_role_prefix"


def role_names(prefix: str = DEFAULT_PREFIX) -> dict[str, str]:
    if not _NAME.fullmatch(prefix):
        raise BadRolePrefix(f"role prefix {prefix!r}", prefix=prefix)
    return {kind: f"{prefix}{kind}" for kind in KINDS}


def scope_to(session: Session, application_id: str) -> None:
    """Let this transaction see `application_id` under the kiosk's row-level security
    (the id is random and known only to the kiosk that made it). Harmless for the other
    roles; nothing to do on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config(:name, :value, true)"),
            {"name": SCOPE_SETTING, "value": application_id},
        )


def recorded(conn: Connection) -> dict[str, str]:
    """The roles `madoguchi db roles` made for this database (empty before it ran)."""
    if conn.dialect.name != "postgresql" or not _has_table(conn, "database_roles"):
        return {}
    return {
        row.kind: row.role_name
        for row in conn.execute(select(DatabaseRole.kind, DatabaseRole.role_name))
    }


def create(conn: Connection, prefix: str = DEFAULT_PREFIX) -> dict[str, str]:
    """Create the roles if missing, hand the schema to the owner, lock the database and
    schema down, and grant (idempotent). Needs a superuser, or the database's owner with
    CREATEROLE who owns the tables. Returns kind -> role name."""
    if conn.dialect.name != "postgresql":
        raise RolesNeedPostgres(conn.dialect.name)
    if not _has_table(conn, "alembic_version"):
        raise RolesNeedSchema("no alembic_version table")
    names = role_names(prefix)
    for name in names.values():
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE ROLE "{name}" NOLOGIN'))
    owner = names["owner"]
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    everyone = ", ".join(f'"{n}"' for n in names.values())
    conn.execute(text(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC'))
    conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {everyone}'))
    conn.execute(text(f'REVOKE CREATE ON SCHEMA "{schema}" FROM PUBLIC'))
    conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO {everyone}'))
    conn.execute(text(f'GRANT CREATE ON SCHEMA "{schema}" TO "{owner}"'))
    for table in _tables(conn):
        conn.execute(text(f'ALTER TABLE "{table}" OWNER TO "{owner}"'))
    for function in FUNCTIONS:
        if conn.execute(text("SELECT to_regprocedure(:f)"), {"f": function}).scalar():
            conn.execute(text(f'ALTER FUNCTION {function} OWNER TO "{owner}"'))
    conn.execute(text("DELETE FROM database_roles"))
    conn.execute(
        insert(DatabaseRole),
        [{"kind": kind, "role_name": name} for kind, name in names.items()],
    )
    grant(conn, names)
    return names


def grant(conn: Connection, names: Mapping[str, str]) -> None:
    """Each terminal role's privileges and row-level policies on every table, from
    nothing (so a privilege taken out of GRANTS is taken away). Run by `create` and by
    every `madoguchi db upgrade` (a migration's new tables)."""
    terminals = ", ".join(f'"{names[k]}"' for k in TERMINAL_KINDS)
    for table in _tables(conn):
        conn.execute(text(f'REVOKE ALL ON TABLE "{table}" FROM PUBLIC, {terminals}'))
        sequence = _serial_sequence(conn, table)
        if sequence:
            conn.execute(text(f"REVOKE ALL ON SEQUENCE {sequence} FROM PUBLIC, {terminals}"))
        for kind in TERMINAL_KINDS:
            privileges = GRANTS[kind].get(table, ())
            for privilege in privileges:
                conn.execute(text(f'GRANT {privilege} ON TABLE "{table}" TO "{names[kind]}"'))
            if sequence and any(p.startswith("INSERT") for p in privileges):
                conn.execute(text(f'GRANT USAGE ON SEQUENCE {sequence} TO "{names[kind]}"'))
    for table, policies in POLICIES.items():
        conn.execute(text(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY'))
        for policy, kinds, condition in policies:
            to = ", ".join(f'"{names[k]}"' for k in kinds)
            conn.execute(text(f'DROP POLICY IF EXISTS {policy} ON "{table}"'))
            conn.execute(
                text(
                    f'CREATE POLICY {policy} ON "{table}" FOR ALL TO {to} '
                    f"USING ({condition}) WITH CHECK ({condition})"
                )
            )


def act_as_owner(conn: Connection) -> None:
    """Migrations run as the role that owns the schema (alembic_version's owner), so new
    tables belong to it too, when the connected user may act as it (a login that is a
    member of the owner role, or a superuser)."""
    owner = conn.execute(
        text(
            "SELECT tableowner FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
        )
    ).scalar()
    if owner is None:
        return
    may = conn.execute(
        text("SELECT current_user <> :o AND pg_has_role(current_user, :o, 'MEMBER')"),
        {"o": owner},
    ).scalar()
    if may:
        conn.execute(text(f'SET LOCAL ROLE "{owner}"'))


def may_grant(conn: Connection, names: Mapping[str, str]) -> bool:
    """Whether this connection acts as the owner (only it may grant after a migration)."""
    owner = names.get("owner")
    return bool(owner) and conn.execute(text("SELECT current_user")).scalar() == owner


def _has_table(conn: Connection, table: str) -> bool:
    return bool(conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar())


def _tables(conn: Connection) -> list[str]:
    """madoguchi's tables that exist in this database (the models' and Alembic's)."""
    wanted = [*Base.metadata.tables, "alembic_version"]
    return [t for t in wanted if _has_table(conn, t)]


def _serial_sequence(conn: Connection, table: str) -> str | None:
    if "id" not in (Base.metadata.tables[table].c if table in Base.metadata.tables else ()):
        return None
    sequence = conn.execute(
        text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f'"{table}"'}
    ).scalar()
    return str(sequence) if sequence else None
