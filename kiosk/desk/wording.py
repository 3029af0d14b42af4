"""What a staff desk says, in the desk's language: error texts, procedure titles, the
call-next message. `tr` is an `i18n.Translator`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from forms.catalogue import Catalogue
from i18n import Translator, text_of
from kiosk.desk.editing import messages
from kiosk.store import ProceduresPending, StoreError, ValidationFailed

log = logging.getLogger(__name__)


def error_text(exc: BaseException, tr: Translator, title: Callable[[str], str]) -> str:
    """A failed call in words; `title(procedure_id)`: a procedure as staff call it."""
    if isinstance(exc, ValidationFailed):
        return "\n".join(messages(exc.issues, tr))
    if isinstance(exc, ProceduresPending):  # their titles, never their ids
        titles = [title(pid) for pid in exc.pending]
        return tr(exc.key, pending=tr("staff.list_separator").join(titles))
    if isinstance(exc, StoreError):
        return tr(exc.key, **exc.params)
    log.exception("staff desk: unexpected error", exc_info=exc)
    return tr("staff.error.unexpected", detail=type(exc).__name__)


def procedure_title(
    catalogue: Catalogue, locale: str, tr: Translator, procedure_id: str, title_ja: str
) -> str:
    """The catalogue's title in the desk's language; else the stored Japanese title (an
    application begun under an older catalogue), else "unknown"."""
    known = catalogue.procedures.get(procedure_id)
    if known is not None:
        return text_of(known.title, locale)
    return title_ja or tr("staff.procedure.unknown")


def called(tr: Translator, number: str, counter: str, held: Sequence[str]) -> str:
    """Call-next's message; the numbers this clerk already holds are said, not refused
    (one clerk, several residents waiting on them)."""
    text = tr("staff.call.called", number=number, counter=counter)
    if held:
        sep = tr("staff.list_separator")
        text += "\n" + tr("staff.call.also_holding", numbers=sep.join(held))
    return text


def handoff_done(tr: Translator, title: str, handed_off: bool) -> str:
    key = "staff.done.handed_off" if handed_off else "staff.done.handoff_undone"
    return tr(key, procedure=title)


def procedure_refused(tr: Translator, title: str, done: bool, reason: str) -> str:
    key = "staff.procedure.not_done" if done else "staff.procedure.not_undone"
    return tr(key, procedure=title, reason=reason)
