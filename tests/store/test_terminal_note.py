"""A kiosk tells staff about something to act on after submitting (a card left in
the reader): a flag on the application and an audit entry, on both engines."""

from __future__ import annotations

import pytest

from tests.store.conftest import make_draft


def test_a_terminal_note_flags_the_application_and_is_audited(store, admin) -> None:
    submitted = store.submit(make_draft())
    store.record_terminal_note(submitted.application_id, "kiosk.card_left", "kiosk-2F-01")
    detail = store.detail(admin, submitted.application_id)
    (flag,) = [f for f in detail.flags if f.get("kind") == "kiosk"]
    assert flag["key"] == "kiosk.card_left" and flag["terminal_id"] == "kiosk-2F-01"
    entries = [
        e for e in store.history(admin, submitted.application_id) if e.action == "kiosk_note"
    ]
    assert [(e.actor, e.path) for e in entries] == [("terminal:kiosk-2F-01", "kiosk.card_left")]


def test_only_known_notes_are_accepted(store) -> None:
    submitted = store.submit(make_draft())
    with pytest.raises(ValueError):
        store.record_terminal_note(submitted.application_id, "anything at all")
