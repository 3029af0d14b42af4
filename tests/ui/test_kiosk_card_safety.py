"""Card safety: however a session ends with a card in the reader, "take your card"
comes first, staff are called when that times out, and nothing starts for the next
resident until the card is out (the next person must never get the last one's PIN pad).

Each case walks a resident to one screen with their card on the reader and ends the
session there (a timeout, or the resident cancelling), through the real widgets.
"""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.scenario import Scenario, Step
from kiosk.session import Screen
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk

CARD = {
    "name": "置忘　太郎",
    "address": "東京都千代田区千代田1番1号",
    "birth_date": "19700101",
    "sex": "1",
    "pin": "1234",
}
TO_PIN = [{"tap": "event_seal"}, {"insert_card": True}, {"wait": "pin"}]
TO_CONFIRM = [*TO_PIN, {"type": "1234"}, {"wait": "card_confirm"}]
#: The seal event asks first whether to register or to end a registration.
SEAL = {"answers": {"seal.action": "register"}}
TO_QUESTION = [*TO_CONFIRM, {"tap": "confirm_ok"}, SEAL, {"expect": "question:applicant.name_kana"}]
TO_REVIEW = [
    *TO_CONFIRM,
    {"tap": "confirm_ok"},
    SEAL,
    {
        "answers": {
            "applicant.name_kana": "オキワスレ　タロウ",
            "applicant.phone": "",
            "seal.id_document": "mynumber_card",
        }
    },
    {"wait": "review"},
]
TO_PROBLEM = [{"tap": "event_seal"}, {"insert_card": True}, {"wait": "card_problem"}]
#: A blocked card, then the no-card path: the card still lies on the reader.
TO_NO_CARD_PATH = [*TO_PROBLEM, {"tap": "card_skip"}, SEAL, {"expect": "question:applicant.name"}]

#: How each session ends: idle until the countdown runs out, or the resident cancels.
TIMEOUT = [{"idle": 2.5}]
CASES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]] = {
    "timeout at card_choice": ([*TO_PIN, {"tap": "back"}, {"expect": "card_choice"}], TIMEOUT, {}),
    "timeout at pin": (TO_PIN, TIMEOUT, {}),
    "timeout at pin, digits typed": ([*TO_PIN, {"type": "12"}], TIMEOUT, {}),
    "timeout at card_confirm": (TO_CONFIRM, TIMEOUT, {}),
    "timeout at a question": (TO_QUESTION, TIMEOUT, {}),
    "timeout at review": (TO_REVIEW, TIMEOUT, {}),
    "timeout at card_problem (blocked)": (TO_PROBLEM, TIMEOUT, {"blocked": True}),
    "timeout on the no-card path": (TO_NO_CARD_PATH, TIMEOUT, {"blocked": True}),
    "cancel at card_choice": ([*TO_PIN, {"tap": "back"}], [{"tap": "back"}], {}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_session_ending_with_the_card_in_the_reader(
    case, qapp, kiosk_config, artifact_dir
) -> None:
    reach, end, card_extra = CASES[case]
    steps = [*reach, *end, {"expect": "take_card"}]
    scenario = Scenario(
        today=TEST_DAY,
        name=case,
        card={**CARD, **card_extra},
        idle_timeout_seconds=1,
        idle_countdown_seconds=1,
        steps=[Step.model_validate(s) for s in steps],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        controller, window = run.kiosk.controller, run.kiosk.window
        session = controller.session
        # The resident is forgotten already; only the card is still there.
        assert session.data == {} and session.card is None and session.pin_length == 0
        assert session.screen == Screen.TAKE_CARD and session.card_present
        assert window.current_screen().shows == Screen.TAKE_CARD

        # Nobody takes it: the reminder times out and staff are called; no restart.
        wait = Scenario(
            today=TEST_DAY,
            name="nobody takes the card",
            steps=[
                Step(idle=2.5),
                Step(expect="take_card"),
                Step(expect_notice="kiosk.take_card.staff_called"),
                Step(idle=5),
                Step(expect="take_card"),
            ],
        )
        summary = run.runner.run(wait, artifact_dir / "waiting")
        assert summary.completed, summary.errors
        assert session.staff_called

        # The next person cannot start anything while the card is there.
        blocked = Scenario(today=TEST_DAY, name="next person", steps=[Step(tap="event_seal")])
        summary = run.runner.run(blocked, artifact_dir / "blocked")
        assert not summary.completed
        controller.choose_event("seal")  # nor by any other way in
        controller.request_assist()
        assert session.screen == Screen.TAKE_CARD and session.event_id is None

        # Staff take the card out: the next resident starts afresh, with no PIN pad.
        after = Scenario(
            today=TEST_DAY,
            name="card out, next resident",
            steps=[
                Step(remove_card=True),
                Step(wait="attract"),
                Step(tap="event_seal"),
                Step(expect="card_choice"),
            ],
        )
        summary = run.runner.run(after, artifact_dir / "next")
        assert summary.completed, summary.errors
        assert session.notice is None and not session.staff_called


def test_a_card_left_after_the_no_card_path_is_asked_back_before_the_number(
    qapp, kiosk_config, artifact_dir
) -> None:
    """A blocked card, then the resident answers everything without it: the card is
    still on the reader, so "take your card" comes before the reception number."""
    steps = [
        *TO_PROBLEM,
        {"tap": "card_skip"},
        SEAL,
        {
            "answers": {
                "applicant.name": "置忘　太郎",
                "applicant.name_kana": "オキワスレ　タロウ",
                "applicant.birth_date": "1970-01-01",
                "applicant.sex": "1",
                "applicant.address": "大阪府大阪市北区中之島1丁目3番20号",
                "applicant.phone": "",
                "seal.id_document": "mynumber_card",
            }
        },
        {"wait": "review"},
        {"tap": "submit"},
        {"wait": "take_card"},
        {"remove_card": True},
        {"wait": "done"},
    ]
    scenario = Scenario(
        today=TEST_DAY,
        name="blocked card left after the no-card path",
        card={**CARD, "blocked": True},
        steps=[Step.model_validate(s) for s in steps],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert summary.reception_number
