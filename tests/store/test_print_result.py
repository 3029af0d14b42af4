"""Store.record_print_result on real SQLite and PostgreSQL: a failed print is a flag the
staff queue shows, a later success clears it, and both are in the audit log."""

from __future__ import annotations

import pytest

from kiosk.store import NotFound, Store
from tests.store.conftest import make_draft


def _print_flags(store: Store, staff, application_id: str) -> list[dict]:
    return [f for f in store.detail(staff, application_id).flags if f.get("kind") == "print"]


def test_a_failed_ticket_print_flags_the_application_for_staff(store, staff, admin):
    sub = store.submit(make_draft())
    before = store.list_queue(admin)[0]
    store.record_print_result(
        sub.application_id,
        "ticket",
        ok=False,
        detail="printing.unavailable: 192.0.2.7:9100: timed out",
        terminal_id="kiosk-1F-01",
    )
    item = store.list_queue(admin)[0]
    assert item.flag_count == before.flag_count + 1
    assert item.version == before.version + 1
    (flag,) = _print_flags(store, staff, sub.application_id)
    assert flag["what"] == "ticket"
    assert flag["key"] == "printing.flag.ticket_failed"
    assert flag["terminal_id"] == "kiosk-1F-01"
    assert "timed out" in flag["detail"]
    # The render flag from submit is still there.
    assert {"kind": "render", "text": "address did not fit"} in store.detail(
        staff, sub.application_id
    ).flags
    entry = [e for e in store.audit_log(admin, sub.application_id) if e.action == "print_failed"]
    assert len(entry) == 1
    assert entry[0].actor == "terminal:kiosk-1F-01"
    assert entry[0].path == "ticket"
    assert "timed out" in (entry[0].note or "")


def test_success_is_audited_counts_printed_forms_and_clears_the_flag(store, staff, admin):
    sub = store.submit(make_draft())
    store.record_print_result(sub.application_id, "forms", ok=False, detail="offline")
    store.record_print_result(sub.application_id, "ticket", ok=False, detail="paper out")
    assert len(_print_flags(store, staff, sub.application_id)) == 2
    assert store.detail(staff, sub.application_id).print_count == 0

    store.record_print_result(sub.application_id, "forms", ok=True, terminal_id="kiosk-2")
    (left,) = _print_flags(store, staff, sub.application_id)
    assert left["what"] == "ticket"  # only the forms' flag went
    assert store.detail(staff, sub.application_id).print_count == 1

    store.record_print_result(sub.application_id, "ticket", ok=True)
    assert _print_flags(store, staff, sub.application_id) == []
    actions = [
        (e.action, e.path, e.actor)
        for e in store.audit_log(admin, sub.application_id)
        if e.action.startswith("print")
    ]
    assert actions == [
        ("print_failed", "forms", "terminal"),
        ("print_failed", "ticket", "terminal"),
        ("print", "forms", "terminal:kiosk-2"),
        ("print", "ticket", "terminal"),
    ]


def test_a_successful_ticket_changes_nothing_staff_see(store, staff):
    sub = store.submit(make_draft())
    before = store.detail(staff, sub.application_id)
    store.record_print_result(sub.application_id, "ticket", ok=True)
    after = store.detail(staff, sub.application_id)
    assert after.flags == before.flags
    assert after.summary.version == before.summary.version
    assert after.print_count == 0


def test_failures_are_seen_by_a_watcher(store, other_store):
    sub = store.submit(make_draft())
    watcher = other_store.watch(poll_interval=0.05)
    try:
        assert watcher.ready.wait(10)
        store.record_print_result(sub.application_id, "ticket", ok=False, detail="x")
        kinds = []
        for _ in range(40):
            event = watcher.events.get(timeout=5)
            kinds.append((getattr(event, "kind", None), getattr(event, "application_id", None)))
            if ("edited", sub.application_id) in kinds:
                break
        assert ("edited", sub.application_id) in kinds
    finally:
        watcher.stop()


def test_unknown_application_and_bad_what(store):
    with pytest.raises(NotFound):
        store.record_print_result("00000000-0000-4000-8000-000000000000", "ticket", ok=False)
    sub = store.submit(make_draft())
    with pytest.raises(ValueError, match="ticket"):
        store.record_print_result(sub.application_id, "receipt", ok=True)
