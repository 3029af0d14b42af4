"""The detail view enables the actions the life cycle allows this desk
(kiosk.store.allowed_actions), the same rule the store enforces."""

from __future__ import annotations

from kiosk.store import allowed_actions
from tests.ui.staff.seed import PASSWORD, submit
from ui.staff.detail_view import BUTTON_ACTIONS


def _enabled(detail) -> set[str]:
    return {BUTTON_ACTIONS[name] for name in BUTTON_ACTIONS if detail.buttons[name].isEnabled()}


def test_buttons_follow_the_life_cycle(qtbot, desktop, store, staff_account, catalogue) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    store.call(staff_account, sub.application_id, "1番")  # another desk holds it
    window = desktop.sign_in("sato", PASSWORD)
    desktop.open_number(sub.reception_number)
    desktop.wait_idle()
    summary = desktop.desk.current.detail.summary
    me = desktop.desk.principal
    allowed = allowed_actions(summary.state, summary.holder, me)
    assert _enabled(window.detail) == allowed & set(BUTTON_ACTIONS.values())
    assert "edit" in allowed
    # Sato holds it: he may start the review; completing waits for the procedures.
    assert _enabled(window.detail) == {
        "recall", "start_review", "release", "hand_over", "return", "cancel",
    }  # fmt: skip
    assert window.detail.edit_button.isEnabled() is False  # no answer chosen yet
    assert window.detail.select_answer("new_address.postal_code")
    assert window.detail.edit_button.isEnabled()
