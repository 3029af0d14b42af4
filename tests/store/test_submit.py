"""Submitting: reception numbers per day and group, idempotency, no individual numbers."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from kiosk.store import InvalidDraft, Store
from kiosk.store.models import Application
from kiosk.store.numbers import allocate
from tests.store.conftest import make_draft


def test_numbers_count_up_per_counter_group(store, admin):
    a1 = store.submit(make_draft(group="A"))
    a2 = store.submit(make_draft(group="A"))
    b1 = store.submit(make_draft(group="B"))
    assert (a1.reception_number, a2.reception_number, b1.reception_number) == (
        "A-001",
        "A-002",
        "B-001",
    )
    item = store.list_queue(admin, search="A-002")[0]
    assert item.application_id == a2.application_id
    assert item.state == "submitted"
    assert (
        item.submitted_at.tzinfo is not None and item.submitted_at.utcoffset().total_seconds() == 0
    )


def test_each_local_day_starts_again_at_one(store):
    with store.db.write() as session:
        first = [allocate(session, "A", date(2025, 4, 1)) for _ in range(3)]
        second = allocate(session, "A", date(2025, 4, 2))
    assert first == [1, 2, 3]
    assert second == 1


def test_the_same_draft_twice_is_stored_once(store, admin):
    draft = make_draft()
    first = store.submit(draft)
    again = store.submit(draft)
    assert again.application_id == first.application_id
    assert again.reception_number == first.reception_number
    assert again.already_stored and not first.already_stored
    assert store.count_queue(admin) == 1


def test_concurrent_kiosks_never_share_a_number(store):
    kiosks, each = 6, 15
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(kiosks)

    def kiosk(n: int) -> None:
        terminal = Store(store.url, clock=store.clock)  # its own engine, like another machine
        try:
            start.wait()
            for _ in range(each):
                sub = terminal.submit(make_draft(terminal_id=f"kiosk-{n}"))
                with lock:
                    results.append(sub.reception_number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            terminal.close()

    threads = [threading.Thread(target=kiosk, args=(n,)) for n in range(kiosks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert len(results) == kiosks * each
    assert sorted(results) == [f"A-{n:03d}" for n in range(1, kiosks * each + 1)]
    with store.db.read() as session:
        stored = list(session.scalars(select(Application.reception_number)))
    assert sorted(stored) == sorted(results)


def test_concurrent_flushes_of_the_same_uuid_store_one_application(store, admin):
    draft = make_draft()
    out = []
    start = threading.Barrier(4)

    def flush() -> None:
        terminal = Store(store.url, clock=store.clock)
        start.wait()
        out.append(terminal.submit(draft))
        terminal.close()

    threads = [threading.Thread(target=flush) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(out) == 4
    # One number for all four (the stored one). On PostgreSQL a losing terminal may
    # have drawn a number first, so it need not be A-001 (a gap, never a repeat).
    numbers = {s.reception_number for s in out}
    assert len(numbers) == 1
    if not store.db.is_postgresql:
        assert numbers == {"A-001"}
    assert sum(not s.already_stored for s in out) == 1
    assert store.count_queue(admin) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"uuid": "not-a-uuid"},
        {"counter_group": "A B"},
        {"counter_group": ""},
        {"event_id": ""},
        {"data": {"applicant": {"name": "x", "individual_number": "123456789018"}}},
        {"procedures": [{"id": "x", "title_ja": "x"}]},
        {"procedures": [{"id": "x", "title_ja": "x", "counter": "c"}] * 2},
        {"data": {"applicant": {"photo": b"bytes"}}},
    ],
)
def test_drafts_that_cannot_be_stored_are_refused(store, change, admin):
    with pytest.raises(InvalidDraft) as info:
        store.submit(make_draft(**change))
    assert info.value.key == "store.invalid_draft"
    assert store.count_queue(admin) == 0


def test_a_yes_no_about_the_individual_number_is_not_an_individual_number(store):
    # 住民票: "include the individual number on the certificate?" is a choice.
    draft = make_draft(data={"certificate": {"with_individual_number": False}})
    assert store.submit(draft).reception_number


def test_names_outside_jis_x_0208_are_flagged_for_a_glyph_check(store, staff, admin):
    plain = store.submit(make_draft("山田 太郎"))
    rare = store.submit(make_draft("𠮷田 太郎"))
    by_id = {i.application_id: i for i in store.list_queue(admin)}
    assert not by_id[plain.application_id].needs_glyph_check
    assert by_id[rare.application_id].needs_glyph_check
    store.call(staff, rare.application_id, "1番")
    detail = store.detail(staff, rare.application_id)
    assert [(g.path, g.auto) for g in detail.glyph_checks] == [("applicant.name", True)]


def test_the_day_of_a_number_is_the_city_halls_local_day(db_url):
    """00:30 on 1 April in Tokyo is still 31 March in UTC: the number's day (and its
    sequence) follows the city hall's clock, not the database's or UTC."""
    from datetime import UTC, datetime

    from kiosk.clock import Clock

    moment = datetime(2025, 3, 31, 15, 30, tzinfo=UTC)
    for zone, day in (("Asia/Tokyo", date(2025, 4, 1)), ("UTC", date(2025, 3, 31))):
        store = Store(db_url, clock=Clock.at(moment, zone))
        store.upgrade()
        sub = store.submit(make_draft(group=zone[:1]))
        with store.db.read() as session:
            row = session.get(Application, sub.application_id)
            assert row is not None and row.service_day == day
        assert sub.reception_number == f"{zone[:1]}-001"
        store.close()
