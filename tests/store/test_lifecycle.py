"""The life cycle's allowed actions (kiosk.store.lifecycle.allowed_actions) are what
the store lets each account do: the staff window enables its buttons by that one rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.store import (
    AlreadyClaimed,
    InvalidTransition,
    NotHolder,
    Principal,
    State,
    Store,
    allowed_actions,
)
from kiosk.store.lifecycle import WHO
from tests.store.conftest import make_draft

#: How to bring a new application into each state; "sato" holds the open ones.
STATES = ("submitted", "called", "in_review", "completed", "returned", "cancelled")


def _into(store: Store, holder: Principal, state: str) -> str:
    app_id = store.submit(make_draft()).application_id
    if state == "submitted":
        return app_id
    if state == "cancelled":
        store.cancel(holder, app_id, "二重申請")
        return app_id
    store.call(holder, app_id, "1番")
    if state == "returned":
        store.return_to_resident(holder, app_id, "書類不足")
    if state in ("in_review", "completed"):
        store.start_review(holder, app_id)
        for procedure in ("juminhyo", "kokuho"):  # "complete" asks for them done
            store.mark_procedure(holder, app_id, procedure)
    if state == "completed":
        store.complete(holder, app_id)
    return app_id


def _work_left_at_hoken(store: Store, holder: Principal, app_id: str) -> None:
    """A handover needs work still to do there (a fact of the data, not of the state):
    the holder reopens 国保 when _into ticked it for completing."""
    summary = store.detail(holder, app_id).summary
    if summary.state == "in_review" and summary.holder == holder.username:
        store.mark_procedure(holder, app_id, "kokuho", done=False)


def _take(store: Store, actor: Principal, action: str, app_id: str, holder: Principal) -> None:
    do: dict[str, Callable[[], object]] = {
        "call": lambda: store.call(actor, app_id, "2番"),
        "recall": lambda: store.recall(actor, app_id),
        "start_review": lambda: store.start_review(actor, app_id),
        "complete": lambda: store.complete(actor, app_id),
        "release": lambda: store.release(actor, app_id),
        "hand_over": lambda: (
            _work_left_at_hoken(store, holder, app_id),
            store.hand_over(actor, app_id, "保険年金課"),
        ),
        "return": lambda: store.return_to_resident(actor, app_id, "書類不足"),
        "cancel": lambda: store.cancel(actor, app_id, "二重申請"),
        "edit": lambda: store.edit(actor, app_id, {"applicant.name": "山田 一郎"}),
        "procedure": lambda: store.mark_procedure(actor, app_id, "juminhyo", done=False),
        "glyph_check": lambda: store.set_glyph_check(actor, app_id, "applicant.name", needed=True),
        "replace_pdf": lambda: store.replace_pdf(actor, app_id, b"%PDF-1.7 again"),
        # Undone: marking needs the procedure done, a fact of the data, not of the state.
        "handoff": lambda: store.mark_handed_off(actor, app_id, "juminhyo", handed_off=False),
    }
    assert do.keys() == WHO.keys(), "every action of the life cycle is tried"
    do[action]()


@pytest.mark.parametrize("state", STATES)
def test_the_store_allows_exactly_the_allowed_actions(
    state: str, sqlite_url: str, clock, request: pytest.FixtureRequest
) -> None:
    store = Store(sqlite_url, clock=clock)
    store.upgrade()
    request.addfinalizer(store.close)
    store.create_account(None, "admin", "管理者", "correct-horse", "admin")
    admin = store.sign_in("admin", "correct-horse")
    for name in ("sato", "suzuki"):
        store.create_account(admin, name, name.title(), "correct-horse")
    holder, other = store.sign_in("sato", "correct-horse"), store.sign_in("suzuki", "correct-horse")
    for actor in (holder, other, admin):
        done = set()
        for action in WHO:
            app_id = _into(store, holder, state)
            shown = store.detail(actor, app_id).summary
            try:
                _take(store, actor, action, app_id, holder)
            except (NotHolder, AlreadyClaimed, InvalidTransition):  # the store's refusals
                continue
            done.add(action)
        assert done == allowed_actions(shown.state, shown.holder, actor), actor.username


def test_who_may_act_on_a_held_application() -> None:
    me = Principal(1, "sato", "Sato", "staff")
    admin = Principal(2, "admin", "管理者", "admin")
    assert allowed_actions(State.SUBMITTED, None, me) == {"call", "return", "cancel", "handoff"}
    mine = allowed_actions(State.IN_REVIEW, "sato", me)
    assert mine == {"complete", "release", "hand_over", "return", "cancel"} | {
        "edit",
        "procedure",
        "glyph_check",
        "replace_pdf",
        "handoff",
    }
    assert allowed_actions(State.CALLED, "suzuki", me) == {"handoff"}  # 基幹へ連携済: anyone
    # An admin may take a held application back (the holder went home), not work on it.
    assert allowed_actions(State.CALLED, "suzuki", admin) == {
        "recall",
        "release",
        "hand_over",
        "return",
        "cancel",
        "handoff",
    }
    for closed in (State.COMPLETED, State.RETURNED, State.CANCELLED):
        assert allowed_actions(closed, "sato", me) == {"handoff"}
