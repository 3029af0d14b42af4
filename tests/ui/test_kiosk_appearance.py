"""Every screen of the thin path in Japanese and English, in each text size, in the
standard and the high-contrast theme. The screenshots stay in tests/artifacts/ui/
test_kiosk_appearance/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.scenario import load_scenario
from ui.kiosk.run_script import scenario_kiosk

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml"
SIZE = (1280, 1024)


def mean_brightness(path: Path) -> float:
    image = QImage(str(path)).scaled(64, 64)
    total = sum(image.pixelColor(x, y).lightness() for x in range(64) for y in range(64))
    return total / (64 * 64)


@pytest.mark.parametrize("locale", ["ja", "en"])
@pytest.mark.parametrize("text_size", ["standard", "large", "extra_large"])
@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard_theme", "high_contrast"])
def test_every_screen_in_each_language_size_and_theme(
    locale, text_size, high_contrast, qapp, kiosk_config, artifact_dir
) -> None:
    scenario = load_scenario(SCENARIO).model_copy(
        update={"locale": locale, "text_size": text_size, "high_contrast": high_contrast}
    )
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=SIZE) as run:
        summary = run.runner.run()
        window = run.kiosk.window
        assert summary.completed, summary.errors
        assert summary.unnamed_controls == []  # every control has an accessible name
        assert summary.small_targets == []  # every touch target at least 15 mm
        # The kiosk never grows past its display, whatever the text size.
        assert (window.width(), window.height()) == SIZE
        # Nothing is wider than the screen: no screen shown scrolls sideways (a screen
        # never shown keeps the size it was built with, it was never laid out).
        visited = {s.split(":")[0] for s in summary.screens}
        for screen in window.screens.values():
            if screen.shows.value in visited:
                assert screen.body_scroll.horizontalScrollBar().maximum() == 0, screen.shows
    shots = [artifact_dir / name for name in summary.screenshots]
    assert len(shots) >= len(summary.screens)
    brightness = mean_brightness(shots[0])
    # The high-contrast theme is light text on black; the standard one is dark on light.
    assert brightness < 60 if high_contrast else brightness > 180
