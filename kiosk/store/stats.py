"""Statistics: waiting time (submitted → called) and handling time (called → completed)
per procedure and per day or hour (local time). They survive the purge: the rows they
read hold no personal data."""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import datetime, tzinfo

from sqlalchemy import select

from kiosk.store.buckets import BUCKETS
from kiosk.store.engine import Database
from kiosk.store.lifecycle import State
from kiosk.store.models import Application, ProcedureItem


@dataclass(frozen=True)
class StatRow:
    bucket: str
    procedure_id: str
    title_ja: str
    applications: int
    called: int
    waiting_avg_s: float | None
    waiting_median_s: float | None
    waiting_max_s: float | None
    completed: int
    handling_avg_s: float | None
    handling_median_s: float | None
    handling_max_s: float | None


def _summary(values: list[float]) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    return (
        round(statistics.fmean(values), 1),
        round(statistics.median(values), 1),
        round(max(values), 1),
    )


def compute(
    db: Database, zone: tzinfo, since: datetime, until: datetime, by: str = "day"
) -> list[StatRow]:
    """Applications submitted in [since, until), one row per bucket and procedure."""
    if by not in BUCKETS:
        raise ValueError(f"by: one of {', '.join(BUCKETS)}")
    query = (
        select(
            Application.submitted_at,
            Application.called_at,
            Application.closed_at,
            Application.state,
            ProcedureItem.procedure_id,
            ProcedureItem.title_ja,
        )
        .join(ProcedureItem, ProcedureItem.application_id == Application.id)
        .where(Application.submitted_at >= since, Application.submitted_at < until)
    )
    groups: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(
        lambda: {"all": [], "wait": [], "handle": []}
    )
    titles: dict[str, str] = {}
    with db.read() as session:
        for submitted, called, closed, state, procedure_id, title in session.execute(query):
            bucket = submitted.astimezone(zone).strftime(BUCKETS[by])
            group = groups[(bucket, procedure_id)]
            titles[procedure_id] = title
            group["all"].append(0.0)
            if called is not None:
                group["wait"].append((called - submitted).total_seconds())
                if state == State.COMPLETED and closed is not None:
                    group["handle"].append((closed - called).total_seconds())
    return [
        StatRow(
            bucket,
            procedure_id,
            titles[procedure_id],
            len(g["all"]),
            len(g["wait"]),
            *_summary(g["wait"]),
            len(g["handle"]),
            *_summary(g["handle"]),
        )
        for (bucket, procedure_id), g in sorted(groups.items())
    ]


def to_csv(rows: Sequence[StatRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in fields(StatRow)])
    for row in rows:
        writer.writerow(["" if v is None else v for v in astuple(row)])
    return out.getvalue()
