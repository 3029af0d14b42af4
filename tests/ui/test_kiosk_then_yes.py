"""A yes that answers the next yes/no question yes too (`then_yes` in the data
dictionary): on 「あなたが世帯主ですか」, 「はい（前の住所でも世帯主）」 answers it and
前住所の世帯主は同じ, a screen less for most heads of household; the plain はい and いいえ
still ask the previous address's head, also after coming back — through the real
widgets. Not offered where the forms do not need the previous head (a birth)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.scenario import Scenario, Step, load_scenario
from tests.clock import TEST_DAY
from tests.support.scenarios import to_question
from tests.ui.test_kiosk_then_none import tap
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.questions import QuestionScreen

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def up_to(scenario: str, key: str) -> Scenario:
    loaded = load_scenario(SCENARIOS / f"{scenario}.yaml")
    steps = [Step.model_validate(s) for s in to_question(loaded, key)]
    return loaded.model_copy(update={"today": TEST_DAY, "name": f"to {key}", "steps": steps})


HEAD = "household.applicant_is_head"


def on_the_head_question(run: Any) -> QuestionScreen:
    """The kiosk's screen once the scenario has brought it to the head question."""
    summary = run.runner.run()
    assert summary.completed, summary.errors
    run.runner._settle()
    screen = run.kiosk.window.current_screen()
    assert isinstance(screen, QuestionScreen)
    assert run.kiosk.controller.session.flow.current == HEAD
    return screen


def test_one_yes_for_both_heads_and_the_plain_yes_still_asks(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(up_to("event_moving_in_no_card", HEAD), artifact_dir, kiosk_config) as run:
        screen = on_the_head_question(run)
        session = run.kiosk.controller.session
        flow = session.flow
        assert screen.yes_no.both.isVisible()
        assert screen.yes_no.both.text() == "はい（前の住所でも世帯主）"
        screen.grab().save(str(artifact_dir / "head.png"))
        tap(run, "answer_then_yes")
        assert session.data["household"]["applicant_is_head"] is True
        assert session.data["previous_head"]["same"] is True
        assert flow.current == "household.member_count"  # the previous head not asked
        # The form's 前住所の世帯主 leads back to the screen that gave it.
        assert session.question_for_fact("previous_head.same") == HEAD
        # Back, and the plain はい: now the previous address's head is asked after all.
        tap(run, "back")
        assert flow.current == HEAD
        tap(run, "answer_yes")
        assert (flow.current, session.data["previous_head"]["same"]) == ("previous_head.same", None)
        run.runner._settle()
        assert not run.kiosk.window.current_screen().yes_no.both.isVisible()
        tap(run, "answer_no")
        assert (flow.current, session.data["previous_head"]["same"]) == ("previous_head.name", False)
        # Answered on its own screen: the head's plain はい leaves it be.
        for name in ("back", "back", "answer_yes"):
            tap(run, name)
        assert session.data["previous_head"]["same"] is False


def test_no_second_yes_where_the_previous_head_is_not_asked(
    qapp, kiosk_config, artifact_dir
) -> None:
    with scenario_kiosk(up_to("event_birth_card", HEAD), artifact_dir, kiosk_config) as run:
        screen = on_the_head_question(run)
        assert screen.yes_no.yes.isVisible() and not screen.yes_no.both.isVisible()
