"""基幹へ連携済: which procedures' data reached their core systems (住民記録, 国保 …).

A procedure is handed off by the export (`madoguchi export --mark-handed-off`, under the
administrator who ran it) or by hand in the staff window; each is audited (`handoff`,
`handoff_undone`, the note says how), and the export can leave out what is handed off.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.store import audit
from kiosk.store.engine import Database, now
from kiosk.store.errors import InvalidTransition
from kiosk.store.lifecycle import ProcedureState
from kiosk.store.models import Account, Application, ProcedureItem
from kiosk.store.records import ApplicationDetail, Principal
from kiosk.store.review import change_procedure


def mark_handed_off(
    db: Database,
    actor: Principal,
    application_id: str,
    procedure_id: str,
    *,
    handed_off: bool = True,
) -> ApplicationDetail:
    """基幹へ連携済 by hand: this procedure's data is in its core system (or, undone, not
    yet). Any staff member (it moves no data and an application is usually closed by
    then); only a procedure that is done; audited `handoff` / `handoff_undone`."""

    def hand_off(session: Session, account: Account, app: Application, item: ProcedureItem) -> None:
        if handed_off and item.state != ProcedureState.DONE:
            raise InvalidTransition(
                f"handoff of {procedure_id}: {item.state}", state=item.state, action="handoff"
            )
        set_handed_off(session, account, app, item, via="hand" if handed_off else None)

    return change_procedure(db, actor, application_id, procedure_id, "handoff", hand_off)


def set_handed_off(
    session: Session, account: Account, app: Application, item: ProcedureItem, via: str | None
) -> None:
    """Record (via "export" / "hand") or clear (None) one procedure's hand-off; the
    audit action says which (`handoff_export`, `handoff`, `handoff_undone`)."""
    item.handed_off_at = now(session) if via else None
    item.handed_off_by = account.username if via else None
    item.handed_off_via = via
    app.version += 1
    audit.record(
        session,
        account,
        {"export": "handoff_export", "hand": "handoff"}.get(via or "", "handoff_undone"),
        app,
        path=item.procedure_id,
    )
