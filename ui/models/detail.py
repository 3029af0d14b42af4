"""One application's answers and audit trail as Qt tables (the staff detail view)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from i18n import Translator
from kiosk.store import AuditRecord
from ui.models.answers import AnswerRow
from ui.models.table import Column, RecordTableModel


def _glyph(row: AnswerRow, tr: Translator) -> str:
    if not row.glyph_check:
        return ""
    return tr("staff.answers.glyph_needed") + (f"（{row.glyph_note}）" if row.glyph_note else "")


def answers_model(locale: str = "ja", parent: Any = None) -> RecordTableModel[AnswerRow]:
    columns: list[Column[AnswerRow]] = [
        Column("staff.answers.item", lambda r, tr: r.label, tooltip=lambda r, tr: r.path),
        Column("staff.answers.glyph", _glyph),
        Column("staff.answers.value", lambda r, tr: r.text, tooltip=lambda r, tr: r.text),
    ]
    return RecordTableModel(
        columns,
        key=lambda r: r.path,
        tone=lambda r: "attention" if r.glyph_check else None,
        locale=locale,
        parent=parent,
    )


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _action(record: AuditRecord, tr: Translator) -> str:
    key = f"staff.action.{record.action}"
    return tr(key) if tr.has(key) else record.action


def history_model(
    zone: tzinfo,
    locale: str = "ja",
    parent: Any = None,
    *,
    item: Callable[[AuditRecord], str] | None = None,
) -> RecordTableModel[AuditRecord]:
    """`item`: what a row is about in words (the path's label); else the path."""
    about = item or (lambda r: r.path or "")
    columns: list[Column[AuditRecord]] = [
        Column(
            "staff.history.when",
            lambda r, tr: r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
        ),
        Column("staff.history.who", lambda r, tr: r.actor),
        Column("staff.history.action", _action),
        Column("staff.history.path", lambda r, tr: about(r)),
        Column("staff.history.before", lambda r, tr: _value(r.before)),
        Column("staff.history.after", lambda r, tr: _value(r.after)),
        Column("staff.history.note", lambda r, tr: r.note or ""),
    ]
    return RecordTableModel(columns, key=lambda r: r.id, locale=locale, parent=parent)
