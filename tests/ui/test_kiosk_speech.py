"""Read-aloud: with 読み上げ on, every screen is spoken when it shows — its heading, its
texts and its controls — in the resident's language; PIN keys are never named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.scenario import Step, load_scenario
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.speech import phrase_separator

THIN_PATH = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml")


class Recorder:
    """A speech engine that writes down what it is asked to say."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, locale: str, *, queue: bool = False) -> None:
        self.said.append((locale, text))

    def stop(self) -> None:
        pass


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_screen_is_spoken_and_pin_keys_never(
    locale, qapp, kiosk_config, artifact_dir
) -> None:
    scenario = THIN_PATH.model_copy(
        update={"locale": locale, "steps": [Step(tap="read_aloud"), *THIN_PATH.steps]}
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        window = run.kiosk.window
        recorder = Recorder()
        window.speaker.engine = recorder
        heard: dict[str, str] = {}

        def note(screen_id: str) -> None:  # what the screen showed, to compare with
            screen = window.current_screen()
            heard.setdefault(screen_id, screen.title.text())

        window.screen_shown.connect(note)
        summary = run.runner.run()
        assert summary.completed, summary.errors
        tr = run.kiosk.controller.tr
    assert run.kiosk.controller.read_aloud
    spoken = [text for loc, text in recorder.said if loc == locale]
    assert spoken and len(spoken) >= len(summary.screens) - 1
    # Every screen's heading was said (after 読み上げ was turned on).
    for screen_id, title in heard.items():
        if title:
            assert any(title in text for text in spoken), screen_id
    # The PIN screen: the keypad is said once, no key by its digit.
    pin = [t for t in spoken if tr("kiosk.pin.title") in t]
    assert pin and tr("kiosk.speech.keypad").rstrip("。.") in pin[0]
    phrases = pin[0].split(phrase_separator(locale))
    assert not [p for p in phrases if p.strip().isdigit()], phrases
