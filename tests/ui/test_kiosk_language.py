"""The language choice: from any screen, each language named in itself, the answers
kept, and every language button inside the window at every text size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

from kiosk.scenario import Scenario, Step
from tests.clock import TEST_DAY
from tests.fixtures.qt import settle
from ui.kiosk.run_script import scenario_kiosk
from ui.theme import TextSize


def test_a_resident_changes_language_mid_flow_and_keeps_the_answers(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = Scenario(
        today=TEST_DAY,
        name="change language",
        steps=[
            Step(tap="event_moving_in"),
            Step(tap="card_skip"),
            Step(expect="question:applicant.birth_date"),
            Step(answer="1980-04-12"),
            Step(tap="language"),
            Step(tap="lang_en"),
        ],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.errors == [] and summary.completed
        controller = run.kiosk.controller
        assert controller.session.locale == "en"
        assert controller.session.data["applicant"]["birth_date"] == "1980-04-12"
        # Back on the same question as before the change, now in English.
        assert controller.session.screen_id == summary.screens[-1]
        assert summary.screens[-1] != "question:applicant.birth_date"
        screen = run.kiosk.window.current_screen()
        assert screen.language_button.text().startswith("Language")
        assert not run.kiosk.window.languages.isVisible()


@pytest.mark.parametrize("size", list(TextSize))
@pytest.mark.parametrize("window", [(1280, 1024), (1080, 1920)])
def test_every_language_button_is_inside_the_window(
    qapp, kiosk_config, artifact_dir, size, window
) -> None:
    scenario = Scenario(
        today=TEST_DAY, name="languages", text_size=size.value, steps=[Step(expect="attract")]
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=window) as run:
        run.runner.run()
        kiosk = run.kiosk.window
        kiosk.current_screen().more_languages.click()
        settle()
        overlay = kiosk.languages
        assert overlay.isVisible()
        kiosk.grab().save(str(artifact_dir / f"languages-{size.value}-{window[0]}x{window[1]}.png"))
        seen = QRect(overlay.area.viewport().mapTo(kiosk, overlay.area.viewport().rect().topLeft()),
                     overlay.area.viewport().size())  # fmt: skip
        for locale, button in [*overlay.buttons.items(), ("close", overlay.close_button)]:
            where = QRect(button.mapTo(kiosk, button.rect().topLeft()), button.size())
            assert kiosk.rect().contains(where), locale
            if locale != "close":
                assert seen.contains(where), f"{locale} needs scrolling at {size.value}"


@pytest.mark.parametrize("size", list(TextSize))
@pytest.mark.parametrize("window", [(1280, 1024), (1920, 1080), (1080, 1920)])
def test_the_first_screen_shows_a_language_control_without_scrolling(
    qapp, kiosk_config, artifact_dir, size, window
) -> None:
    """Nine event tiles push the language row below the fold; a resident who reads no
    Japanese still sees ことば・Language, and it opens every language."""
    from ui.kiosk.scripted import visible_part

    scenario = Scenario(
        today=TEST_DAY,
        name="language first",
        text_size=size.value,
        steps=[Step(expect="attract"), Step(tap="language")],
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=window) as run:
        screen = run.kiosk.window.current_screen()
        button = screen.language_button
        settle()
        assert button.isVisible() and visible_part(button) == button.rect()
        assert "Language" in button.text()
        # ...and the screen still starts at its first tile (a keyboard user's Enter
        # chooses an event, not the language overlay).
        from PySide6.QtWidgets import QApplication

        focused = QApplication.focusWidget()
        assert focused is not None and focused.objectName().startswith("event_")
        summary = run.runner.run()
        assert summary.errors == [] and summary.touches == 1
        assert run.kiosk.window.languages.isVisible()


@pytest.mark.parametrize("locale", ["ja", "en"])
@pytest.mark.parametrize("size", list(TextSize))
@pytest.mark.parametrize("window", [(1280, 1024), (1920, 1080), (1080, 1920), (1024, 1280)])
def test_the_first_screen_shows_its_display_choices_without_scrolling(
    qapp, kiosk_config, artifact_dir, locale, size, window
) -> None:
    """Text size, contrast, the low layout and read-aloud: below the nine tiles they
    were below the fold at 1280×1024; first on the screen, every one wholly in sight."""
    from ui.kiosk.scripted import visible_part

    scenario = Scenario(today=TEST_DAY, name="display choices", text_size=size.value,
                        locale=locale, steps=[Step(expect="attract")])  # fmt: skip
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=window) as run:
        screen = run.kiosk.window.current_screen()
        settle()
        run.kiosk.window.grab().save(
            str(artifact_dir / f"attract-{locale}-{size.value}-{window[0]}x{window[1]}.png")
        )
        buttons = [*screen.size_buttons.values(), screen.contrast_button,
                   screen.low_layout_button, screen.read_aloud_button, screen.language_button]  # fmt: skip
        for button in buttons:
            assert button.isVisible() and visible_part(button) == button.rect(), button.objectName()
        assert (run.kiosk.window.width(), run.kiosk.window.height()) == window
