"""The kiosk's outbox: every application is on disk before the kiosk talks to the
database, and leaves the disk only once the database has it.

    reference = spool.begin(draft)    # durable now (fsync): "S-3F9A0C"
    store.submit(draft)               # the database has it ...
    spool.delivered(draft.uuid)       # ... and only then the file goes
    spool.release(draft.uuid)
    report = spool.flush(store)       # at start, and while the database was away

`save` writes one file per application atomically (temp file, fsync, rename, fsync of
the directory; mode 0600), encrypted with AES-GCM under a key kept in a 0600 file
outside the spool directory (`<spool>.key` beside it): a stolen disk image or a copied
spool directory shows no resident's data. `flush` submits each file and only then
deletes it; the store is idempotent on the application's UUID, so a crash anywhere
(kill -9, power cut) neither loses an application that reached the disk nor stores
one twice. A file that cannot be read (damaged, another key, refused by the store)
is quarantined in rejected/ without stopping the others, and rejected/ is emptied by
the retention period (`purge_rejected`).
"""

from __future__ import annotations

import binascii
import contextlib
import errno
import json
import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # cryptography is imported when the spool is first read or written, not at the
    # kiosk's start (tests/kiosk/test_startup_imports.py).
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.background import BackgroundLoop
from kiosk.clock import Clock
from kiosk.store.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    InvalidDraft,
    SchemaOutdated,
    SpoolError,
    SpoolFull,
)
from kiosk.store.records import ApplicationDraft, Submission

if TYPE_CHECKING:
    from kiosk.store.store import Store

log = logging.getLogger(__name__)

FORMAT = "madoguchi.spool"
VERSION = 2
SUFFIX = ".spool"
#: Version 1 files (plaintext JSON) from before encryption: still read, then removed.
LEGACY_SUFFIX = ".spool.json"
#: Encrypted file: MAGIC, a 12-byte nonce, then AES-GCM(JSON body) with the file's
#: UUID as associated data (a file renamed to another application does not open).
MAGIC = b"MDGSPOOL2\n"
NONCE_BYTES = 12
#: Files that can never be submitted (unreadable, or refused by the store) move here
#: until the retention period has passed.
REJECTED = "rejected"
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def reference_for(application_uuid: str) -> str:
    """Short, resident-facing reference derived from the application's UUID."""
    return "S-" + application_uuid.replace("-", "")[:6].upper()


@dataclass(frozen=True)
class SpooledApplication:
    reference: str
    uuid: str
    saved_at: datetime
    path: Path


@dataclass
class FlushReport:
    submitted: list[tuple[str, Submission]] = field(default_factory=list)
    #: (reference or file name, error key) of files moved to rejected/.
    rejected: list[tuple[str, str]] = field(default_factory=list)
    #: Files still waiting (the database went away again mid-flush).
    remaining: int = 0


class _Damaged(Exception):
    """A spool file that cannot be used as it is (the reason is the message)."""


class Spool:
    def __init__(
        self, directory: Path | str, clock: Clock | None = None, key_file: Path | str | None = None
    ) -> None:
        self.directory = Path(directory)
        self.clock = clock or Clock()
        #: Outside the spool directory: copying the spool alone gives nothing away.
        self.key_file = (
            Path(key_file) if key_file else self.directory.with_name(self.directory.name + ".key")
        )
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        #: UUIDs the kiosk is handing over right now: the background flush leaves them.
        self._in_flight: set[str] = set()
        self._aead: AESGCM | None = None

    # -- the key ------------------------------------------------------------------

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            self._aead = AESGCM(_load_or_create_key(self.key_file))
        return self._aead

    # -- saving -----------------------------------------------------------------

    def save(self, draft: ApplicationDraft) -> str:
        """Keep `draft` on disk (encrypted, durable); returns the local reference.

        Raises SpoolFull when the disk is full, SpoolError when it cannot be written,
        InvalidDraft when the draft has no proper UUID.
        """
        name = _file_uuid(draft.uuid)
        reference = draft.spool_ref or reference_for(name)
        body = {
            "format": FORMAT,
            "version": VERSION,
            "saved_at": self.clock.now().isoformat(),
            "draft": replace(draft, spool_ref=reference).to_json(),
        }
        plain = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            nonce = os.urandom(NONCE_BYTES)
            sealed = MAGIC + nonce + self._cipher().encrypt(nonce, plain, name.encode("ascii"))
            _write_atomically(self.directory, f"{name}{SUFFIX}", sealed)
        except OSError as exc:
            if exc.errno in _FULL:
                raise SpoolFull(str(self.directory)) from exc
            raise SpoolError(f"{self.directory}: {exc.strerror}") from exc
        log.info("application kept in the spool as %s", reference)
        return reference

    def begin(self, draft: ApplicationDraft) -> str:
        """Save `draft` before it goes to the database, and keep the background flush
        off it until `release` (it is being handed over right now)."""
        reference = self.save(draft)
        with self._lock:
            self._in_flight.add(draft.uuid)
        return reference

    def release(self, application_uuid: str) -> None:
        with self._lock:
            self._in_flight.discard(application_uuid)

    def delivered(self, application_uuid: str) -> None:
        """The database confirmed this application: its file goes."""
        name = _file_uuid(application_uuid)
        for suffix in (SUFFIX, LEGACY_SUFFIX):
            (self.directory / f"{name}{suffix}").unlink(missing_ok=True)
        _fsync_dir(self.directory)

    # -- reading ----------------------------------------------------------------

    def _files(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return [
            p
            for p in self.directory.iterdir()
            if p.is_file()
            and not p.name.startswith(".")
            and p.name.endswith((SUFFIX, LEGACY_SUFFIX))
        ]

    def _open(self, path: Path) -> dict[str, Any]:
        """The file's body; _Damaged for anything that is not a usable spool file."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise _Damaged(f"unreadable ({exc.strerror})") from None
        if path.name.endswith(LEGACY_SUFFIX):
            plain = raw
        else:
            name = path.name[: -len(SUFFIX)]
            if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + NONCE_BYTES + 16:
                raise _Damaged("not a spool file")
            nonce = raw[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
            from cryptography.exceptions import InvalidTag

            try:
                plain = self._cipher().decrypt(
                    nonce, raw[len(MAGIC) + NONCE_BYTES :], name.encode("ascii", "replace")
                )
            except InvalidTag:
                raise _Damaged("cannot be decrypted (damaged, or another kiosk's key)") from None
        try:
            body = json.loads(plain.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _Damaged("not JSON") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise _Damaged("not a spool file")
        if not isinstance(body.get("draft"), dict):
            raise _Damaged("no application in it")
        return body

    def _item(self, path: Path, body: dict[str, Any]) -> SpooledApplication:
        draft = body["draft"]
        try:
            app_uuid = _file_uuid(str(draft["uuid"]))
        except (KeyError, InvalidDraft):
            raise _Damaged("no proper application id") from None
        return SpooledApplication(
            str(draft.get("spool_ref") or reference_for(app_uuid)),
            app_uuid,
            _saved_at(body.get("saved_at")),
            path,
        )

    def pending(self) -> list[SpooledApplication]:
        """Waiting applications, oldest first. Unusable files are quarantined on the
        way; one never hides the others."""
        return self._scan()[0]

    def _scan(self) -> tuple[list[SpooledApplication], list[str]]:
        found, quarantined = [], []
        for path in self._files():
            try:
                found.append(self._item(path, self._open(path)))
            except _Damaged as why:
                self._quarantine(path, str(why))
                quarantined.append(path.name)
        return sorted(found, key=lambda item: (item.saved_at, item.path.name)), quarantined

    def __len__(self) -> int:
        return len(self._files())

    # -- flushing ---------------------------------------------------------------

    def flush(self, store: Store) -> FlushReport:
        """Submit every waiting application; stops early if the database goes away."""
        with self._flushing:  # one flush at a time (the flusher thread, a start-up run)
            return self._flush(store)

    def _flush(self, store: Store) -> FlushReport:
        report = FlushReport()
        with self._lock:
            busy = set(self._in_flight)
        found, quarantined = self._scan()
        report.rejected += [(name, "spool.damaged") for name in quarantined]
        waiting = [item for item in found if item.uuid not in busy]
        for index, item in enumerate(waiting):
            try:
                draft = ApplicationDraft.from_json(self._open(item.path)["draft"])
            except (_Damaged, OSError, ValueError, KeyError, TypeError, binascii.Error):
                self._quarantine(item.path, "damaged application")
                report.rejected.append((item.reference, "spool.damaged"))
                continue
            try:
                submission = store.submit(draft)
            except (DatabaseUnavailable, DatabaseBusy, SchemaOutdated):
                report.remaining = len(waiting) - index
                break
            except InvalidDraft as exc:
                self._quarantine(item.path, f"refused by the store ({exc.key})")
                report.rejected.append((item.reference, InvalidDraft.key))
                continue
            # Only now: a crash before this line resubmits the same UUID next
            # time, which the store answers with the stored application.
            self.delivered(item.uuid)
            report.submitted.append((item.reference, submission))
        return report

    def _quarantine(self, path: Path, why: str) -> None:
        """Move a file that cannot be submitted to rejected/ (dated by the clock, for
        the retention period) and go on with the others."""
        target = self.directory / REJECTED
        try:
            target.mkdir(exist_ok=True, mode=0o700)
            moved = target / path.name
            os.replace(path, moved)
            stamp = self.clock.now().timestamp()
            os.utime(moved, (stamp, stamp))
            _fsync_dir(self.directory)
        except OSError as exc:
            log.error("spool file %s cannot be quarantined (%s)", path.name, exc.strerror)
            return
        log.error("spool file %s quarantined in %s/: %s", path.name, REJECTED, why)

    def rejected(self) -> list[Path]:
        folder = self.directory / REJECTED
        return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []

    def purge_rejected(self, older_than_days: int) -> int:
        """Delete quarantined files older than the retention period; how many went.
        (They hold a resident's application: they are kept no longer than the
        database keeps its personal data.)"""
        cutoff = (self.clock.now() - timedelta(days=older_than_days)).timestamp()
        removed = 0
        for path in self.rejected():
            with contextlib.suppress(OSError):
                if path.stat().st_mtime <= cutoff:
                    path.unlink()
                    removed += 1
        if removed:
            _fsync_dir(self.directory / REJECTED)
            log.info("%d quarantined spool file(s) past retention deleted", removed)
        return removed

    def remove_stale_temp_files(self) -> None:
        """Half-written files of a save cut by a crash (never renamed: not an
        application the resident was told about)."""
        if self.directory.is_dir():
            for path in self.directory.glob(".*.tmp"):
                path.unlink(missing_ok=True)


def _file_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))  # also keeps the file name a plain name
    except (ValueError, TypeError, AttributeError):
        raise InvalidDraft(f"uuid {value!r} is not a UUID") from None


def _saved_at(value: Any) -> datetime:
    """When the file was saved; a naive time (older kiosks) counts as UTC, and a
    missing or garbled one sorts first instead of stopping the spool."""
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _load_or_create_key(path: Path) -> bytes:
    """The spool key: 32 random bytes, hex, in a file only this account can read."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise SpoolError(f"{path}: {exc.strerror}") from exc
    else:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            os.write(fd, AESGCM.generate_key(bit_length=256).hex().encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(path.parent)
    try:
        if os.name == "posix" and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
            log.warning("spool key %s was readable by others: made private", path)
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError) as exc:
        raise SpoolError(f"{path}: not a usable spool key") from exc
    if len(key) != 32:
        raise SpoolError(f"{path}: not a usable spool key")
    return key


class SpoolFlusher(BackgroundLoop):
    """Flushes a spool every `interval` seconds in its own thread while it has files.

    `store` is a Store or a function that opens one: then it is opened on the first
    flush, so a kiosk starts without loading the database layer for an empty spool."""

    thread_name = "madoguchi-spool"

    def __init__(
        self,
        spool: Spool,
        store: Store | Callable[[], Store],
        interval: float = 15.0,
        callback: Callable[[FlushReport], None] | None = None,
        retention_days: int | None = None,
    ) -> None:
        super().__init__()
        self.spool, self.interval, self.callback = spool, interval, callback
        self._store = store
        #: Quarantined files older than this are deleted on each round (None: kept).
        self.retention_days = retention_days

    @property
    def store(self) -> Store:
        if callable(self._store):
            self._store = self._store()
        return self._store

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            if self.retention_days is not None:
                try:
                    self.spool.purge_rejected(self.retention_days)
                except Exception:
                    log.exception("spool retention failed")
            if not len(self.spool):
                continue
            try:
                report = self.spool.flush(self.store)
            except Exception:
                log.exception("spool flush failed")
                continue
            if self.callback and (report.submitted or report.rejected):
                self.callback(report)


def _write_atomically(directory: Path, name: str, payload: bytes) -> None:
    temp = directory / f".{name}.tmp"
    try:
        fd = os.open(
            temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
        )
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, 0o600)
        os.replace(temp, directory / name)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    """Make a rename or delete durable (POSIX; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
