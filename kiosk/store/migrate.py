"""Schema migrations (Alembic), run from code: `Store.upgrade()`, `madoguchi db upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from kiosk.store import roles

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine | None = None, url: str = "") -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["engine"] = engine
    return cfg


#: Several kiosks may start at once: the first migrates, the others wait, then find the
#: schema at head. (PostgreSQL: a transaction-scoped advisory lock; SQLite: BEGIN IMMEDIATE.)
_MIGRATION_LOCK = 0x6D61646F  # "mado"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the newest by default); a no-op when it is there."""
    with engine.execution_options(madoguchi_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            # Waiting for another terminal's migration, and a migration itself, may
            # take longer than the terminals' everyday timeouts.
            conn.execute(text("SET LOCAL lock_timeout = 0"))
            conn.execute(text("SET LOCAL statement_timeout = 0"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            roles.act_as_owner(conn)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        # The terminals' roles get what they need on tables this migration added.
        names = roles.recorded(conn)
        if names and roles.may_grant(conn, names):
            roles.grant(conn, names)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def knows_revision(revision: str) -> bool:
    """Whether `revision` is one of this version's migrations (a database upgraded by a
    newer madoguchi has one this version does not know)."""
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def history() -> list[tuple[str, str]]:
    """This version's migrations, oldest first: (revision, what it does)."""
    script = ScriptDirectory.from_config(alembic_config())
    steps = [
        (rev.revision, (rev.doc or "").strip().splitlines()[0] if rev.doc else "")
        for rev in script.walk_revisions()
    ]
    return list(reversed(steps))
