"""The card's data confirmed with the name's likeliest フリガナ: one tap for both, the
reading's question one tap away (「フリガナを直す」) — through the real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.scenario import Step, load_scenario
from kiosk.session import Screen
from ui.kiosk.run_script import scenario_kiosk
from ui.kiosk.scripted import visible_part

SCENARIO = (
    Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card_three_procedures.yaml"
)


def to_card_confirm():  # type: ignore[no-untyped-def]
    loaded = load_scenario(SCENARIO)
    steps: list[Step] = []
    for step in loaded.steps:
        steps.append(step)
        if step.action == ("wait", "card_confirm"):
            break
    return loaded.model_copy(update={"steps": steps})


@pytest.mark.parametrize("tap", ["confirm_ok", "confirm_change_reading"])
def test_the_reading_shows_with_the_card_s_data(tap, qapp, kiosk_config, artifact_dir) -> None:
    scenario = to_card_confirm()
    with scenario_kiosk(scenario, artifact_dir, kiosk_config) as run:
        summary = run.runner.run()
        assert summary.completed, summary.errors
        screen = run.kiosk.window.current_screen()
        for _ in range(5):
            qapp.processEvents()  # laid out, as the resident sees it
        screen.grab().save(str(artifact_dir / "card_confirm.png"))
        reading = screen.reading
        expected = "ミホン　ハナコ"  # the card's 見本　花子, read by the name dictionary
        assert reading.isVisible() and reading.text() == expected
        for button in (screen.right, screen.wrong, screen.change_reading):
            assert visible_part(button) == button.rect(), button.objectName()
        QTest.mouseClick(getattr(screen, {"confirm_ok": "right"}.get(tap, "change_reading")),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        session = run.kiosk.controller.session
        assert session.screen == Screen.QUESTION and session.flow is not None
        if tap == "confirm_ok":
            assert session.data["applicant"]["name_kana"] == expected
            assert "applicant.name_kana" not in session.flow.pending()
        else:
            assert session.data["applicant"].get("name_kana") is None
            assert "applicant.name_kana" in session.flow.pending()
