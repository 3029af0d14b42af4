"""Accounts and statistics as Qt tables (the staff window's admin and statistics tabs)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt

from i18n import Translator
from kiosk.store import AccountInfo
from kiosk.store.stats import StatRow
from ui.models.table import Column, RecordTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _status(account: AccountInfo, tr: Translator) -> str:
    if not account.active:
        return tr("staff.accounts.status_disabled")
    if account.locked:
        return tr("staff.accounts.status_locked")
    return tr("staff.accounts.status_active")


def accounts_model(
    zone: tzinfo, locale: str = "ja", parent: Any = None
) -> RecordTableModel[AccountInfo]:
    columns: list[Column[AccountInfo]] = [
        Column("staff.accounts.username", lambda a, tr: a.username),
        Column("staff.accounts.display_name", lambda a, tr: a.display_name),
        Column("staff.accounts.role", lambda a, tr: tr(f"staff.role.{a.role}")),
        Column("staff.accounts.status", _status),
        Column(
            "staff.accounts.last_sign_in",
            lambda a, tr: (
                a.last_sign_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                if a.last_sign_in_at
                else ""
            ),
        ),
    ]
    return RecordTableModel(
        columns,
        key=lambda a: a.account_id,
        tone=lambda a: "muted" if not a.active else ("attention" if a.locked else None),
        locale=locale,
        parent=parent,
    )


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def stats_model(locale: str = "ja", parent: Any = None) -> RecordTableModel[StatRow]:
    columns: list[Column[StatRow]] = [
        Column("staff.stats.bucket", lambda r, tr: r.bucket),
        Column(
            "staff.stats.procedure", lambda r, tr: r.title_ja, tooltip=lambda r, tr: r.procedure_id
        ),
        Column("staff.stats.applications", lambda r, tr: str(r.applications), align=RIGHT),
        Column("staff.stats.called", lambda r, tr: str(r.called), align=RIGHT),
        Column("staff.stats.waiting_avg", lambda r, tr: _minutes(r.waiting_avg_s), align=RIGHT),
        Column(
            "staff.stats.waiting_median", lambda r, tr: _minutes(r.waiting_median_s), align=RIGHT
        ),
        Column("staff.stats.waiting_max", lambda r, tr: _minutes(r.waiting_max_s), align=RIGHT),
        Column("staff.stats.completed", lambda r, tr: str(r.completed), align=RIGHT),
        Column("staff.stats.handling_avg", lambda r, tr: _minutes(r.handling_avg_s), align=RIGHT),
        Column(
            "staff.stats.handling_median", lambda r, tr: _minutes(r.handling_median_s), align=RIGHT
        ),
        Column("staff.stats.handling_max", lambda r, tr: _minutes(r.handling_max_s), align=RIGHT),
    ]
    return RecordTableModel(
        columns, key=lambda r: (r.bucket, r.procedure_id), locale=locale, parent=parent
    )
