"""The staff list: filter by state, procedure, counter; search; sort by waiting time."""

from __future__ import annotations

from kiosk.store import QueueFilter
from tests.store.conftest import make_draft

DOG = [{"id": "inu", "title_ja": "犬の登録事項変更", "counter": "環境課"}]


def test_filters_search_and_sort(store, staff, admin):
    store.submit(make_draft("山田 太郎"))
    store.submit(make_draft("Silva Maria", group="B", procedures=DOG))
    a2 = store.submit(make_draft("佐藤 花子", spool_ref="S-00AB12"))
    store.call(staff, a2.application_id, "1番")

    def numbers(**criteria):
        return [i.reception_number for i in store.list_queue(admin, **criteria)]

    assert numbers() == ["A-001", "B-001", "A-002"]  # longest waiting first
    assert numbers(sort="newest") == ["A-002", "B-001", "A-001"]
    assert numbers(states=("submitted",)) == ["A-001", "B-001"]
    assert numbers(states=("called",)) == ["A-002"]
    assert numbers(procedure_id="inu") == ["B-001"]
    assert numbers(counter="保険年金課") == ["A-001", "A-002"]
    assert numbers(counter_group="B") == ["B-001"]
    assert numbers(held_by=staff.account_id) == ["A-002"]
    assert numbers(search="a-2") == ["A-002"]
    assert numbers(search="1") == ["A-001", "B-001"]
    assert numbers(search="silva") == ["B-001"]
    assert numbers(search="佐藤") == ["A-002"]
    assert numbers(search="山田 花子") == ["A-001", "B-001", "A-002"]  # children's names count too
    assert numbers(search="s-00ab12") == ["A-002"]
    assert numbers(search="100%_") == []
    assert numbers(limit=1, offset=1) == ["B-001"]
    assert store.count_queue(admin, QueueFilter(states=("submitted",))) == 2
    item = store.list_queue(admin, search="B-001")[0]
    assert item.display_name == "Silva Maria"
    assert [p.procedure_id for p in item.procedures] == ["inu"]
    assert item.waiting_seconds(store.clock.now()) >= 0 and item.flag_count == 1 and item.card_used


def test_lobby_board_shows_called_numbers_and_how_many_wait(store, staff, staff2):
    for group in "AAB":
        store.submit(make_draft(group=group))
    store.call_next(staff, "1番")
    store.call_next(staff2, "2番", counter_group="B")
    board = store.lobby_board()
    assert [(c.reception_number, c.counter) for c in board.calling] == [
        ("B-001", "2番"),
        ("A-001", "1番"),
    ]
    assert board.waiting == 1 and board.waiting_by_group == {"A": 1}
    assert store.lobby_board(counter_group="B").waiting == 0
