"""Through the real kiosk widgets: a 転居 (move within the city) to an address in another
city is said to be a 転出 and goes on as one; a 転入 whose card address is already in the
city is said to be a 転居 (issue 10, item 10). The kiosk's municipality is its setting."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.scenario import Scenario, Step, load_scenario
from kiosk.session import Screen
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
WITHIN = load_scenario(SCENARIOS / "event_moving_within_card.yaml")
IN_THE_CITY = "東京都千代田区霞が関二丁目1番2号"  # the card's address: in 千代田区
OSAKA = {"new_address.postal_code": "5300005", "new_address.address": "大阪府大阪市北区中之島"}


def up_to_answers(scenario: Scenario) -> list[dict[str, Any]]:
    """The scenario's steps before its answers (event, card, PIN, confirm)."""
    steps: list[dict[str, Any]] = []
    for step in scenario.steps:
        kind, value = step.action
        if kind == "answers":
            return steps
        steps.append({kind: value})
    raise AssertionError("no answers in the scenario")


def within_answers(**changes: Any) -> dict[str, Any]:
    for step in WITHIN.steps:
        kind, value = step.action
        if kind == "answers":
            return {**value, **changes}
    raise AssertionError("no answers")


def build(steps: list[dict[str, Any]], card: dict[str, Any], locale: str = "ja") -> Scenario:
    return Scenario(
        today=TEST_DAY,
        name="other event",
        locale=locale,
        card=card,
        steps=[Step.model_validate(s) for s in steps],
    )


@pytest.mark.parametrize("locale", ["ja", "en", "pt_BR"])
def test_a_move_within_to_another_city_goes_on_as_moving_out(
    locale, qapp, kiosk_config, artifact_dir
) -> None:
    card = {**(WITHIN.card or {}), "address": IN_THE_CITY}
    steps = [
        *up_to_answers(WITHIN),
        {"answers": within_answers(**OSAKA)},
        {"expect": "other_event"},
    ]
    config = replace(kiosk_config, municipality="東京都千代田区")
    with scenario_kiosk(build(steps, card, locale), artifact_dir, config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        window = run.kiosk.window
        screen = window.current_screen()
        screen.grab().save(str(artifact_dir / f"other_event_{locale}.png"))
        tr = run.kiosk.controller.translator
        message = screen.findChild(type(screen.title), "other_event_message")
        expected = run.kiosk.controller.text_of(
            run.kiosk.controller.catalogue.event("moving_within").other_event[1].message
        )
        assert message.text() == expected and message.isVisible()
        if locale != "ja":
            assert "転出" not in message.text().split("(")[0]  # the resident's language
        assert screen.title.text() == tr("kiosk.other_event.title")
        here = screen.findChild(type(screen.title), "other_event_here")
        assert "東京都千代田区" in here.text()
        assert screen.fix.isVisible()  # the new address was an answer: it can be corrected
        moving_out = run.kiosk.controller.text_of(
            run.kiosk.controller.catalogue.event("moving_out").title
        )
        assert moving_out in screen.offer.text()
        # the resident takes the offer: the same answers, now as a 転出
        run.runner.scenario = build(
            [
                {"tap": "other_event_switch"},
                {"answers": within_answers(**OSAKA)},
                {"wait": "review"},
            ],
            card,
            locale,
        )
        summary = run.runner.run()
        assert summary.completed, summary.errors
        session = run.kiosk.controller.session
        assert session.event_id == "moving_out"
        procedures = [p.id for p in session.procedures()]
        assert "juminido_tenshutsu" in procedures and "juminido_tenkyo" not in procedures
        assert session.submission_data()["new_address"]["address"] == OSAKA["new_address.address"]


def test_correcting_the_new_address_keeps_the_move_within(qapp, kiosk_config, artifact_dir) -> None:
    card = {**(WITHIN.card or {}), "address": IN_THE_CITY}
    steps = [
        *up_to_answers(WITHIN),
        {"answers": within_answers(**OSAKA)},
        {"expect": "other_event"},
        {"tap": "other_event_fix"},
        # the code typed (which gave the address) is shown again to correct: 消す x7
        {"expect": "question:new_address.postal_code"},
        *[{"tap": "key_delete"}] * 7,
        {"answers": within_answers()},
        {"wait": "review"},
    ]
    config = replace(kiosk_config, municipality="東京都千代田区")
    with scenario_kiosk(build(steps, card), artifact_dir, config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        session = run.kiosk.controller.session
        assert session.event_id == "moving_within"
        assert session.screen == Screen.REVIEW


def test_moving_in_with_a_card_from_this_city_is_offered_as_moving_within(
    qapp, kiosk_config, artifact_dir
) -> None:
    """The card's address is in the city: said at once, before any question; nothing to
    correct (the card gave it), the back button returns to the card choice."""
    card = {**(WITHIN.card or {}), "address": IN_THE_CITY}
    steps = [
        *up_to_answers(load_scenario(SCENARIOS / "event_moving_in_card.yaml")),
        {"expect": "other_event"},
    ]
    config = replace(kiosk_config, municipality="東京都千代田区")
    with scenario_kiosk(build(steps, card), artifact_dir, config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        screen.grab().save(str(artifact_dir / "other_event_moving_in.png"))
        assert not screen.fix.isVisible()
        assert "転居" in screen.message.text()
        run.runner.scenario = build(
            [{"tap": "other_event_switch"}, {"expect": "question:household.has_children"}], card
        )
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert run.kiosk.controller.session.event_id == "moving_within"
