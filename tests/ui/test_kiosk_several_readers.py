"""A kiosk with several readers: the resident's card in one, another card (a laptop's
built-in reader, a SAM) in another. Only the resident's reader counts."""

from __future__ import annotations

from dataclasses import replace

from card_reader.simulator import SimulatedBackend, SimulatedCard
from kiosk.scenario import Scenario, Step
from kiosk.session import Screen
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.scripted import Hooks

LAPTOP, RESIDENT = "Laptop built-in reader 00", "USB reader 01"
CARD = {"name": "見本　花子", "address": "大阪府大阪市北区中之島1丁目3番20号", "pin": "1234"}


def scenario(*steps: dict) -> Scenario:  # type: ignore[type-arg]
    return Scenario(
        today=TEST_DAY,
        name="several readers",
        card=CARD,
        steps=[Step.model_validate(s) for s in steps],
    )


def backend_with_another_card() -> SimulatedBackend:
    return SimulatedBackend({LAPTOP: SimulatedCard(is_my_number=False), RESIDENT: None})


def test_another_card_leaving_another_reader_does_not_interrupt_the_resident(
    qapp, kiosk_config, artifact_dir
) -> None:
    backend = backend_with_another_card()
    resident = SimulatedCard.from_dict(CARD)
    hooks = Hooks(
        insert_card=lambda: backend.insert(resident, RESIDENT),
        remove_card=lambda: backend.remove(LAPTOP),  # someone takes the laptop's card
    )
    steps = scenario(
        {"tap": "event_moving_in"},
        {"tap": "card_use"},
        {"insert_card": True},
        {"wait": "pin"},
        {"remove_card": True},
        {"type": "1234"},
        {"wait": "card_confirm"},
    )
    with scenario_kiosk(steps, artifact_dir, kiosk_config, backend=backend, hooks=hooks) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        assert run.kiosk.controller.session.screen == Screen.CARD_CONFIRM
    assert resident.pin_verifications() == 1


def test_the_card_reader_setting_ignores_other_readers(qapp, kiosk_config, artifact_dir) -> None:
    """With `card_reader` naming the resident's reader, a My Number Card put into
    another one is not read; the card in the named reader is the one looked at."""
    backend = SimulatedBackend({LAPTOP: None, RESIDENT: None})
    resident = SimulatedCard.from_dict(CARD)
    inserts = [
        lambda: backend.insert(resident, LAPTOP),  # outside the setting: ignored
        lambda: backend.insert(SimulatedCard(is_my_number=False), RESIDENT),
    ]
    hooks = Hooks(insert_card=lambda: inserts.pop(0)(), remove_card=lambda: None)
    steps = scenario(
        {"tap": "event_moving_in"},
        {"tap": "card_use"},
        {"insert_card": True},
        {"insert_card": True},
        {"wait": "card_problem"},  # the named reader's card is not a My Number Card
    )
    config = replace(kiosk_config, card_reader="USB reader *")
    with scenario_kiosk(steps, artifact_dir, config, backend=backend, hooks=hooks) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        notice = run.kiosk.controller.session.notice
        assert notice is not None and notice.key == "card.not_my_number_card"
    assert resident.apdu_log == []  # the My Number Card elsewhere was never touched
