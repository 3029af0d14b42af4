"""From a finished session to a submitted application: render the forms, then hand the
application to the store, or to the spool when the database cannot take it.

Nothing here touches Qt; the kiosk runs both steps in worker threads.
"""

from __future__ import annotations

import copy
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from i18n import DEFAULT_LOCALE, Translator, paper_translator, text_of, translator
from kiosk.config import Config
from kiosk.session import Receipt, ResidentSession
from kiosk.store.allowlist import redact
from kiosk.store.errors import DatabaseUnavailable, StoreError
from kiosk.store.records import ApplicationDraft, Submission

log = logging.getLogger(__name__)


@dataclass
class PreparedApplication:
    """The rendered batch and everything the store needs, ready for review and submit."""

    application_id: str
    event_id: str
    form_ids: list[str]
    procedures: list[dict[str, str]]
    pdf: bytes
    pages: int
    flags: list[Any] = field(default_factory=list)
    #: Where each fact is printed (forms.render.FieldArea): a tap on a preview page
    #: finds the question that filled it.
    areas: list[Any] = field(default_factory=list)
    #: The same batch rendered again with the reception number (cover, every footer and
    #: QR): the number is known only after submitting, and paper must carry it.
    numbered: Callable[[str], bytes] | None = field(default=None, repr=False)

    def pdf_for(self, reception_number: str | None) -> bytes:
        """The PDF to print: with the reception number once there is one."""
        if reception_number and self.numbered is not None:
            return self.numbered(reception_number)
        return self.pdf


def cover_wording(locale: str) -> tuple[Translator, ...]:
    """The cover sheet's languages for `forms.render.render_batch`: Japanese, and the
    resident's language beneath it (forms does not import i18n); readings written into
    a text (やさしい日本語) are printed in brackets."""
    if locale == DEFAULT_LOCALE:
        return (translator(DEFAULT_LOCALE),)
    return (translator(DEFAULT_LOCALE), paper_translator(locale))


def prepare_application(catalogue: Any, session: ResidentSession) -> PreparedApplication:
    """Render every form the chosen procedures need into one PDF (cover sheet first)."""
    # reportlab, the fonts and QR: imported by the kiosk's warm-up after its first
    # paint (KioskController.warm_up), not at start.
    from forms.render import render_batch

    if session.event_id is None:
        raise ValueError("no life event chosen")
    application_id = session.application_id or str(uuid.uuid4())
    session.application_id = application_id
    form_ids = session.form_ids()
    data = copy.deepcopy(session.submission_data())
    today = session.clock.today()
    batch = render_batch(
        catalogue, data, form_ids, application_id=application_id, today=today,
        wording=cover_wording(session.locale),
    )

    def numbered(reception_number: str) -> bytes:
        return render_batch(catalogue, data, form_ids, application_id, reception_number,
                            today=today, wording=cover_wording(session.locale)).pdf  # fmt: skip

    procedures = [
        {
            "id": p.id,
            "title_ja": text_of(p.title, "ja"),
            "counter": _counter_name(p),
        }
        for p in session.procedures()
    ]
    flags: list[Any] = [{"kind": "session", "key": key} for key in session.staff_flags]
    if session.assisted:
        # The counter should know these answers were entered by staff, not the resident.
        flags.append({"kind": "session", "key": "kiosk.assisted"})
    flags += [_flag_dict(f) for f in batch.flags]
    return PreparedApplication(
        application_id=application_id,
        event_id=session.event_id,
        form_ids=list(batch.form_ids),
        procedures=procedures,
        pdf=batch.pdf,
        pages=batch.pages,
        flags=flags,
        areas=list(batch.areas),
        numbered=numbered,
    )


def submit_or_spool(
    prepared: PreparedApplication,
    session: ResidentSession,
    config: Config,
    store: Any,
    spool: Any,
) -> Receipt:
    """Submit to the store; if the database is unreachable, keep it in the spool.

    `store` is a Store, a callable making one (connecting may fail too), or None.
    Either way the resident leaves with something to show at the counter, and the
    application is never lost: the spool submits it when the database returns.
    """
    draft = ApplicationDraft(
        event_id=prepared.event_id,
        locale=session.locale,
        terminal_id=config.terminal_id,
        counter_group=config.counter_group,
        # A 12-digit number typed into an answer would be refused by the store (and
        # the application with it): masked here, so the resident's application goes in.
        data=redact(session.submission_data()),
        procedures=prepared.procedures,
        form_ids=prepared.form_ids,
        pdf=prepared.pdf,
        flags=redact(prepared.flags),
        card_used=session.card is not None,
        uuid=prepared.application_id,
        created_at=session.clock.now(),
    )
    return deliver(draft, store, spool)


def deliver(draft: ApplicationDraft, store: Any, spool: Any) -> Receipt:
    """Outbox first: the draft is on disk (fsync) before the database is asked, and
    leaves the disk once the database confirms. A crash at any point leaves either the
    file (the spool delivers it at the next start, once: the store is idempotent on the
    UUID) or the stored application, never nothing.

    If the spool cannot be written (full disk), the database is still tried; only when
    both fail does the error reach the resident's screen."""
    try:
        reference = spool.begin(draft)
    except StoreError as exc:  # SpoolFull / SpoolError
        log.warning("spool not writable (%s); trying the database alone", exc.key)
        submission = _submit(draft, store)
        if submission is None:
            raise
        return _receipt(submission)
    try:
        submission = _submit(draft, store)
        if submission is not None:
            try:
                spool.delivered(draft.uuid)
            except OSError as exc:  # stored all the same: the next flush finds it there
                log.warning("delivered file not removed (%s)", exc.strerror)
    finally:
        spool.release(draft.uuid)
    if submission is None:
        # The file stays; the flusher hands it in when the database answers again.
        return Receipt(
            reception_number=None, application_id=draft.uuid, spooled_reference=reference
        )
    return _receipt(submission)


def _submit(draft: ApplicationDraft, store: Any) -> Submission | None:
    """The store's answer, or None when there is no store or it cannot take it now."""
    if store is None:
        return None
    try:
        if callable(store) and not hasattr(store, "submit"):
            store = store()
        submission: Submission = store.submit(draft)
    except (DatabaseUnavailable, StoreError) as exc:
        log.warning("database unavailable at submit (%s); kept in the spool", type(exc).__name__)
        return None
    return submission


def _receipt(submission: Submission) -> Receipt:
    return Receipt(
        reception_number=submission.reception_number,
        application_id=str(submission.application_id),
    )


def _counter_name(procedure: Any) -> str:
    """The department that handles the procedure, by its Japanese name (市民課): the
    staff window filters the queue by it and shows it."""
    return text_of(procedure.department.name, "ja")


def _flag_dict(flag: Any) -> dict[str, Any]:
    if isinstance(flag, dict):
        return flag
    if hasattr(flag, "__dataclass_fields__"):
        from dataclasses import asdict

        return {"kind": "render", **asdict(flag)}
    return {"kind": "render", "text": str(flag)}


def print_after_submit(
    receipt: Receipt,
    prepared: PreparedApplication,
    session: ResidentSession,
    config: Config,
    ticket_printer: Any,
    store_factory: Any,
    page_print: Any = None,
    where_to_wait: str = "",
) -> list[Any]:
    """Print the reception ticket (and the forms, if this kiosk prints them).

    A printer that is off, out of paper or unplugged never costs the resident their
    place: the number is on the screen, the application is in the queue, and staff
    see a "print failed" flag on it. Returns the printer errors, for the screen.
    """
    from kiosk.printing import print_and_record
    from kiosk.ticket import ReceptionTicket

    # A spooled application is not in the database yet: nothing to record there.
    store = None
    if receipt.reception_number and store_factory is not None:
        try:
            store = store_factory() if callable(store_factory) else store_factory
        except StoreError:
            store = None
    # Each procedure in Japanese, and beneath it in the resident's language.
    resident = paper_translator(session.locale)
    own = {p.id: (resident.text(p.title), resident.text(p.department.name))
           for p in session.procedures()}  # fmt: skip
    ticket = ReceptionTicket.from_receipt(
        receipt,
        [(p["title_ja"], p["counter"], *own.get(p["id"], ())) for p in prepared.procedures],
        where_to_wait=where_to_wait,
        locale=session.locale,
        issued_at=session.clock.local_now(),
    )
    errors = []
    if ticket_printer is not None and ticket_printer.enabled:
        error = print_and_record(
            lambda: ticket_printer.print_ticket(ticket),
            "ticket",
            receipt.application_id,
            store,
            config.terminal_id,
        )
        if error is not None:
            errors.append(error)
    if config.print_forms and page_print is not None:
        error = print_and_record(
            lambda: page_print(prepared.pdf_for(receipt.reception_number)),
            "forms",
            receipt.application_id,
            store,
            config.terminal_id,
        )
        if error is not None:
            errors.append(error)
    return errors
