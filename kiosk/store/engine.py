"""Engines that fail fast and sessions that translate driver errors into store errors.

SQLite: WAL (readers never block the writer), a busy timeout, foreign keys, secure
delete (purged personal data is overwritten, not left in free pages), and BEGIN
IMMEDIATE for write transactions so two terminals never deadlock upgrading a read lock.
PostgreSQL: pre-ping (a dropped connection is replaced before use) and a short connect
timeout, so a dead server fails in seconds and the kiosk can spool; lock, statement and
idle-in-transaction timeouts on every session, so a frozen terminal cannot hold others
up; TLS with verify-full to any server across a network (`tls_args`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from kiosk.clock import Clock
from kiosk.store.errors import (
    CertificateRejected,
    DatabaseAuthFailed,
    DatabaseBusy,
    DatabaseFileReplaced,
    DatabaseReadOnly,
    DatabaseRoleRefused,
    DatabaseUnavailable,
    SchemaOutdated,
)

CONNECT_TIMEOUT_SECONDS = 3
SQLITE_BUSY_TIMEOUT_MS = 15_000
_WRITE = "madoguchi_write"
#: PostgreSQL, every session: waiting for another terminal's lock, one statement, and a
#: transaction left open by a frozen terminal each end instead of blocking others.
LOCK_TIMEOUT_MS = 5_000
STATEMENT_TIMEOUT_MS = 30_000
IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000
SESSION_OPTIONS = (
    f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
    f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
)
#: Hosts where the connection never crosses a network (TLS optional there).
_LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def _json(value: Any) -> str:
    # Readable Japanese in the database (and honest searches for personal data).
    return json.dumps(value, ensure_ascii=False)


def tls_args(url: str, sslmode: str = "", sslrootcert: str = "") -> dict[str, str]:
    """libpq TLS parameters. An sslmode in the URL or the configuration wins; else
    `verify-full` (the server's certificate must chain to the root certificate and
    name the host) for any server across a network, libpq's default on this machine.
    libpq's own default, `prefer`, would fall back to plaintext and never verify."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return {}
    args: dict[str, str] = {}
    if "sslmode" not in parsed.query:
        host = parsed.host or ""
        if sslmode:
            args["sslmode"] = sslmode
        elif host not in _LOCAL_HOSTS and not host.startswith("/"):
            args["sslmode"] = "verify-full"
    if sslrootcert and "sslrootcert" not in parsed.query:
        args["sslrootcert"] = sslrootcert
    return args


def make_engine(url: str, *, sslmode: str = "", sslrootcert: str = "", **kwargs: Any) -> Engine:
    parsed = make_url(url)
    kwargs.setdefault("json_serializer", _json)
    # A driver error's message carries the statement's parameters (a resident's name)
    # into logs and tracebacks: never.
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args.update(
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            application_name="madoguchi",
            # A dead network (no FIN) is noticed in ~10 s instead of the OS's hours.
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
            options=SESSION_OPTIONS,
            **tls_args(url, sslmode, sslrootcert),
        )
    return create_engine(
        parsed, pool_pre_ping=True, pool_recycle=1800, connect_args=connect_args, **kwargs
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver's own implicit BEGIN cannot
        # be told to take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _use_wal(cursor: Any) -> None:
    """WAL is a property of the file, set once. Switching to it answers "locked" at
    once, without the busy handler, while another terminal opens the same new file;
    so try again for as long as the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


#: What libpq says when the server refused the login, and when TLS could not verify.
_AUTH_FAILED = ("password authentication failed", "no password supplied", "authentication failed")
_TLS_REFUSED = (
    "certificate verify failed",
    "does not match host name",
    "root certificate file",
    "ssl error",
    "server does not support ssl",
    "certificate",
)
_TIMED_OUT = ("lock timeout", "statement timeout", "canceling statement")
#: SQLite's SQLITE_READONLY, PostgreSQL's 25006 (read_only_sql_transaction).
_READ_ONLY = ("readonly database", "read-only transaction", "read-only database")
#: SQLSTATE 42501: no grant, a row-level policy, not the owner.
_INSUFFICIENT_PRIVILEGE = "42501"


def translate(exc: BaseException) -> BaseException:
    """The store error a driver error means, or the error itself."""
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, DBAPIError) and any(words in text for words in _READ_ONLY):
        return DatabaseReadOnly(type(exc.orig).__name__)
    if isinstance(exc, OperationalError):
        if any(words in text for words in _AUTH_FAILED):
            return DatabaseAuthFailed(type(exc.orig).__name__)
        if any(words in text for words in _TLS_REFUSED):
            return CertificateRejected(type(exc.orig).__name__)
        if any(words in text for words in _TIMED_OUT):
            return DatabaseBusy(type(exc.orig).__name__)
    if (
        isinstance(exc, DBAPIError)
        and getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE
        and "append-only" not in text  # the audit triggers' refusal: not a missing grant
    ):
        return DatabaseRoleRefused(type(exc.orig).__name__)
    if isinstance(exc, DBAPIError) and (
        "no such table" in text
        or "undefinedtable" in text
        or ("relation" in text and "does not exist" in text)
    ):
        return SchemaOutdated(type(exc.orig).__name__)
    if isinstance(exc, OperationalError):
        if "locked" in text or "busy" in text:
            return DatabaseBusy(type(exc.orig).__name__)
        return DatabaseUnavailable(type(exc.orig).__name__)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return DatabaseUnavailable(type(exc.orig).__name__)
    return exc


@dataclass(frozen=True)
class SessionPolicy:
    """How long a staff sign-in lasts: `idle_minutes` without any operation, and
    `max_hours` at most (a working day), whichever ends first."""

    idle_minutes: int = 30
    max_hours: int = 12


class Database:
    """One engine, and sessions for reading and for writing; each session carries the
    clock (`now(session)`), so every time the store writes comes from one place."""

    def __init__(
        self,
        url: str,
        *,
        clock: Clock | None = None,
        sessions: SessionPolicy | None = None,
        sslmode: str = "",
        sslrootcert: str = "",
        **engine_kwargs: Any,
    ) -> None:
        self.url = url
        self.clock = clock or Clock()
        self.sessions = sessions or SessionPolicy()
        #: libpq TLS parameters, for every connection (the watcher's too).
        self.tls: dict[str, Any] = dict(tls_args(url, sslmode, sslrootcert))
        self.engine = make_engine(url, sslmode=sslmode, sslrootcert=sslrootcert, **engine_kwargs)
        self._write_engine = self.engine.execution_options(**{_WRITE: True})
        self.dialect = self.engine.dialect.name
        self.file = sqlite_file(url)
        #: (device, inode) of `file` as first opened: a deleted or replaced file is
        #: noticed (SQLite would go on writing into the unlinked one, unseen).
        self._file_identity: tuple[int, int] | None = None

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that commits on success; takes the write lock on SQLite."""
        with self._session(self._write_engine) as session:
            yield session

    def check_file(self) -> None:
        """DatabaseFileReplaced if the SQLite file at `file` is gone or is not the one
        this store first opened. Nothing for PostgreSQL or an in-memory database."""
        if self.file is None:
            return
        try:
            found = os.stat(self.file)
        except FileNotFoundError:
            if self._file_identity is None:
                return  # not created yet: the first connection creates it
            raise DatabaseFileReplaced(str(self.file), path=str(self.file)) from None
        identity = (found.st_dev, found.st_ino)
        if self._file_identity is None:
            self._file_identity = identity
        elif identity != self._file_identity:
            raise DatabaseFileReplaced(str(self.file), path=str(self.file))

    @contextmanager
    def _session(self, engine: Engine) -> Iterator[Session]:
        self.check_file()
        try:
            with (
                Session(
                    engine,
                    expire_on_commit=False,
                    info={"clock": self.clock, "sessions": self.sessions},
                ) as session,
                session.begin(),
            ):
                yield session
        except (OperationalError, DBAPIError) as exc:
            mapped = translate(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        if self._file_identity is None:
            self.check_file()  # the file this first session opened (or created)

    def dispose(self) -> None:
        self.engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other engines and in-memory databases."""
    parsed = make_url(url)
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return None
    if name.startswith("file:"):  # a URI filename: its path part
        name = name.removeprefix("file:").split("?", 1)[0]
    return Path(name).absolute()


def policy(session: Session) -> SessionPolicy:
    """The sign-in lifetimes of the store that opened `session`."""
    sessions: SessionPolicy = session.info["sessions"]
    return sessions


def now(session: Session) -> datetime:
    """Now, by the clock of the store that opened `session`."""
    clock: Clock = session.info["clock"]
    return clock.now()
