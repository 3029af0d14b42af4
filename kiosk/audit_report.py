"""One application's audit trail as a CSV file a security reviewer can read.

One row per entry, oldest first: when (the city's time, with its offset), who, what
was done in words (and the action's code), which item in words (the data dictionary's
label, a procedure's title) with its data path, the value before and after, and the
note (a reason). UTF-8 with a byte-order mark, so a spreadsheet on Windows opens it.
The store decides who may read it (`Store.audit_trail`) and records that it did.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from forms.catalogue import Catalogue
from forms.data import dictionary_key, member_number
from i18n import Translator
from kiosk.store.records import AuditRecord

#: The columns, in order; their headings are `staff.audit_file.<name>` (staff.po).
COLUMNS = (
    "no",
    "at",
    "actor",
    "action",
    "action_code",
    "item",
    "path",
    "before",
    "after",
    "note",
    "reception_number",
    "application_id",
)


def item_label(catalogue: Catalogue, path: str, tr: Translator) -> str | None:
    """The dictionary's label for a data path, numbered per member as the staff window
    numbers them ("children[1].name" → "氏名（2）"); None when the path names no fact."""
    spec = catalogue.dictionary.get(dictionary_key(path))
    if spec is None:
        return None
    label = tr.text(spec.label)
    number = member_number(path)
    return f"{label}（{number}）" if number else label


def about(catalogue: Catalogue, record: AuditRecord, tr: Translator) -> str:
    """What an entry is about, in words: a procedure's title, a field's label."""
    path = record.path or ""
    if not path:
        return ""
    if record.action.startswith(("procedure_", "handoff")):
        known = catalogue.procedures.get(path)
        return tr.text(known.title) if known is not None else path
    return item_label(catalogue, path, tr) or path


def action_text(action: str, tr: Translator) -> str:
    key = f"staff.action.{action}"
    return tr(key) if tr.has(key) else action


def value_text(value: Any) -> str:
    """A stored value as one line of text (lists and objects as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def rows(
    records: Sequence[AuditRecord],
    catalogue: Catalogue,
    zone: tzinfo,
    tr: Translator,
) -> list[list[str]]:
    return [
        [
            str(n),
            r.at.astimezone(zone).isoformat(timespec="seconds"),
            r.actor,
            action_text(r.action, tr),
            r.action,
            about(catalogue, r, tr),
            r.path or "",
            value_text(r.before),
            value_text(r.after),
            r.note or "",
            r.reception_number or "",
            r.application_id or "",
        ]
        for n, r in enumerate(records, 1)
    ]


def to_csv(
    records: Sequence[AuditRecord],
    catalogue: Catalogue,
    zone: tzinfo,
    tr: Translator,
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr(f"staff.audit_file.{c}") for c in COLUMNS])
    writer.writerows(rows(records, catalogue, zone, tr))
    return out.getvalue()


def to_bytes(text: str) -> bytes:
    """The file's bytes: UTF-8 with a byte-order mark (spreadsheets read it as UTF-8)."""
    return text.encode("utf-8-sig")
