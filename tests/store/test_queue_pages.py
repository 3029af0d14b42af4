"""The staff list in keyset pages: every order walked page by page gives the same rows
as the whole list, new rows do not shift the pages already read, the count comes from
the database; the list's flag and 外字 columns follow the JSON they summarise."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import inspect

from kiosk.store import QueueFilter, migrate
from tests.store.conftest import make_draft

DOG = [{"id": "inu", "title_ja": "犬の登録事項変更", "counter": "環境課"}]


def _walk(store, me, f, size):
    numbers, page, pages = [], store.queue_page(me, f, size=size), 1
    numbers += [i.reception_number for i in page.items]
    while page.next_after is not None:
        page = store.queue_page(me, f, after=page.next_after, size=size)
        numbers += [i.reception_number for i in page.items]
        pages += 1
    return numbers, page.total, pages


@pytest.mark.parametrize("sort", ["waiting", "newest", "number", "state"])
def test_pages_walk_each_order_like_the_whole_list(store, clock, staff, admin, sort):
    for n in range(7):
        store.submit(make_draft(f"試験 {n}", group="AB"[n % 2], procedures=DOG if n % 3 else None))
        clock.advance(timedelta(seconds=0 if n == 3 else 5))  # two at the same moment
    store.call(staff, store.list_queue(admin)[2].application_id, "1番")
    f = QueueFilter(sort=sort)
    whole = [i.reception_number for i in store.list_queue(admin, f)]
    numbers, total, pages = _walk(store, admin, f, size=3)
    assert numbers == whole and len(whole) == 7
    assert (total, pages) == (7, 3)
    only_dogs = QueueFilter(sort=sort, procedure_id="inu")
    assert _walk(store, admin, only_dogs, size=2)[:2] == (
        [i.reception_number for i in store.list_queue(admin, only_dogs)],
        store.count_queue(admin, only_dogs),
    )


def test_a_page_starts_after_its_key_so_new_rows_do_not_shift_it(store, clock, admin):
    for n in range(4):
        store.submit(make_draft(f"試験 {n}"))
        clock.advance(timedelta(seconds=5))
    first = store.queue_page(admin, QueueFilter(sort="newest"), size=2)
    assert [i.reception_number for i in first.items] == ["A-004", "A-003"]
    store.submit(make_draft("後から 来た"))  # newest of all: on page 1 now, not page 2
    second = store.queue_page(admin, QueueFilter(sort="newest"), after=first.next_after, size=2)
    assert [i.reception_number for i in second.items] == ["A-002", "A-001"]
    assert second.total == 5 and second.next_after is None


def test_an_empty_list_is_one_empty_page(store, admin):
    page = store.queue_page(admin)
    assert (page.items, page.total, page.next_after) == ((), 0, None)
    with pytest.raises(ValueError):
        store.queue_page(admin, size=0)


def test_the_list_columns_follow_flags_and_glyph_checks(store, staff, admin):
    sent = store.submit(make_draft("髙橋 一郎"))  # 髙 is outside JIS X 0208: a 外字 check
    (item,) = store.list_queue(admin)
    assert (item.flag_count, item.needs_glyph_check) == (1, True)
    store.call(staff, sent.application_id, "1番")
    store.set_glyph_check(staff, sent.application_id, "applicant.name", needed=False)
    store.record_terminal_note(sent.application_id, "kiosk.card_left", "kiosk-1F-01")
    (item,) = store.queue_page(admin, QueueFilter(states=())).items
    assert (item.flag_count, item.needs_glyph_check) == (2, False)


def test_the_migration_fills_the_list_columns_of_existing_rows(store, admin):
    store.submit(make_draft("髙橋 一郎"))
    store.submit(make_draft("山田 太郎", flags=[]))
    with store.db.engine.begin() as conn:  # back to before the list columns existed
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert "flag_count" not in {
        c["name"] for c in inspect(store.db.engine).get_columns("applications")
    }
    store.upgrade()
    items = {i.display_name: i for i in store.list_queue(admin)}
    assert (items["髙橋 一郎"].flag_count, items["髙橋 一郎"].needs_glyph_check) == (1, True)
    assert (items["山田 太郎"].flag_count, items["山田 太郎"].needs_glyph_check) == (0, False)


def test_a_search_by_number_reads_the_indexes_not_every_row(sqlite_url, clock):
    """SQLite's plan for the count behind a number search: index lookups (the number,
    the spool reference), no scan of the table (a LIKE on the names would scan)."""
    from kiosk.store import Store
    from kiosk.store.queue import _count_query

    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    try:
        query = _count_query(QueueFilter(search="B-250"))
        sql = str(query.compile(store.db.engine, compile_kwargs={"literal_binds": True}))
        with store.db.engine.connect() as conn:
            plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    finally:
        store.close()
    assert "SCAN applications" not in plan, plan
    assert "ix_applications_reception_number" in plan, plan


def _queued(store, clock, first: int, count: int, name: str = "試験 {n}") -> None:
    """`count` more submitted applications, inserted in bulk (submit() writes a PDF each),
    with their search pieces (the ORM would add them)."""
    from kiosk.store.models import Application, SearchGram
    from kiosk.store.search import grams

    rows = [
        dict(
            id=str(uuid.UUID(int=n)),
            reception_number=f"A-{n:04d}",
            counter_group="A",
            service_day=clock.today(),
            seq=n,
            event_id="move_in",
            locale="ja",
            terminal_id="t",
            state="submitted",
            data={},
            form_ids=[],
            flags=[],
            glyph_checks=[],
            card_used=True,
            display_name=name.format(n=n),
            search_text=name.format(n=n),
            submitted_at=clock.now() + timedelta(seconds=n),
            received_at=clock.now(),
            print_count=0,
            version=1,
        )
        for n in range(first, first + count)
    ]
    pieces = [dict(gram=g, application_id=r["id"]) for r in rows for g in grams(r["search_text"])]
    with store.db.write() as session:
        session.execute(Application.__table__.insert(), rows)
        session.execute(SearchGram.__table__.insert(), pieces)


def _vm_steps(store, query) -> int:
    """How much work SQLite does for `query`: its virtual machine's steps, in tens."""
    sql = str(query.compile(store.db.engine, compile_kwargs={"literal_binds": True}))
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    with store.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.set_progress_handler(count, 10)
        try:
            conn.exec_driver_sql(sql).all()
        finally:
            raw.set_progress_handler(None, 10)
    return steps


@pytest.mark.parametrize("sort", ["waiting", "newest"])
def test_a_page_of_the_open_list_costs_the_same_however_long_the_queue(
    sqlite_url, clock, sort
):
    """The open list asks for three states; a page walks each state's index from its
    start and merges, instead of sorting every open row (SQLite did, for `state IN`):
    ten times the queue, about the same work for a page of 20."""
    from kiosk.store import Store
    from kiosk.store.queue import SORT_KEYS, _page_query

    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    try:
        page = _page_query(QueueFilter(sort=sort), SORT_KEYS[sort], None, 20)
        _queued(store, clock, 1, 300)
        short = _vm_steps(store, page)
        _queued(store, clock, 301, 2700)
        long = _vm_steps(store, page)
    finally:
        store.close()
    assert long < 1.5 * short, (short, long)


def test_a_name_search_reads_only_the_holders_of_its_rarest_pieces(sqlite_url, clock):
    """LIKE '%...%' reads every name; the search reads the applications holding the
    term's rarest two-character pieces (kiosk/store/search.py): ten times the queue,
    about the same work to find the one 山田 花子 among them."""
    from kiosk.store import Store
    from kiosk.store.queue import _count_query, _rarest

    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    f = QueueFilter(search="山田 花")
    try:
        _queued(store, clock, 1, 1, name="山田 花子")
        _queued(store, clock, 2, 300)
        with store.db.read() as session:
            short = _vm_steps(store, _count_query(f, _rarest(session, f)))
        _queued(store, clock, 302, 2700)
        with store.db.read() as session:
            pieces = _rarest(session, f)
        long = _vm_steps(store, _count_query(f, pieces))
        store.create_account(None, "a", "A", "a-password-1", "admin")
        me = store.sign_in("a", "a-password-1")
        assert [i.display_name for i in store.queue_page(me, f).items] == ["山田 花子"]
        by_piece = store.queue_page(me, QueueFilter(search="験 29"), size=3).items
        assert [i.display_name for i in by_piece] == ["試験 29", "試験 290", "試験 291"]
    finally:
        store.close()
    assert long < 1.5 * short, (short, long)
    assert pieces and set(pieces) <= {"山田", "田 ", " 花"}


def test_a_search_reads_the_holders_of_both_its_rarest_pieces_only(sqlite_url, clock):
    """Before, the holders of one piece were each looked up: 「12」 is in about a tenth
    of 3,000 numbered names, 「12」 and 「23」 together in a handful (SQLite: 255 steps
    against 418 here). The first page's
    count comes with its rows and agrees with the count of the whole search."""
    from kiosk.store import Store
    from kiosk.store.queue import _count_query, _rarest

    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    f = QueueFilter(search="号 123")
    try:
        _queued(store, clock, 1, 3000, name="番号 {n}")
        with store.db.read() as session:
            pieces = _rarest(session, f)
        assert len(pieces) == 2 and set(pieces) <= {"12", "23"}
        both = _vm_steps(store, _count_query(f, pieces))
        one = _vm_steps(store, _count_query(f, pieces[:1]))
        store.create_account(None, "a", "A", "a-password-1", "admin")
        me = store.sign_in("a", "a-password-1")
        page = store.queue_page(me, f, size=5)
        expected = [f"番号 {n}" for n in range(1, 3001) if str(n).startswith("123")]
        assert page.total == len(expected) == store.count_queue(me, f)
        assert [i.display_name for i in page.items] == expected[:5]
        rest = store.queue_page(me, f, after=page.next_after, size=50)
        assert [i.display_name for i in rest.items] == expected[5:]
        assert rest.total == len(expected)
        assert store.queue_page(me, QueueFilter(search="番号 9999")).total == 0
    finally:
        store.close()
    assert both < 0.75 * one, (both, one)


def test_a_corrected_name_is_found_by_its_new_pieces_only(store, staff, admin):
    sent = store.submit(make_draft("髙橋 一郎"))
    store.call(staff, sent.application_id, "1番")
    assert len(store.queue_page(admin, QueueFilter(search="髙橋")).items) == 1
    store.edit(staff, sent.application_id, {"applicant.name": "佐藤 一郎"})
    found = [i.display_name for i in store.queue_page(admin, QueueFilter(search="佐藤")).items]
    assert found == ["佐藤 一郎"]
    assert store.queue_page(admin, QueueFilter(search="髙橋")).items == ()
