"""The staff queue as a Qt table: one row per application (`kiosk.store.QueueItem`).

Rows come in the store's order (longest waiting first by default: the filter and the
sort run in the database, so searching 10,000 applications stays fast); waiting times
count on with `tick()`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from i18n import Translator
from kiosk.clock import Clock
from kiosk.store import ProcedureState, QueueItem, State, lifecycle
from ui.models.table import Column, RecordTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def minutes_text(seconds: float, tr: Translator) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return tr("staff.minutes", minutes=minutes)
    return tr("staff.hours_minutes", hours=minutes // 60, minutes=minutes % 60)


def procedures_text(item: QueueItem) -> str:
    """Those still open first, then the done ones (✓): a narrow column cut at its end
    never hides that 国保 is still to do."""
    open_first = sorted(item.procedures, key=lambda p: p.state == ProcedureState.DONE)
    return "、".join(
        ("✓" if p.state == ProcedureState.DONE else "") + p.title_ja for p in open_first
    )


def _attention(item: QueueItem, tr: Translator) -> str:
    marks = []
    if item.needs_glyph_check:
        marks.append(tr("staff.queue.glyph_mark"))
    if item.flag_count:
        marks.append(tr("staff.queue.flag_mark", count=item.flag_count))
    return " ".join(marks)


def _state(item: QueueItem, tr: Translator) -> str:
    """The state; a handover waiting for its department says so (and from where)."""
    if item.handover_to and item.state == State.SUBMITTED:
        return tr("staff.queue.handover", came=item.handover_from or "—")
    return tr(f"store.state.{item.state}")


def _place(item: QueueItem, tr: Translator) -> str:
    if item.holder is None:
        if item.handover_to and item.state == State.SUBMITTED:
            return f"→ {item.handover_to}"
        return ""
    return f"{item.called_counter or ''}（{item.holder}）"


def queue_columns(now: Callable[[], datetime], zone: tzinfo) -> list[Column[QueueItem]]:
    def local_time(when: datetime | None) -> str:
        return when.astimezone(zone).strftime("%H:%M") if when else ""

    return [
        Column("staff.col.number", lambda q, tr: q.reception_number, align=CENTER),
        Column("staff.col.state", _state),
        Column(
            "staff.col.waiting",
            lambda q, tr: minutes_text(q.waiting_seconds(now()), tr),
            align=RIGHT,
            timely=True,
        ),
        Column("staff.col.name", lambda q, tr: q.display_name or "—"),
        Column(
            "staff.col.procedures",
            lambda q, tr: procedures_text(q),
            tooltip=lambda q, tr: "\n".join(procedures_text(q).split("、")),
        ),
        Column("staff.col.counter", _place),
        Column(
            "staff.col.attention",
            _attention,
            tooltip=lambda q, tr: tr("staff.queue.glyph_tip") if q.needs_glyph_check else "",
        ),
        Column("staff.col.submitted", lambda q, tr: local_time(q.submitted_at), align=CENTER),
    ]


def queue_tone(item: QueueItem) -> str | None:
    if item.state in lifecycle.HELD:
        return "active"
    if item.state == State.COMPLETED:
        return "done"
    if item.state in lifecycle.CLOSED:
        return "muted"
    if item.needs_glyph_check:
        return "attention"
    return None


class QueueTableModel(RecordTableModel[QueueItem]):
    """Rows of `QueueItem`, keyed by application id."""

    def __init__(self, clock: Clock, *, locale: str = "ja", parent: Any = None) -> None:
        super().__init__(
            queue_columns(clock.now, clock.zone),
            key=lambda item: item.application_id,
            tone=queue_tone,
            locale=locale,
            parent=parent,
        )
        #: (are there more rows, read the next page): the view asks when scrolled to
        #: the end (Qt's fetchMore); the page comes back through `set_records`.
        self.more: tuple[Callable[[], bool], Callable[[], None]] | None = None

    def canFetchMore(self, parent: Any = QModelIndex()) -> bool:  # noqa: B008 (Qt's)
        return not parent.isValid() and self.more is not None and self.more[0]()

    def fetchMore(self, parent: Any = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            assert self.more is not None
            self.more[1]()

    def item(self, row: int) -> QueueItem:
        return self.record(row)
