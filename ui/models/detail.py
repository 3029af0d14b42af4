"""One application's answers and audit trail as Qt tables (the staff detail view)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from i18n import Translator
from kiosk.audit_report import value_text
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


def _code_points(chars: list[str]) -> str:
    return " ".join(f"{c} U+{ord(c):04X}" for c in chars)


def change_text(before: Any, after: Any) -> str:
    """ "before → after" on one line (both visible in one cell); when the two differ in
    characters that look alike (髙崎 / 髙﨑), those characters' code points after it."""
    old, new = value_text(before), value_text(after)
    if not old and not new:
        return ""
    text = f"{old} → {new}"
    if isinstance(before, str) and isinstance(after, str):
        gone = [c for c in dict.fromkeys(before) if c not in after and not c.isascii()]
        came = [c for c in dict.fromkeys(after) if c not in before and not c.isascii()]
        if gone or came:
            text += f"\n［{_code_points(gone)} → {_code_points(came)}］".replace("［ ", "［")
    return text


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
        # Four columns that fit the detail panel: a change reads at a glance, unscrolled.
        Column(
            "staff.history.when_who",
            lambda r, tr: f"{r.at.astimezone(zone).strftime('%H:%M')}\n{r.actor}",
            tooltip=lambda r, tr: r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
        ),
        Column("staff.history.action", _action),
        Column("staff.history.path", lambda r, tr: about(r)),
        Column(
            "staff.history.change",
            lambda r, tr: "\n".join(t for t in (change_text(r.before, r.after), r.note or "") if t),
        ),
    ]
    return RecordTableModel(columns, key=lambda r: r.id, locale=locale, parent=parent)
