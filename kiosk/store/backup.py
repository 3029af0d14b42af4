"""Backups and restores (`madoguchi db backup` / `db restore`).

PostgreSQL: `pg_dump --format=custom` (the whole database, with owners, grants and
row-level policies), restored by `pg_restore` in one transaction. SQLite: the SQLite
backup API (a consistent copy while terminals write; a file copy could catch a page
half-written or miss the WAL). A backup holds residents' personal data: it is written
0600, to a temporary name renamed only once complete, so a failed backup never leaves a
file that looks whole. A restore goes into a new, empty database only. The tools run
as argument lists, never through a shell (bandit B404/B603 reviewed).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess  # nosec B404
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from kiosk.store.engine import make_engine, sqlite_file, translate
from kiosk.store.errors import StoreError
from kiosk.store.urls import location

#: The first bytes of each kind of backup file.
_PG_MAGIC = b"PGDMP"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupFailed(StoreError):
    """pg_dump / pg_restore / SQLite said no; `reason` is their first line."""

    key = "db.backup_failed"


class ToolMissing(StoreError):
    """pg_dump or pg_restore is not installed (PostgreSQL's client programs)."""

    key = "db.tool_missing"


class RestoreTargetNotEmpty(StoreError):
    """A restore only goes into a new, empty database (nothing is overwritten)."""

    key = "db.restore_target_not_empty"


class WrongBackupKind(StoreError):
    """A PostgreSQL dump for an SQLite database or the other way round, or no backup."""

    key = "db.wrong_backup_kind"


def backup(url: str, output: Path, tls: Mapping[str, str] | None = None) -> None:
    """A complete copy of the database at `url` in `output` (0600); `tls`: the libpq
    parameters the store connects with (`Database.tls`)."""
    parsed = make_url(url)
    with _private_file(output) as partial:
        if parsed.get_backend_name() == "sqlite":
            _sqlite_copy(_sqlite_path(parsed), partial)
        else:
            with partial.open("r+b") as fh:
                _run(
                    "pg_dump",
                    ["--format=custom", "--dbname", _libpq_uri(parsed)],
                    parsed,
                    tls or {},
                    stdout=fh,
                )


def restore(source: Path, url: str, tls: Mapping[str, str] | None = None) -> None:
    """`source` (a `backup`) into the new, empty database at `url`."""
    parsed = make_url(url)
    with source.open("rb") as fh:
        head = fh.read(len(_SQLITE_MAGIC))
    sqlite = parsed.get_backend_name() == "sqlite"
    if not head.startswith(_SQLITE_MAGIC if sqlite else _PG_MAGIC):
        raise WrongBackupKind(str(source), file=str(source), engine=parsed.get_backend_name())
    _require_empty(url, tls or {})
    if sqlite:
        target = _sqlite_path(parsed)
        with _private_file(target) as partial:
            _sqlite_copy(source, partial)
        return
    _run(
        "pg_restore",
        ["--exit-on-error", "--single-transaction", "--dbname", _libpq_uri(parsed), str(source)],
        parsed,
        tls or {},
    )


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH (Debian's wrapper picks the right version), else
    the newest installed server's (Debian, and Windows' default install folder)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}") + glob.glob(
        f"C:/Program Files/PostgreSQL/*/bin/{name}.exe"
    )
    if not candidates:
        raise ToolMissing(name, tool=name)
    return max(candidates, key=lambda p: int(Path(p).parent.parent.name))


def _run(
    tool: str,
    args: list[str],
    parsed: URL,
    tls: Mapping[str, str],
    *,
    stdout: IO[bytes] | None = None,
) -> None:
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)  # never on the command line (ps shows it)
    for key, value in tls.items():
        env[f"PG{key.upper()}"] = value
    # a fixed tool found by pg_tool, an argument list (B603 reviewed)
    result = subprocess.run(  # nosec B603
        [pg_tool(tool), *args],
        env=env,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0] if lines else f"exit status {result.returncode}"
        raise BackupFailed(reason, tool=tool, reason=reason)


def _libpq_uri(parsed: URL) -> str:
    """The URL as libpq writes it, without the password (that goes in PGPASSWORD)."""
    uri = parsed.set(drivername="postgresql", password=None)
    return uri.render_as_string(hide_password=False)


def _sqlite_path(parsed: URL) -> Path:
    path = sqlite_file(parsed.render_as_string(hide_password=False))
    if path is None:
        raise WrongBackupKind("in-memory SQLite", file=":memory:", engine="sqlite")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                # One file, no -wal beside it: the backup stands alone.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupFailed(str(exc), tool="sqlite3", reason=str(exc)) from None


def _require_empty(url: str, tls: Mapping[str, str]) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_path(parsed)
        if path.exists() and path.stat().st_size > 0:
            raise RestoreTargetNotEmpty(str(path), where=str(path))
        return
    engine = make_engine(
        url, sslmode=tls.get("sslmode", ""), sslrootcert=tls.get("sslrootcert", "")
    )
    try:
        tables = inspect(engine).get_table_names()
    except DBAPIError as exc:
        raise translate(exc) from exc
    finally:
        engine.dispose()
    if tables:
        raise RestoreTargetNotEmpty(location(url), where=location(url))


@contextmanager
def _private_file(final: Path) -> Iterator[Path]:
    """A new 0600 file beside `final`, renamed to it when the block succeeds and removed
    when it fails."""
    partial = final.with_name(final.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        yield partial
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
