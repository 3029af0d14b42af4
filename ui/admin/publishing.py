"""Publish a draft, or an earlier publication again: make it the catalogue kiosks and
staff desktops load (at start, and running ones at their next safe point:
kiosk.live_catalogue).

    publish(workspace, actor="kanri", now=now, note="犬の届に電話番号")  # PublishResult
    restore(workspace, backups(target)[0], actor="kanri", now=now, note="元に戻す")
    publications(target)   # the published version and every kept backup, newest first

1. Refused unless `Config.catalogue_dir` is set (`NotConfigured`), and without a
   change note (`NoteMissing`): the log says why each version was published.
2. The draft is copied to a staging directory beside the published one and loaded
   there exactly as a kiosk will load it; any problem refuses the publish (`DraftInvalid`)
   and nothing changes. What is checked is what gets published.
3. Refused if someone else published since this draft was taken (`PublishedElsewhere`)
   unless `force`: the admin's confirmation that their version replaces that one.
4. The staging directory takes the published one's place in one step: on Linux with
   renameat2(RENAME_EXCHANGE), so a kiosk starting at that moment reads the old or the
   new catalogue, never none; elsewhere with two renames (a window of microseconds).
   The previous version stays beside it as `<name>.backup-YYYYMMDD-HHMMSS`.
5. One JSON line is appended to `publish-log.jsonl` in the published directory, carried
   over from version to version: when, who, the second admin who approved it (if the
   setting asks for one), the note, the version label, the backup, and what changed
   (in words: `ui.admin.review.Change`s, and as unified text). The store has no call
   for an audit entry that is not about an application, and its schema stays as it
   is, so the log lives with the catalogue. Each version keeps the log up to its own
   publication, so a backup's last entry says who published it and why.

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
from typing import Any

from forms.catalogue import load_catalogue
from forms.errors import FormDefinitionError
from forms.version import PUBLISH_LOG, fingerprint, version_label
from ui.admin.review import CatalogueDiff, diff_catalogues
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


class NoteMissing(PublishError):
    key = "admin.publish.note_missing"


class NotAPublication(PublishError):
    key = "admin.restore.not_found"


@dataclass(frozen=True)
class PublishResult:
    published: Path
    backup: Path | None
    fingerprint: str
    at: datetime
    actor: str
    note: str = ""
    approver: str | None = None
    action: str = "publish_catalogue"
    diff: CatalogueDiff | None = None
    #: For a restore: the backup directory's name that was published again.
    restored_from: str | None = None


@dataclass(frozen=True)
class Publication:
    """One published version: the current one, or a kept backup (oldest first)."""

    path: Path
    current: bool
    #: Its own publish-log entry (who, when, note...); {} for a version published
    #: before the log kept entries (or by hand).
    entry: dict[str, Any]

    @property
    def version(self) -> str:
        fp = str(self.entry.get("fingerprint") or "") or fingerprint(self.path)
        return version_label(fp)


def publish(
    workspace: Workspace,
    *,
    actor: str,
    now: datetime,
    note: str,
    approver: str | None = None,
    force: bool = False,
) -> PublishResult:
    """Publish the draft; `note` says why (required), `approver` is the second admin
    who approved it (when the setting asks for one: the desk checks that)."""
    if not force and workspace.published_since():
        raise PublishedElsewhere(path=str(_target(workspace)))
    result = _publish_tree(
        workspace.draft, _target(workspace), actor=actor, now=now, note=note, approver=approver
    )
    workspace.mark_published()
    return result


def restore(
    workspace: Workspace,
    backup: Path,
    *,
    actor: str,
    now: datetime,
    note: str,
    approver: str | None = None,
) -> PublishResult:
    """Publish a kept earlier version again: itself a publication (with its note, a
    backup of what it replaces, and a log entry naming the version restored). The
    admin's draft is left as it is."""
    target = _target(workspace)
    if backup.resolve() not in {b.resolve() for b in backups(target)}:
        raise NotAPublication(name=backup.name)
    return _publish_tree(
        backup, target, actor=actor, now=now, note=note, approver=approver,
        action="restore_catalogue", restored_from=backup.name,
    )  # fmt: skip


def _target(workspace: Workspace) -> Path:
    if workspace.published is None:
        raise NotConfigured()
    return workspace.published.absolute()


def _publish_tree(
    source: Path,
    target: Path,
    *,
    actor: str,
    now: datetime,
    note: str,
    approver: str | None,
    action: str = "publish_catalogue",
    restored_from: str | None = None,
) -> PublishResult:
    note = note.strip()
    if not note:
        raise NoteMissing()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.publishing-{uuid.uuid4().hex[:12]}")
    shutil.rmtree(staging, ignore_errors=True)
    copy_catalogue(source, staging)
    try:
        try:
            load_catalogue(staging)
        except FormDefinitionError as exc:
            raise DraftInvalid(count=len(exc.errors)) from None
        backup = _backup_name(target, now) if target.exists() else None
        diff = diff_catalogues(target if target.exists() else None, staging)
        result = PublishResult(
            target, backup, fingerprint(staging), now, actor, note, approver, action, diff,
            restored_from,
        )  # fmt: skip
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
    return result


def backups(published: Path) -> list[Path]:
    """The kept previous versions, oldest first."""
    return sorted(published.parent.glob(f"{published.name}.backup-*"))


def publications(published: Path) -> list[Publication]:
    """Every version kept, newest first: the published one, then its backups."""
    found = []
    if published.exists():
        found.append(Publication(published, True, _own_entry(published)))
    for path in reversed(backups(published)):
        found.append(Publication(path, False, _own_entry(path)))
    return found


def _own_entry(root: Path) -> dict[str, Any]:
    """A version's own publication: the last log entry it carries, if it is about it."""
    try:
        entries = read_log(root)
    except (OSError, ValueError):
        return {}
    if entries and entries[-1].get("fingerprint") == fingerprint(root):
        return entries[-1]
    return {}


def read_log(published: Path) -> list[dict[str, Any]]:
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
    entry: dict[str, Any] = {
        "at": result.at.isoformat(timespec="seconds"),
        "actor": result.actor,
        "action": result.action,
        "fingerprint": result.fingerprint,
        "version": version_label(result.fingerprint),
        "backup": result.backup.name if result.backup else None,
        "note": result.note,
        "approver": result.approver,
    }
    if result.restored_from:
        entry["restored_from"] = result.restored_from
    if result.diff is not None:  # what it changed, in words and as text
        entry["changes"] = [c.to_json() for c in result.diff.changes]
        entry["diff"] = result.diff.text
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
