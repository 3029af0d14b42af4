"""What the benchmarks rely on, as behaviour: a first-paint callback that comes after a
real paint, scripted runs without screenshots that still record each screen change and
the review's render, and a language grid that reads no catalog to name the languages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from i18n import catalog
from kiosk.scenario import load_scenario
from ui.kiosk.language import language_names
from ui.kiosk.run_script import scenario_kiosk
from ui.window_run import after_first_paint

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "moving_in_card.yaml"


def test_after_first_paint_calls_once_after_the_widget_painted(qtbot) -> None:
    label = QLabel("ようこそ")
    qtbot.addWidget(label)
    painted: list[bool] = []
    after_first_paint(label, lambda: painted.append(label.isVisible()))
    assert painted == []
    label.show()
    qtbot.waitUntil(lambda: painted == [True], timeout=60_000)
    label.repaint()  # a second paint, handled now
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    assert painted == [True]  # once


def test_a_run_without_screenshots_still_records_screen_changes_and_the_review(
    qapp, kiosk_config, artifact_dir
) -> None:
    scenario = load_scenario(SCENARIO)
    with scenario_kiosk(scenario, artifact_dir, kiosk_config, screenshots=False) as run:
        summary = run.runner.run()
    assert summary.completed, summary.errors
    assert summary.screenshots == [] and not list(artifact_dir.glob("*.png"))
    assert len(summary.screen_change_to) == len(summary.screen_change_ms) > 5
    assert "review" in summary.screen_change_to
    assert any(screen == "review" for screen, _ms in summary.settle_ms)


def test_naming_the_languages_reads_no_catalog() -> None:
    catalog.reload()
    catalog.language_name.cache_clear()
    names = language_names()
    assert names["ja"] == "日本語" and names["en"].lower() == "english"
    assert catalog.load_catalogs.cache_info().currsize == 0
