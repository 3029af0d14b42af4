"""Input that matches reality: an answer the fact's rule refuses (an empty 番地, too
long a text) is refused on the same question with the reason, nothing typed lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.scenario import Scenario, Step, load_scenario
from kiosk.session import Screen
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question as steps_to_question
from ui.kiosk.run_script import scenario_kiosk

THIN_PATH = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml")
CARD = THIN_PATH.card


def to_question(key: str) -> list[dict[str, Any]]:
    """The thin path's steps up to the question `key` (its answers before it)."""
    return steps_to_question(THIN_PATH, key)


TO_BANCHI = to_question("new_address.banchi")


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_an_empty_banchi_is_refused_with_the_reason(
    locale, qapp, kiosk_config, artifact_dir
) -> None:
    steps = [
        *TO_BANCHI,
        {"answer": ""},
        {"expect": "question:new_address.banchi"},
        {"expect_notice": "forms.check.required"},
        {"answer": "1-1"},
        {"expect": "question:new_address.building"},
    ]
    scenario = Scenario(
        today=TEST_DAY,
        name="empty banchi",
        locale=locale,
        card=CARD,
        steps=[Step.model_validate(s) for s in steps],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert "forms.check.required" in summary.notices
        session = run.kiosk.controller.session
        assert session.data["new_address"]["banchi"] == "1-1"


def test_too_long_a_text_is_refused_and_kept_to_correct(qapp, kiosk_config, artifact_dir) -> None:
    """番地 takes 30 characters (the dictionary's rule): 31 are not cut, they are refused
    with the limit, and the text stays on the keyboard to be corrected."""
    too_long = "1" * 31
    steps = [*TO_BANCHI, {"answer": too_long}, {"expect_notice": "forms.check.too_long"}]
    scenario = Scenario(
        today=TEST_DAY,
        name="long banchi",
        card=CARD,
        steps=[Step.model_validate(s) for s in steps],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        assert run.kiosk.controller.session.screen == Screen.QUESTION
        assert screen.page.value() == too_long
        assert "30" in screen.notice.text()


def test_a_long_name_is_taken_whole_said_and_flagged_for_staff(
    qapp, kiosk_config, artifact_dir
) -> None:
    """Neither cut at 20 characters a part nor refused: the limit of the forms is said on
    the name screen, and a longer name (kept in katakana here) is flagged for staff."""
    surname = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"  # 25
    given = "ハヒフヘホマミムメモヤユヨラリルレロワヲ"  # 20
    name = f"{surname}\u3000{given}"
    steps = [
        {"tap": "event_seal"},
        {"tap": "card_skip"},
        {"answers": {"seal.action": "register"}},
        {"expect": "question:applicant.name"},
        {"answers": {"applicant.name": name, "applicant.name_kana": name}},
    ]
    scenario = Scenario(
        today=TEST_DAY,
        name="long name",
        steps=[Step.model_validate(s) for s in steps],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        shown_help: list[str] = []
        window = run.kiosk.window

        def note_help(screen_id: str) -> None:
            if screen_id == "question:applicant.name":
                shown_help.append(window.current_screen().help.text())

        window.screen_shown.connect(note_help)
        summary = run.runner.run()
        assert summary.completed, summary.errors
        session = run.kiosk.controller.session
        assert session.data["applicant"]["name"] == name
        assert "kiosk.flag.name_too_long" in session.staff_flags
        assert "kiosk.flag.name_kana_only" in session.staff_flags
        assert shown_help and "40" in shown_help[0]
