"""Publish a draft: make it the catalogue kiosks and staff desktops load at their next start.

    publish(workspace, actor="admin")   # -> PublishResult(published, backup, ...)

1. Refused unless `Config.catalogue_dir` is set (`NotConfigured`).
2. The draft is copied to a staging directory beside the published one and loaded
   there exactly as a kiosk will load it; any problem refuses the publish (`DraftInvalid`)
   and nothing changes. What is checked is what gets published.
3. Refused if someone else published since this draft was taken (`PublishedElsewhere`)
   unless `force`: the admin's confirmation that their version replaces that one.
4. The staging directory takes the published one's place in one step: on Linux with
   renameat2(RENAME_EXCHANGE), so a kiosk starting at that moment reads the old or the
   new catalogue, never none; elsewhere with two renames (a window of microseconds).
   The previous version stays beside it as `<name>.backup-YYYYMMDD-HHMMSS`.
5. One JSON line (when, who, fingerprint, backup) is appended to `publish-log.jsonl`
   in the published directory, carried over from version to version. The store has no
   call for an audit entry that is not about an application, and its schema stays as
   it is, so the log lives with the catalogue.

No Qt here.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from forms.catalogue import load_catalogue
from forms.errors import FormDefinitionError
from forms.version import PUBLISH_LOG, fingerprint
from ui.admin.workspace import Workspace, copy_catalogue


class PublishError(Exception):
    """A publish that did not happen; `key` and `params` are the admin.po message."""

    key = "admin.publish.failed"

    def __init__(self, **params: object) -> None:
        super().__init__(self.key, params)
        self.params = params


class NotConfigured(PublishError):
    key = "admin.publish.not_configured"


class DraftInvalid(PublishError):
    key = "admin.publish.invalid"


class PublishedElsewhere(PublishError):
    key = "admin.publish.changed_elsewhere"


@dataclass(frozen=True)
class PublishResult:
    published: Path
    backup: Path | None
    fingerprint: str
    at: datetime
    actor: str


def publish(
    workspace: Workspace, *, actor: str, now: datetime, force: bool = False
) -> PublishResult:
    target = workspace.published
    if target is None:
        raise NotConfigured()
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not force and workspace.published_since():
        raise PublishedElsewhere(path=str(target))
    staging = target.with_name(f".{target.name}.publishing-{uuid.uuid4().hex[:12]}")
    shutil.rmtree(staging, ignore_errors=True)
    copy_catalogue(workspace.draft, staging)
    try:
        try:
            load_catalogue(staging)
        except FormDefinitionError as exc:
            raise DraftInvalid(count=len(exc.errors)) from None
        backup = _backup_name(target, now) if target.exists() else None
        result = PublishResult(target, backup, fingerprint(staging), now, actor)
        _write_log(staging, target, result)
        _sync_tree(staging)
        if backup is None:
            os.rename(staging, target)
        elif _exchange(staging, target):
            os.rename(staging, backup)  # staging now holds the previous version
        else:
            os.rename(target, backup)
            try:
                os.rename(staging, target)
            except OSError:
                os.rename(backup, target)  # put the previous version back
                raise
        _sync_dir(target.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    workspace.mark_published()
    return result


def backups(published: Path) -> list[Path]:
    """The kept previous versions, oldest first."""
    return sorted(published.parent.glob(f"{published.name}.backup-*"))


def read_log(published: Path) -> list[dict[str, str]]:
    path = published / PUBLISH_LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _backup_name(target: Path, now: datetime) -> Path:
    base = f"{target.name}.backup-{now:%Y%m%d-%H%M%S}"
    candidate, n = target.with_name(base), 2
    while candidate.exists():
        candidate, n = target.with_name(f"{base}-{n}"), n + 1
    return candidate


def _write_log(staging: Path, target: Path, result: PublishResult) -> None:
    old = target / PUBLISH_LOG
    history = old.read_text(encoding="utf-8") if old.exists() else ""
    entry = {
        "at": result.at.isoformat(timespec="seconds"),
        "actor": result.actor,
        "action": "publish_catalogue",
        "fingerprint": result.fingerprint,
        "backup": result.backup.name if result.backup else None,
    }
    line = json.dumps(entry, ensure_ascii=False)
    (staging / PUBLISH_LOG).write_text(history + line + "\n", encoding="utf-8")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2); False where not supported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without exchange: fall back to two renames
    raise OSError(err, os.strerror(err), str(b))


def _sync_tree(root: Path) -> None:
    """Flush the staged files to disk before they become the published catalogue."""
    for path in root.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _sync_dir(root)


def _sync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory to fsync it
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
