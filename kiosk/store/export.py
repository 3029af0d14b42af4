"""Hand-over to core systems: completed applications as JSON or CSV.

Keys come from the data dictionary: JSON keeps the nested `data`; CSV flattens it to
dotted columns (`applicant.name`, `children[0].name`) after fixed metadata columns.
Every exported application gets an "export" entry in the audit log. Per procedure:
`pending_only` leaves out procedures already handed off (基幹へ連携済) and applications
with none left; `mark_exported`, called once the file is safely written, records the
exported procedures as handed off (kiosk/store/handoff.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.data import flatten, natural_key
from kiosk.store import audit, handoff
from kiosk.store.access import require_admin
from kiosk.store.allowlist import DataKeys
from kiosk.store.engine import Database
from kiosk.store.lifecycle import State
from kiosk.store.models import Application, ProcedureItem
from kiosk.store.records import Principal

FORMAT_VERSION = 1
#: Metadata columns, in this order, before the data columns. Never renamed.
META_COLUMNS = (
    "application_id",
    "reception_number",
    "counter_group",
    "event_id",
    "locale",
    "terminal_id",
    "spool_ref",
    "card_used",
    "submitted_at",
    "called_at",
    "completed_at",
    "handled_by",
    "form_ids",
    "procedures",
)


def completed(
    db: Database,
    actor: Principal,
    since: datetime,
    until: datetime | None = None,
    keys: DataKeys | None = None,
    *,
    pending_only: bool = False,
    procedure_ids: Collection[str] = (),
) -> list[dict[str, Any]]:
    """Completed, not yet purged applications closed in [since, until), oldest first
    (admins only; each exported application audited under the admin's account).
    `pending_only`: only procedures not yet handed off; `procedure_ids`: only these
    procedures (one core system's); an application left with none is not exported."""
    query = (
        select(Application)
        .where(
            Application.state == State.COMPLETED,
            Application.purged_at.is_(None),
            Application.closed_at >= since,
        )
        .options(selectinload(Application.procedures), selectinload(Application.holder))
        .order_by(Application.closed_at, Application.id)
    )
    if until is not None:
        query = query.where(Application.closed_at < until)
    with db.write() as session:
        admin = require_admin(session, actor)
        records = []
        for app in session.scalars(query):
            procedures = [
                p
                for p in app.procedures
                if not (pending_only and p.handed_off_at is not None)
                and (not procedure_ids or p.procedure_id in procedure_ids)
            ]
            if (pending_only or procedure_ids) and not procedures:
                continue
            audit.record(session, admin, "export", app)
            records.append(_record(app, procedures))
    if keys is not None:  # even rows stored before the allowlist: nothing sensitive out
        for r in records:
            r["data"] = keys.scrub(r["data"])
    return records


def mark_exported(db: Database, actor: Principal, records: Sequence[dict[str, Any]]) -> int:
    """基幹へ連携済 for every procedure in `records` (an export written to its file) not
    handed off yet, under the admin's account; how many were marked."""
    wanted = {r["application_id"]: {p["id"] for p in r["procedures"]} for r in records}
    marked = 0
    with db.write() as session:
        admin = require_admin(session, actor)
        query = (
            select(Application)
            .where(Application.id.in_(list(wanted)))
            .options(selectinload(Application.procedures))
            .with_for_update()
        )
        for app in session.scalars(query):
            for item in app.procedures:
                if item.procedure_id in wanted[app.id] and item.handed_off_at is None:
                    handoff.set_handed_off(session, admin, app, item, via="export")
                    marked += 1
    return marked


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _record(app: Application, procedures: Sequence[ProcedureItem]) -> dict[str, Any]:
    return {
        "application_id": app.id,
        "reception_number": app.reception_number,
        "counter_group": app.counter_group,
        "event_id": app.event_id,
        "locale": app.locale,
        "terminal_id": app.terminal_id,
        "spool_ref": app.spool_ref,
        "card_used": app.card_used,
        "submitted_at": _iso(app.submitted_at),
        "called_at": _iso(app.called_at),
        "completed_at": _iso(app.closed_at),
        "handled_by": app.holder.username if app.holder else None,
        "form_ids": list(app.form_ids),
        "procedures": [
            {
                "id": p.procedure_id,
                "title_ja": p.title_ja,
                "counter": p.counter,
                "state": p.state,
                "handed_off_at": _iso(p.handed_off_at),
            }
            for p in procedures
        ],
        "data": app.data,
    }


def to_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(
        {"format": "madoguchi.export", "version": FORMAT_VERSION, "applications": list(records)},
        ensure_ascii=False,
        indent=2,
    )


def data_columns(records: Sequence[dict[str, Any]]) -> list[str]:
    keys = {path for r in records for path in flatten(r["data"])}
    return sorted(keys, key=natural_key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(records: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """One row per application. `columns` fixes the data columns (e.g. every key of the
    data dictionary), so files from different days line up; default: the keys present.
    A data key that equals a metadata column is written as `data.<key>`."""
    data_keys = list(columns) if columns is not None else data_columns(records)
    headers = list(META_COLUMNS) + [f"data.{k}" if k in META_COLUMNS else k for k in data_keys]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for record in records:
        flat = flatten(record["data"])
        row = [
            ";".join(record["form_ids"])
            if name == "form_ids"
            else ";".join(p["id"] for p in record["procedures"])
            if name == "procedures"
            else _cell(record[name])
            for name in META_COLUMNS
        ]
        row += [_cell(flat.get(k)) for k in data_keys]
        writer.writerow(row)
    return out.getvalue()
