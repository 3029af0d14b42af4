"""Staff review of one application: view, correct, mark procedures, finish."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.data import get_value, parse_path, set_value
from forms.errors import DataKeyError
from kiosk.store import audit
from kiosk.store.access import load, require_may, require_staff
from kiosk.store.allowlist import DataKeys
from kiosk.store.engine import Database, now
from kiosk.store.errors import (
    InvalidPath,
    NotFound,
    ProceduresPending,
    ReasonRequired,
    StaleApplication,
    ValidationFailed,
)
from kiosk.store.lifecycle import ProcedureState, State, target
from kiosk.store.models import Account, Application, Document, ProcedureItem
from kiosk.store.notifications import emit
from kiosk.store.queue import open_glyph_checks, refresh_derived, to_item
from kiosk.store.records import ApplicationDetail, AuditRecord, Change, GlyphCheck, Principal
from kiosk.store.roles import scope_to

#: The caller's checks (e.g. forms.checks.check bound to a catalogue and form ids):
#: takes the data as it would be after the edit, returns issues. Issues whose
#: `severity` is "error" (or that have no severity) block the edit.
Validator = Callable[[dict[str, Any]], Iterable[object]]


def to_detail(app: Application, has_pdf: bool) -> ApplicationDetail:
    return ApplicationDetail(
        summary=to_item(app),
        data=copy.deepcopy(app.data),
        form_ids=tuple(app.form_ids),
        flags=tuple(app.flags or ()),
        glyph_checks=tuple(
            GlyphCheck(c["path"], c.get("note", ""), bool(c.get("auto")))
            for c in open_glyph_checks(app.glyph_checks)
        ),
        terminal_id=app.terminal_id,
        received_at=app.received_at,
        review_started_at=app.review_started_at,
        close_reason=app.close_reason,
        print_count=app.print_count,
        has_pdf=has_pdf,
        purged=app.purged_at is not None,
    )


def _has_pdf(session: Any, application_id: str) -> bool:
    query = select(Document.application_id).where(Document.application_id == application_id)
    return session.execute(query).first() is not None


def detail(
    db: Database, actor: Principal, application_id: str, *, record_view: bool = True
) -> ApplicationDetail:
    """Everything about one application; recorded in the audit log as a view.
    `record_view=False`: read again for a view already recorded (a staff window showing
    the result of an action on the application it has open) — still only for staff."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id)
        if record_view:
            audit.record(session, account, "view", app)
        return to_detail(app, _has_pdf(session, app.id))


def pdf(db: Database, actor: Principal, application_id: str, *, record_view: bool = True) -> bytes:
    """The stored forms PDF; recorded as a view of the document (`record_view`: as
    for `detail`, when it is shown within a view already recorded)."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id)
        document = session.get(Document, application_id)
        if document is None:
            raise NotFound(f"{application_id}: no document")
        if record_view:
            audit.record(session, account, "view_pdf", app)
        return document.pdf


def _check_path(path: str) -> None:
    """InvalidPath unless `path` names one answer (`children[0].name`, not `children[].name`)."""
    try:
        parts = parse_path(path)
    except DataKeyError:
        raise InvalidPath(path) from None
    if any(index is not None and index < 0 for _, index in parts):
        raise InvalidPath(path)


def _is_blocking(issue: object) -> bool:
    severity = getattr(issue, "severity", "error")
    return str(getattr(severity, "value", severity)).lower() == "error"


def edit(
    db: Database,
    actor: Principal,
    application_id: str,
    changes: Mapping[str, Any],
    *,
    validate: Validator | None = None,
    expected_version: int | None = None,
    keys: DataKeys | None = None,
) -> tuple[ApplicationDetail, list[Change]]:
    """Correct answers by path (`{"applicant.name": "髙橋 一郎"}`).

    Each path and value must pass the allowlist (`keys`): a dictionary fact, never a
    sensitive one, no 12-digit number (InvalidDraft names the path).

    Only the holder may edit. Runs `validate` on the data as it would be; blocking
    issues raise ValidationFailed and nothing is saved. Each changed field gets its
    own audit entry with before and after. Returns the new detail and the changes.
    """
    for path, value in changes.items():
        _check_path(path)
        if keys is not None:
            keys.check_edit(path, value)
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, "edit")
        if expected_version is not None and app.version != expected_version:
            raise StaleApplication(app.reception_number)
        data = copy.deepcopy(app.data)
        done: list[Change] = []
        for path, value in changes.items():
            before = get_value(data, path)
            if before == value:
                continue
            try:
                set_value(data, path, value, strict=True)
            except DataKeyError:
                raise InvalidPath(path) from None
            done.append(Change(path, before, value))
        if validate is not None:
            blocking = [i for i in validate(copy.deepcopy(data)) if _is_blocking(i)]
            if blocking:
                raise ValidationFailed(blocking)
        if done:
            app.data = data
            refresh_derived(app, keys if keys is not None else DataKeys.load())
            app.version += 1
            for change in done:
                audit.record(
                    session,
                    account,
                    "edit",
                    app,
                    path=change.path,
                    before=change.before,
                    after=change.after,
                )
            emit(session, "edited", app)
        return to_detail(app, _has_pdf(session, app.id)), done


def set_glyph_check(
    db: Database, actor: Principal, application_id: str, path: str, *, needed: bool, note: str = ""
) -> ApplicationDetail:
    """Flag a name or address for a 外字/字形 check (needed=True) or clear it once checked."""
    _check_path(path)
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, "glyph_check")
        if needed and get_value(app.data, path) is None:
            raise InvalidPath(path)
        checks = [c for c in app.glyph_checks if c["path"] != path]
        if needed:
            checks.append({"path": path, "note": note, "auto": False})
        else:
            # Remember what was checked, so a later edit elsewhere does not bring the
            # automatic check back for the same value.
            value = get_value(app.data, path)
            checks.append(
                {"path": path, "note": note, "auto": False, "cleared": True, "value": value}
            )
        app.glyph_checks = checks
        app.version += 1
        audit.record(
            session,
            account,
            "glyph_check" if needed else "glyph_checked",
            app,
            path=path,
            note=note or None,
        )
        emit(session, "edited", app)
        return to_detail(app, _has_pdf(session, app.id))


#: A change to one procedure of a locked application, made in `change_procedure`.
ProcedureChange = Callable[[Session, Account, Application, ProcedureItem], None]


def change_procedure(
    db: Database,
    actor: Principal,
    application_id: str,
    procedure_id: str,
    action: str,
    change: ProcedureChange,
) -> ApplicationDetail:
    """The guarded update of one procedure: signed-in staff, the application locked,
    `action` allowed in its state (lifecycle), the procedure part of it; then `change`,
    the `procedure` event for the other terminals and the application as it is now."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, action)
        item = next((p for p in app.procedures if p.procedure_id == procedure_id), None)
        if item is None:
            raise NotFound(f"{app.reception_number}: no procedure {procedure_id}")
        change(session, account, app, item)
        emit(session, "procedure", app)
        return to_detail(app, _has_pdf(session, app.id))


def mark_procedure(
    db: Database, actor: Principal, application_id: str, procedure_id: str, *, done: bool = True
) -> ApplicationDetail:
    def mark(session: Session, account: Account, app: Application, item: ProcedureItem) -> None:
        item.state = ProcedureState.DONE if done else ProcedureState.PENDING
        item.done_at = now(session) if done else None
        item.done_by_id = account.id if done else None
        app.version += 1
        audit.record(
            session,
            account,
            "procedure_done" if done else "procedure_reopened",
            app,
            path=procedure_id,
        )

    return change_procedure(db, actor, application_id, procedure_id, "procedure", mark)


def start_review(db: Database, actor: Principal, application_id: str) -> ApplicationDetail:
    return _move(db, actor, application_id, "start_review")


def complete(db: Database, actor: Principal, application_id: str) -> ApplicationDetail:
    return _move(db, actor, application_id, "complete")


def release(db: Database, actor: Principal, application_id: str) -> ApplicationDetail:
    """Put a called application back in the queue (the resident did not come)."""
    return _move(db, actor, application_id, "release")


def return_to_resident(
    db: Database, actor: Principal, application_id: str, reason: str
) -> ApplicationDetail:
    return _move(db, actor, application_id, "return", reason=reason)


def cancel(db: Database, actor: Principal, application_id: str, reason: str) -> ApplicationDetail:
    return _move(db, actor, application_id, "cancel", reason=reason)


def _move(
    db: Database,
    actor: Principal,
    application_id: str,
    action: str,
    *,
    reason: str | None = None,
) -> ApplicationDetail:
    if reason is not None and not reason.strip():
        raise ReasonRequired(action)
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, action)
        new = target(app.state, action)
        if new == State.COMPLETED:
            pending = [p.procedure_id for p in app.procedures if p.state != ProcedureState.DONE]
            if pending:
                raise ProceduresPending(app.reception_number, pending)
        at = now(session)
        app.state = new
        if new == State.IN_REVIEW:
            app.review_started_at = at
        elif new == State.SUBMITTED:
            app.holder_id = None
            app.called_at = app.called_counter = app.review_started_at = None
        else:
            app.closed_at = at
            app.close_reason = reason.strip() if reason else None
        app.version += 1
        audit.record(session, account, action, app, note=reason)
        emit(session, new.value, app)
        session.flush()
        session.refresh(app, ["holder"])
        return to_detail(app, _has_pdf(session, app.id))


def record_reprint(
    db: Database, actor: Principal, application_id: str, note: str | None = None
) -> int:
    """Note that the forms were printed again; returns how often they have been printed."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        if app.purged_at is not None:
            raise NotFound(f"{app.reception_number}: personal data purged")
        app.print_count += 1
        audit.record(session, account, "reprint", app, note=note)
        emit(session, "printed", app)
        return app.print_count


#: What a terminal prints for an application: the reception ticket, the filled forms.
PRINTED = ("ticket", "forms")


def _reported_on(session: Session, application_id: str) -> Application:
    """The application a terminal reports on, locked; none once its data is purged."""
    scope_to(session, application_id)  # a kiosk's role sees only this one
    app = load(session, application_id, lock=True)
    if app.purged_at is not None:
        raise NotFound(f"{app.reception_number}: personal data purged")
    return app


def record_print_result(
    db: Database,
    application_id: str,
    what: str,
    *,
    ok: bool,
    detail: str = "",
    terminal_id: str = "",
) -> None:
    """A terminal printed (`ok`) or failed to print the ticket or the forms.

    A failure adds a flag `{"kind": "print", "what", "key": "printing.flag.<what>_failed",
    "detail", "terminal_id", "at"}` so the staff queue shows it; a later success for the
    same `what` clears that flag. Printed forms count in `print_count`. Audited either
    way (`print` / `print_failed`, path = what, note = detail), actor `terminal:<id>`.
    """
    if what not in PRINTED:
        raise ValueError(f"what must be one of {PRINTED}, not {what!r}")
    with db.write() as session:
        app = _reported_on(session, application_id)
        flags = list(app.flags or ())
        kept = [f for f in flags if not (_is_print_flag(f) and f.get("what") == what)]
        if not ok:
            kept.append(
                {
                    "kind": "print",
                    "what": what,
                    "key": f"printing.flag.{what}_failed",
                    "detail": detail,
                    "terminal_id": terminal_id,
                    "at": now(session).isoformat(),
                }
            )
        if ok and what == "forms":
            app.print_count += 1
        if kept != flags:
            app.flags = kept
            app.version += 1
            emit(session, "edited", app)
        elif ok and what == "forms":
            emit(session, "printed", app)
        actor = f"terminal:{terminal_id}" if terminal_id else "terminal"
        action = "print" if ok else "print_failed"
        audit.record(session, actor, action, app, path=what, note=detail or None)


#: What a terminal may report about an application after submitting it.
TERMINAL_NOTES = ("kiosk.card_left",)


def record_terminal_note(
    db: Database, application_id: str, key: str, *, terminal_id: str = ""
) -> None:
    """A terminal reports something staff must act on (the resident left their card
    in the reader): a flag `{"kind": "kiosk", "key", "terminal_id", "at"}` and an
    audit entry `kiosk_note`, actor `terminal:<id>`."""
    if key not in TERMINAL_NOTES:
        raise ValueError(f"key must be one of {TERMINAL_NOTES}, not {key!r}")
    with db.write() as session:
        app = _reported_on(session, application_id)
        flag = {
            "kind": "kiosk",
            "key": key,
            "terminal_id": terminal_id,
            "at": now(session).isoformat(),
        }
        app.flags = [*list(app.flags or ()), flag]
        app.version += 1
        emit(session, "edited", app)
        actor = f"terminal:{terminal_id}" if terminal_id else "terminal"
        audit.record(session, actor, "kiosk_note", app, path=key)


def _is_print_flag(flag: Any) -> bool:
    return isinstance(flag, dict) and flag.get("kind") == "print"


def replace_pdf(db: Database, actor: Principal, application_id: str, document: bytes) -> None:
    """Store forms rendered again after corrections (the holder only)."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = load(session, application_id, lock=True)
        require_may(account, app, "replace_pdf")
        existing = session.get(Document, application_id)
        if existing is None:
            session.add(Document(application_id=app.id, pdf=document, created_at=now(session)))
        else:
            existing.pdf = document
            existing.created_at = now(session)
        app.version += 1
        audit.record(session, account, "replace_pdf", app)
        emit(session, "edited", app)


def history(
    db: Database, actor: Principal, application_id: str, *, record_view: bool = True
) -> Sequence[AuditRecord]:
    """The audit trail of one application (edits with before/after), oldest first.
    It shows answers as they were: the read is audited (`view_history`; `record_view`:
    as for `detail`)."""
    with db.write() as session:
        account = require_staff(session, actor)
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound(application_id)
        if record_view:
            audit.record(session, account, "view_history", app)
    with db.read() as session:
        return audit.entries(session, application_id=application_id)
