"""Applications kept on the kiosk while the database is unreachable.

    reference = Spool(config.resolved_spool_dir()).save(draft)   # "S-3F9A0C"
    report = Spool(...).flush(store)                              # when the DB is back

`save` writes one file per application atomically (temp file, fsync, rename, fsync of
the directory; mode 0600): after a power cut the file is either complete or absent.
`flush` submits each file and only then deletes it; the store is idempotent on the
application's UUID, so a crash between the two never creates a second application.
The resident is told the reference; staff find the application by it once flushed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.clock import Clock
from kiosk.store.errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    InvalidDraft,
    SpoolError,
    SpoolFull,
)
from kiosk.store.records import ApplicationDraft, Submission

if TYPE_CHECKING:
    from kiosk.store.store import Store

log = logging.getLogger(__name__)

FORMAT = "madoguchi.spool"
VERSION = 1
SUFFIX = ".spool.json"
#: Files that can never be submitted (unreadable, or refused by the store) move here;
#: they are kept, never deleted, for staff or IT to look at.
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


class Spool:
    def __init__(self, directory: Path | str, clock: Clock | None = None) -> None:
        self.directory = Path(directory)
        self.clock = clock or Clock()
        self._lock = threading.Lock()

    # -- saving -----------------------------------------------------------------

    def save(self, draft: ApplicationDraft) -> str:
        """Keep `draft` on disk; returns the local reference for the resident.

        Raises SpoolFull when the disk is full, SpoolError when it cannot be written,
        InvalidDraft when the draft has no proper UUID.
        """
        try:
            name = str(uuid.UUID(draft.uuid))  # also keeps the file name a plain name
        except (ValueError, TypeError, AttributeError):
            raise InvalidDraft(f"uuid {draft.uuid!r} is not a UUID") from None
        reference = draft.spool_ref or reference_for(name)
        body = {
            "format": FORMAT,
            "version": VERSION,
            "saved_at": self.clock.now().isoformat(),
            "draft": replace(draft, spool_ref=reference).to_json(),
        }
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_atomically(self.directory, f"{name}{SUFFIX}", payload)
        except OSError as exc:
            if exc.errno in _FULL:
                raise SpoolFull(str(self.directory)) from exc
            raise SpoolError(f"{self.directory}: {exc.strerror}") from exc
        log.info("application spooled as %s", reference)
        return reference

    # -- reading ----------------------------------------------------------------

    def pending(self) -> list[SpooledApplication]:
        """Waiting applications, oldest first."""
        found = []
        for path in self.directory.glob(f"*{SUFFIX}"):
            try:
                body = _read(path)
            except (OSError, ValueError, KeyError):
                found.append(
                    SpooledApplication(path.name, "", datetime.min.replace(tzinfo=UTC), path)
                )
                continue
            draft = body["draft"]
            found.append(
                SpooledApplication(
                    draft.get("spool_ref") or reference_for(draft["uuid"]),
                    draft["uuid"],
                    datetime.fromisoformat(body["saved_at"]),
                    path,
                )
            )
        return sorted(found, key=lambda item: (item.saved_at, item.path.name))

    def __len__(self) -> int:
        return len(list(self.directory.glob(f"*{SUFFIX}")))

    # -- flushing ---------------------------------------------------------------

    def flush(self, store: Store) -> FlushReport:
        """Submit every waiting application; stops early if the database goes away."""
        report = FlushReport()
        with self._lock:
            waiting = self.pending()
            for index, item in enumerate(waiting):
                try:
                    draft = ApplicationDraft.from_json(_read(item.path)["draft"])
                except (OSError, ValueError, KeyError, TypeError):
                    self._reject(item, "spool.damaged", report)
                    continue
                try:
                    submission = store.submit(draft)
                except (DatabaseUnavailable, DatabaseBusy):
                    report.remaining = len(waiting) - index
                    break
                except InvalidDraft:
                    self._reject(item, InvalidDraft.key, report)
                    continue
                # Only now: a crash before this line resubmits the same UUID next
                # time, which the store answers with the stored application.
                item.path.unlink(missing_ok=True)
                _fsync_dir(self.directory)
                report.submitted.append((item.reference, submission))
        return report

    def _reject(self, item: SpooledApplication, key: str, report: FlushReport) -> None:
        target = self.directory / REJECTED
        target.mkdir(exist_ok=True, mode=0o700)
        os.replace(item.path, target / item.path.name)
        _fsync_dir(self.directory)
        report.rejected.append((item.reference, key))
        log.error("spooled application %s cannot be submitted (%s)", item.reference, key)


class SpoolFlusher:
    """Flushes a spool every `interval` seconds in its own thread while it has files."""

    def __init__(
        self,
        spool: Spool,
        store: Store,
        interval: float = 15.0,
        callback: Callable[[FlushReport], None] | None = None,
    ) -> None:
        self.spool, self.store, self.interval, self.callback = spool, store, interval, callback
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> SpoolFlusher:
        self._thread = threading.Thread(target=self._run, name="madoguchi-spool", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            if not len(self.spool):
                continue
            try:
                report = self.spool.flush(self.store)
            except Exception:
                log.exception("spool flush failed")
                continue
            if self.callback and (report.submitted or report.rejected):
                self.callback(report)


def _read(path: Path) -> dict[str, Any]:
    body = json.loads(path.read_text(encoding="utf-8"))
    if body.get("format") != FORMAT:
        raise ValueError(f"{path.name}: not a spool file")
    return dict(body)


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
