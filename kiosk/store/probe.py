"""What a database says about itself, for `madoguchi doctor`: reachable or why not, the
schema revision against this version's, and on PostgreSQL the role, TLS and the
server's clock. Read-only: nothing is created or migrated (SQLAlchemy stays in
kiosk.store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kiosk.store import migrate


@dataclass(frozen=True)
class Probe:
    reachable: bool
    #: Why not: the driver's first line; `password_refused` when that is the reason.
    error: str = ""
    password_refused: bool = False
    revision: str | None = None
    head: str | None = None
    #: The revision is one this version knows (else a newer madoguchi upgraded it).
    revision_known: bool = True
    role: str | None = None
    superuser: bool = False
    #: The roles the login is a member of (`madoguchi db roles` makes <prefix><kind>).
    member_of: tuple[str, ...] = ()
    tls: bool | None = None
    server_now: datetime | None = None


def probe(url: str, connect_timeout: int) -> Probe:
    postgres = url.startswith("postgresql")
    engine = create_engine(
        url, connect_args={"connect_timeout": connect_timeout} if postgres else {}
    )
    head = migrate.head_revision()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = migrate.current_revision(engine)
            role = tls = now = None
            superuser = False
            member_of: tuple[str, ...] = ()
            if postgres:
                role, superuser = conn.execute(
                    text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
                ).one()
                tls = bool(
                    conn.execute(
                        text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                    ).scalar()
                )
                now = conn.execute(text("SELECT now()")).scalar_one()
                member_of = tuple(
                    conn.execute(
                        text("SELECT rolname FROM pg_roles WHERE rolname <> current_user"
                             " AND pg_has_role(current_user, oid, 'MEMBER') ORDER BY rolname")
                    ).scalars()
                )  # fmt: skip
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return Probe(False, reason, "password" in reason, head=head)
    except SQLAlchemyError as exc:
        return Probe(False, str(exc), head=head)
    finally:
        engine.dispose()
    return Probe(
        True,
        revision=revision,
        head=head,
        revision_known=revision is None or migrate.knows_revision(revision),
        role=role,
        superuser=bool(superuser),
        member_of=member_of,
        tls=tls,
        server_now=now,
    )
