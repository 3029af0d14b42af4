"""Read-aloud: with 読み上げ on, every screen is spoken when it shows — its heading, its
texts and its controls — in the resident's language; PIN keys are never named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from i18n.ruby import spoken
from kiosk.scenario import Step, load_scenario
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.speech import phrase_separator
from ui.widgets.ruby_label import RubyLabel

THIN_PATH = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml")


class Recorder:
    """A speech engine that writes down what it is asked to say."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, locale: str, *, queue: bool = False) -> None:
        self.said.append((locale, text))

    def stop(self) -> None:
        pass


@pytest.mark.parametrize("locale", ["ja", "en", "ja@easy"])
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
            title = screen.title  # as it sounds: やさしい日本語 is said by its readings
            text = title.source_text() if isinstance(title, RubyLabel) else title.text()
            heard.setdefault(screen_id, spoken(text))

        window.screen_shown.connect(note)
        summary = run.runner.run()
        assert summary.completed, summary.errors
        tr = run.kiosk.controller.translator
    assert run.kiosk.controller.read_aloud
    said = [text for loc, text in recorder.said if loc == locale]
    assert said and len(said) >= len(summary.screens) - 1
    # Every screen's heading was said (after 読み上げ was turned on).
    for screen_id, title in heard.items():
        if title:
            assert any(title in text for text in said), screen_id
    # The PIN screen: the keypad is said once, no key by its digit.
    # (やさしい日本語 is said by its readings, without the readings' markup.)
    pin = [t for t in said if spoken(tr("kiosk.pin.title")) in t]
    assert pin and spoken(tr("kiosk.speech.keypad")).rstrip("。.") in pin[0]
    assert not [t for t in said if "《" in t]
    phrases = pin[0].split(phrase_separator(locale))
    assert not [p for p in phrases if p.strip().isdigit()], phrases


class ScreenRecorder(Recorder):
    """Also notes which screen each phrase was said on, and what had the focus."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.window = window
        #: (screen id, text, "screen" or "control", what the screen must say or the
        #: widget that had the focus)
        self.by_screen: list[tuple[str, str, str, Any]] = []
        self.saying: str | None = None  # "screen" or "change" while the speaker says one
        speaker = window.speaker
        for kind in ("screen", "change"):
            setattr(speaker, f"say_{kind}", self._noting(kind, getattr(speaker, f"say_{kind}")))

    def _noting(self, kind: str, method: Any) -> Any:
        def noted(*args: Any, **kwargs: Any) -> None:
            self.saying = kind
            try:
                method(*args, **kwargs)
            finally:
                self.saying = None

        return noted

    def say(self, text: str, locale: str, *, queue: bool = False) -> None:
        super().say(text, locale, queue=queue)
        screen = self.window.current_screen()
        if self.saying == "screen":
            kind, about = "screen", _expected(self.window, screen)
        elif self.saying == "change":
            kind, about = "change", None
        else:
            focused = QApplication.focusWidget()
            name = ""
            if focused is not None:
                name = focused.accessibleName() or getattr(focused, "text", lambda: "")()
            kind, about = ("queued" if queue else "control"), name.strip()
        self.by_screen.append((self.window.controller.session.screen_id, text, kind, about))


def _expected(window, screen) -> list[str]:  # type: ignore[no-untyped-def]
    """What a screen must say, found independently of the speech code: its heading,
    for a question the catalogue's question, help and choices, and every visible
    control a key can reach (digit keys of a keypad excepted)."""
    c = window.controller
    want = [screen.title.text()]
    if c.session.screen.value == "question" and c.session.flow and c.session.flow.current:
        spec = screen.field(c.session.flow.current)
        if heading := screen.page.heading(c.translator):
            want += list(heading)  # the page's own words (a town list's) in its place
        else:
            want.append(c.text_of(spec.question or spec.label))
            if spec.help:
                want.append(c.text_of(spec.help))
        if spec.type == "yes_no":
            want += [c.translator("common.yes"), c.translator("common.no")]
        if spec.type in ("choice", "multi_choice"):
            want += [c.text_of(ch.label) for ch in c.catalogue.choices.get(spec.choices, [])]
    for button in screen.findChildren(QAbstractButton):
        if not button.isVisible() or button.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if button.objectName().removeprefix("key_").isdigit():
            continue
        if button.property("speech_grouped"):  # a calendar's day: the calendar is said
            want.append(c.translator("kiosk.speech.calendar"))
            continue
        want.append(button.accessibleName() or button.text())
    return [w.strip().rstrip("。.") for w in want if w.strip()]


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_screen_of_a_move_in_is_spoken_whole(
    locale, qapp, kiosk_config, artifact_dir
) -> None:
    """Every screen of a move-in says its heading first, then its question, help and
    every choice (from the catalogue), and every control a key can reach; then the
    control that has the focus, by its name."""
    scenario = THIN_PATH.model_copy(
        update={"locale": locale, "steps": [Step(tap="read_aloud"), *THIN_PATH.steps]}
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, screenshots=False) as run:
        window = run.kiosk.window
        recorder = ScreenRecorder(window)
        window.speaker.engine = recorder
        summary = run.runner.run()
        assert summary.completed, summary.errors
    screens = [entry for entry in recorder.by_screen if entry[2] == "screen"]
    seen = {screen_id for screen_id, *_ in screens}
    # Every screen of the run after 読み上げ, each question among them.
    assert set(summary.screens) - {"attract"} <= seen
    # The thin path's 11 questions (12 before one yes answered for both heads).
    assert sum(s.startswith("question:") for s in seen) >= 11
    for screen_id, text, _kind, expected in screens:
        assert text.startswith(expected[0]), (screen_id, text[:60])
        missing = [w for w in expected if w not in text]
        assert not missing, (screen_id, missing)
    # With each screen, the control that has the focus is named after it; and every
    # control the focus moves to is named.
    queued = 0
    for i, (screen_id, text, kind, name) in enumerate(recorder.by_screen):
        if kind in ("queued", "control"):
            assert name and text.startswith(name), (screen_id, text, name)
        if kind == "queued":
            queued += 1
            assert recorder.by_screen[i - 1][2] == "screen", screen_id  # right after it
    assert queued >= len(screens) - 3, (queued, len(screens))
