"""Handover between counters: a clerk hands an application to the next department
(市民課 → 保険年金課) as its own action. It goes back to waiting, but only for that
department (call_next with another department's counter never takes it), at the
resident's original arrival, marked as a handover (from which counter, when); the
lobby board shows the number with where to go next. Audited `hand_over`
(before: the counter it left, after: the department it goes to).
"""

from __future__ import annotations

from kiosk.store import audit
from kiosk.store.access import load, require_may, require_staff
from kiosk.store.engine import Database, now
from kiosk.store.errors import InvalidTransition
from kiosk.store.lifecycle import ProcedureState, target
from kiosk.store.notifications import emit
from kiosk.store.records import ApplicationDetail, Principal
from kiosk.store.review import _has_pdf, to_detail


def open_departments(procedures: object) -> list[str]:
    """The departments (procedure counters) with work still to do, in order."""
    return list(
        dict.fromkeys(
            p.counter
            for p in procedures  # type: ignore[attr-defined]
            if p.state != ProcedureState.DONE and p.counter
        )
    )


def hand_over(
    db: Database, actor: Principal, application_id: str, department: str
) -> ApplicationDetail:
    """Hand a held application to `department`'s queue (its holder, or an admin);
    InvalidTransition unless a procedure there is still to do."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, "hand_over")
        new = target(app.state, "hand_over")
        if department not in open_departments(app.procedures):
            raise InvalidTransition(
                f"hand_over to {department}: nothing to do there",
                state=app.state,
                action="hand_over",
            )
        came_from = app.called_counter
        app.state = new
        app.handover_to, app.handover_from = department, came_from
        app.handed_over_at = now(session)
        app.holder_id = None
        app.called_at = app.called_counter = app.review_started_at = None
        app.version += 1
        audit.record(session, account, "hand_over", app, before=came_from, after=department)
        emit(session, new.value, app)
        session.flush()
        session.refresh(app, ["holder"])
        return to_detail(app, _has_pdf(session, app.id))
