"""The Qt table models over the store's records, checked with Qt's model tester while
rows arrive, leave, change and move, as they do when other desks work the queue."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from kiosk.clock import Clock
from kiosk.store import QueueFilter, QueueItem, Store
from tests.ui.staff.seed import PASSWORD, family, submit
from ui.models.queue import QueueTableModel
from ui.models.table import KeyRole, RecordRole


@pytest.fixture
def items(sqlite_url: str, clock: Clock) -> list[QueueItem]:
    """Five real queue rows from a real store (the model never touches the database)."""
    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    store.create_account(None, "admin", "管理", PASSWORD, "admin")
    for name in ("𠮷田 花子", "髙橋 一郎", "山田 太郎", "佐藤 次郎", "鈴木 三郎"):
        submit(store, data=family(name), render=False)
    listed = store.list_queue(store.sign_in("admin", PASSWORD), QueueFilter())
    store.close()
    return listed


def _changes(model: QueueTableModel, items: list[QueueItem]) -> None:
    a, b, c, d, e = items
    model.set_records([a, b, c])  # three arrive
    model.set_records([a, c])  # one leaves from the middle
    model.set_records([d, a, c, e])  # two arrive, at the front and the end
    model.set_records([c, a, d, e])  # the order changes
    called = replace(
        a, state="called", holder="sato", called_counter="3番窓口", version=a.version + 1
    )
    model.set_records([c, called, d, e])  # a row changes in place
    model.set_records([])  # everything closes


def test_queue_model_passes_the_python_model_tester_through_every_kind_of_change(
    qtmodeltester, items, clock
) -> None:
    model = QueueTableModel(clock)
    qtmodeltester.check(model, force_py=True)
    _changes(model, items)
    assert model.rowCount() == 0


def test_queue_model_passes_qts_own_model_tester(qapp, qtlog, items, clock) -> None:
    model = QueueTableModel(clock)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    _changes(model, items)
    failures = [r.message for r in qtlog.records if "FAIL" in r.message]
    assert failures == []
    del tester


def test_rows_follow_their_application_through_updates(qapp, items, clock) -> None:
    model = QueueTableModel(clock)
    a, b, c, d, _ = items
    model.set_records([a, b, c])
    selected = QPersistentModelIndex(model.index(1, 3))  # b's name
    model.set_records([d, c, b])  # a left, d arrived, order changed
    assert selected.isValid()
    assert selected.row() == 2
    assert model.data(model.index(selected.row(), 0), KeyRole) == b.application_id
    assert [model.item(r).application_id for r in range(3)] == [
        d.application_id,
        c.application_id,
        b.application_id,
    ]
    with pytest.raises(ValueError):
        model.set_records([a, a])


def test_columns_show_number_state_waiting_name_and_glyph_mark(qapp, items, clock) -> None:
    model = QueueTableModel(clock)
    first = items[0]
    model.set_records([first])
    text = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert text[0] == first.reception_number
    assert text[1] == "受付済み"
    assert text[2] == "0分"
    assert text[3] == "𠮷田 花子"
    assert "※字形" in text[6]  # 𠮷 is outside JIS X 0208
    assert model.data(model.index(0, 0), RecordRole) == first
    assert model.headerData(0, Qt.Orientation.Horizontal) == "受付番号"
    # Time passes: the waiting column counts on after tick(), and nothing else changes.
    seen = []
    model.dataChanged.connect(lambda tl, br, roles: seen.append((tl.column(), br.column())))
    clock.advance(timedelta(minutes=75))
    model.tick()
    assert seen == [(2, 2)]
    assert model.data(model.index(0, 2)) == "1時間15分"
    model.set_locale("en")
    assert model.data(model.index(0, 1)) == "Waiting"
    assert model.data(model.index(0, 2)) == "1 h 15 min"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Number"
