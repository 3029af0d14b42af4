"""The first screen's language and text-size choices are in sight without scrolling, at
every text size and display: a resident who cannot read Japanese (or not this small)
must not have to find them below the tiles (with nine life events, the tiles took three
rows and pushed the languages under the fold). Each language's own name stays on one
line in the list of the other languages (「中文（简 / 体）」 read as two)."""

from __future__ import annotations

import pytest

from kiosk.scenario import Scenario, Step
from tests.clock import TEST_DAY
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.screens.start import _unbroken
from ui.kiosk.scripted import visible_part


@pytest.mark.parametrize("text_size", ["standard", "large", "extra_large"])
@pytest.mark.parametrize("display", [(1280, 1024), (1920, 1080)])
def test_languages_and_text_sizes_show_without_scrolling(
    text_size, display, qapp, kiosk_config, artifact_dir
) -> None:
    scenario = Scenario(today=TEST_DAY, name="first", text_size=text_size,
                        steps=[Step(expect="attract")])  # fmt: skip
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, size=display) as run:
        run.runner.run()
        attract = run.kiosk.window.current_screen()
        attract.body_scroll.verticalScrollBar().setValue(0)
        qapp.processEvents()
        wanted = [*attract.language_buttons.values(), attract.more_languages,
                  *attract.size_buttons.values()]  # fmt: skip
        hidden = [b.objectName() for b in wanted if visible_part(b) != b.rect()]
        assert not hidden, f"below the fold or cut at {text_size} {display}: {hidden}"


def test_a_language_name_is_kept_on_one_line() -> None:
    from PySide6.QtGui import QFont, QTextLayout

    for name in ("中文（简体）", "português (Brasil)", "한국어", "Tiếng Việt"):
        kept = _unbroken(name)
        layout = QTextLayout(kept, QFont())
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1.0)  # as narrow as can be: it breaks wherever it may
        layout.endLayout()
        assert line.textLength() == len(kept), name
