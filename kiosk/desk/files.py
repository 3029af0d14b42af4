"""Files a staff desk writes, and account changes: Qt-free work its workers run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forms.catalogue import Catalogue
from i18n import Translator
from kiosk import audit_report
from kiosk.private_file import write_private
from kiosk.store import Principal, QueueItem
from kiosk.store import stats as statistics


def pdf_name(summary: QueueItem) -> str:
    """The private file the forms are opened from: reception number and id prefix."""
    return f"{summary.reception_number}_{summary.application_id[:8]}.pdf"


def write_audit(
    store: Any,
    principal: Principal,
    application_id: str,
    catalogue: Catalogue,
    tr: Translator,
    path: Path,
) -> int:
    """One application's audit trail as CSV in `path` (0600); the store checks who may
    and records the export. Returns the number of records written."""
    records = store.audit_trail(principal, application_id)
    text = audit_report.to_csv(records, catalogue, store.zone, tr)
    write_private(path, audit_report.to_bytes(text))
    return len(records)


def write_stats(rows: list[Any], path: Path) -> str:
    # With a byte-order mark: spreadsheet programs on Windows then read UTF-8.
    path.write_text(statistics.to_csv(rows), encoding="utf-8-sig", newline="")
    return str(path)


def lock_change(locked: bool) -> tuple[dict[str, Any], str]:
    """`update_account` arguments to lock or unlock an account, and the message key."""
    if locked:
        return {"active": False}, "staff.accounts.locked"
    return {"active": True, "unlock": True}, "staff.accounts.unlocked"
