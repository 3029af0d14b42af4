"""Claiming is atomic: two desks never hold the same application."""

from __future__ import annotations

import threading

import pytest

from kiosk.store import (
    AlreadyClaimed,
    InvalidTransition,
    NotHolder,
    ProceduresPending,
    ReasonRequired,
    Store,
)
from tests.store.conftest import make_draft

ROUNDS = 25


def _race(functions):
    """Run the functions at the same instant; return (results, exceptions)."""
    start = threading.Barrier(len(functions))
    results, errors = [], []

    def run(fn):
        start.wait()
        try:
            results.append(fn())
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in functions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_two_desks_calling_the_same_number_exactly_one_wins_every_round(
    store, staff, staff2, admin
):
    desk1, desk2 = Store(store.url, clock=store.clock), Store(store.url, clock=store.clock)
    try:
        for _ in range(ROUNDS):
            app_id = store.submit(make_draft()).application_id
            results, errors = _race(
                [
                    lambda app_id=app_id: desk1.call(staff, app_id, "1番"),
                    lambda app_id=app_id: desk2.call(staff2, app_id, "2番"),
                ]
            )
            assert len(results) == 1, errors
            assert len(errors) == 1 and isinstance(errors[0], AlreadyClaimed)
            winner = results[0].holder
            assert errors[0].holder == winner
            assert store.list_queue(admin, search=results[0].reception_number)[0].holder == winner
    finally:
        desk1.close()
        desk2.close()


def test_desks_calling_next_at_once_never_get_the_same_application(store, new_staff, admin):
    count = 24
    submitted = {store.submit(make_draft()).application_id for _ in range(count)}
    desks = [(Store(store.url, clock=store.clock), new_staff(f"desk{n}")) for n in range(4)]
    claimed: list[str] = []
    lock = threading.Lock()

    def work(desk: Store, who) -> None:
        while (item := desk.call_next(who, who.username)) is not None:
            with lock:
                claimed.append(item.application_id)

    _, errors = _race([lambda d=d, w=w: work(d, w) for d, w in desks])
    for desk, _ in desks:
        desk.close()
    assert errors == []
    assert sorted(claimed) == sorted(submitted)  # each exactly once
    assert store.count_queue(admin, states=("submitted",)) == 0


def test_call_next_takes_the_longest_waiting_and_respects_filters(store, staff):
    first = store.submit(make_draft(group="A"))
    store.submit(
        make_draft(
            group="B", procedures=[{"id": "inu", "title_ja": "犬の登録", "counter": "環境課"}]
        )
    )
    store.submit(make_draft(group="A"))
    assert store.call_next(staff, "1番", counter_group="B").reception_number == "B-001"
    assert store.call_next(staff, "1番", procedure_counter="環境課") is None
    called = store.call_next(staff, "1番")
    assert called.application_id == first.application_id
    assert called.state == "called" and called.called_counter == "1番" and called.holder == "sato"


def test_lifecycle_to_completion(store, staff):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "3番")
    store.start_review(staff, app_id)
    with pytest.raises(ProceduresPending) as info:
        store.complete(staff, app_id)
    assert info.value.pending == ["juminhyo", "kokuho"]
    store.mark_procedure(staff, app_id, "juminhyo")
    detail = store.mark_procedure(staff, app_id, "kokuho")
    assert [p.state for p in detail.summary.procedures] == ["done", "done"]
    done = store.complete(staff, app_id)
    assert done.summary.state == "completed" and done.summary.closed_at is not None
    with pytest.raises(InvalidTransition):
        store.cancel(staff, app_id, "mistake")


def test_only_the_holder_changes_a_called_application(store, staff, staff2, admin):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    with pytest.raises(NotHolder):
        store.edit(staff2, app_id, {"applicant.name": "別人"})
    with pytest.raises(NotHolder):
        store.mark_procedure(staff2, app_id, "juminhyo")
    with pytest.raises(AlreadyClaimed):
        store.return_to_resident(staff2, app_id, "書類不足")
    # An admin may take it back to the queue (the holder went home).
    assert store.release(admin, app_id).summary.state == "submitted"
    assert store.call(staff2, app_id, "2番").holder == "suzuki"


def test_return_and_cancel_need_a_reason(store, staff):
    app_id = store.submit(make_draft()).application_id
    store.call(staff, app_id, "1番")
    with pytest.raises(ReasonRequired):
        store.return_to_resident(staff, app_id, "  ")
    returned = store.return_to_resident(staff, app_id, "本人確認書類がない")
    assert returned.summary.state == "returned" and returned.close_reason == "本人確認書類がない"
    other = store.submit(make_draft()).application_id
    assert store.cancel(staff, other, "二重申請").summary.state == "cancelled"
    with pytest.raises(InvalidTransition) as info:
        store.call(staff, other, "1番")
    assert info.value.state == "cancelled" and info.value.action == "call"


def test_release_puts_it_back_and_recall_updates_the_lobby(store, staff):
    app_id = store.submit(make_draft()).application_id
    called = store.call(staff, app_id, "5番")
    recalled = store.recall(staff, app_id)
    assert recalled.called_at > called.called_at
    board = store.lobby_board()
    assert [(c.reception_number, c.counter) for c in board.calling] == [("A-001", "5番")]
    back = store.release(staff, app_id)
    assert back.summary.state == "submitted" and back.summary.holder is None
    assert store.lobby_board().waiting == 1
