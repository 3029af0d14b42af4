"""The staff list's counts come from `queue_counts`, kept by triggers (migration 0008):
they must agree with counting the rows, whatever changed them, on both engines."""

from __future__ import annotations

from itertools import product

from sqlalchemy import text

from kiosk.store import QueueFilter
from kiosk.store.lifecycle import OPEN
from tests.store.conftest import make_draft

STATES = (
    tuple(OPEN),
    ("submitted",),
    ("called",),
    ("in_review",),
    ("completed",),
    ("cancelled",),
    (),
)


def _agree(store, actor) -> None:
    """Every state/group filter's count equals the rows counted one by one."""
    with store.db.engine.connect() as conn:
        for states, group in product(STATES, (None, "A", "B", "C")):
            where = ["1=1"]
            if states:
                where.append("state IN (" + ", ".join(f"'{s}'" for s in states) + ")")
            if group:
                where.append(f"counter_group = '{group}'")
            rows = conn.execute(
                text(f"SELECT count(*) FROM applications WHERE {' AND '.join(where)}")
            ).scalar_one()
            f = QueueFilter(states=states, counter_group=group)
            assert store.count_queue(actor, f) == rows, (states, group)
            assert store.queue_page(actor, f, size=2).total == rows, (states, group)


def test_counts_follow_every_change_of_state_group_and_row(store, staff, admin):
    _agree(store, admin)
    sent = [
        store.submit(make_draft(f"山田 {n}", group="AB"[n % 2], procedures=[])) for n in range(7)
    ]
    _agree(store, admin)
    ids = [s.application_id for s in sent]
    store.call(staff, ids[0], "1番")
    store.call(staff, ids[1], "2番")
    store.start_review(staff, ids[1])
    store.complete(staff, ids[1])
    store.call(staff, ids[2], "1番")
    store.cancel(staff, ids[2], "本人の申し出")
    _agree(store, admin)
    with store.db.engine.begin() as conn:  # any program's change, not only the store's
        conn.execute(
            text("UPDATE applications SET counter_group = 'C' WHERE id = :i"), {"i": ids[4]}
        )
        conn.execute(text("DELETE FROM applications WHERE id = :i"), {"i": ids[5]})
    _agree(store, admin)
    assert store.count_queue(admin, QueueFilter()) == 4  # 0 called; 3, 4 and 6 waiting


def test_a_filter_the_counts_cannot_answer_is_counted_row_by_row(store, staff, admin):
    for n in range(3):
        store.submit(make_draft(f"佐藤 {n}"))
    first = store.submit(make_draft("鈴木 一郎", procedures=[]))
    store.call(staff, first.application_id, "1番")
    assert store.count_queue(admin, QueueFilter(search="佐藤")) == 3
    assert store.count_queue(admin, QueueFilter(procedure_id="kokuho")) == 3
    assert store.count_queue(admin, QueueFilter(held_by=staff.account_id)) == 1


def test_the_migration_counts_the_applications_already_there(store, staff, admin):
    from alembic import command

    from kiosk.store.migrate import alembic_config

    for n in range(3):
        store.submit(make_draft(f"田中 {n}", group="AB"[n % 2]))
    with store.db.engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")  # as a database upgraded from before the counts
    store.upgrade()
    assert store.count_queue(admin, QueueFilter(counter_group="A")) == 2
    assert store.count_queue(admin, QueueFilter()) == 3
    store.submit(make_draft("田中 3", group="B"))
    _agree(store, admin)
