"""Queue rows and opened applications as the store returns them, built without a store."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from kiosk.desk.current import Opened
from kiosk.store import ApplicationDetail, ProcedureStatus, QueueItem

AT = datetime(2026, 11, 25, 10, 0)


def row(application_id: str = "a1", version: int = 1, **fields: Any) -> QueueItem:
    values: dict[str, Any] = dict(
        application_id=application_id,
        reception_number=f"A-{application_id}",
        state="submitted",
        counter_group="A",
        event_id="moving_in",
        procedures=(ProcedureStatus("juminhyo", "住民異動届", "市民課", "pending"),),
        submitted_at=AT,
        flag_count=0,
        needs_glyph_check=False,
        card_used=True,
        locale="ja",
        version=version,
    )
    unset = ("display_name", "called_at", "closed_at", "holder", "called_counter", "spool_ref")
    return QueueItem(**{**dict.fromkeys(unset), **values, **fields})


def detail(
    summary: QueueItem, data: dict[str, Any] | None = None, **fields: Any
) -> ApplicationDetail:
    empty = dict.fromkeys(("form_ids", "flags", "glyph_checks"), ())
    values: dict[str, Any] = dict(
        empty, summary=summary, data=data or {}, terminal_id="kiosk-1F-01", received_at=AT
    )
    values.update(review_started_at=None, close_reason=None, print_count=0)
    values.update(has_pdf=False, purged=False)
    return ApplicationDetail(**{**values, **fields})


def opened(application_id: str = "a1", version: int = 1) -> Opened:
    return Opened(detail(row(application_id, version)), (), ())


def newer(item: QueueItem) -> QueueItem:
    return dataclasses.replace(item, version=item.version + 1)
