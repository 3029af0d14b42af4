"""A running kiosk takes up a new publication of the catalogue between two residents,
never in the middle of one, logs the switch, and never takes up a broken one (the last
good catalogue stays). Real kiosk window (pytest-qt offscreen), simulated card reader,
real files published by the admin's publish()."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from forms.version import catalogue_version
from kiosk.session import Screen
from tests.clock import pinned_clock
from ui.admin.publishing import publish
from ui.admin.workspace import Workspace
from ui.kiosk.app import build_kiosk

NOW = datetime(2026, 11, 25, 10, 0).astimezone()
OLD_TITLE = "引っ越してきた（転入）"
NEW_TITLE = "春に引っ越してきた（転入）"


def publish_title(workspace: Workspace, old: str, new: str, minute: int) -> None:
    text = workspace.read("events.yaml")
    workspace.write("events.yaml", text.replace(old, new, 1))
    publish(workspace, actor="kanri", now=NOW.replace(minute=minute), note=f"{old} → {new}")


def check(qtbot: Any, kiosk: Any) -> None:
    """One look at the published directory, as the kiosk's timer does every N seconds."""
    switch = kiosk.controller.catalogue_switch
    with qtbot.waitSignal(switch.checked, timeout=30000):
        switch.check_now()


def tile(kiosk: Any, event_id: str) -> Any:
    return kiosk.window.screens[Screen.ATTRACT].tiles[event_id]


def test_a_running_kiosk_switches_between_residents(
    qtbot: Any, tmp_path: Path, kiosk_config: Any, caplog: Any, artifact_dir: Path
) -> None:
    workspace = Workspace(tmp_path / "draft", tmp_path / "published" / "catalogue")
    workspace.open()
    publish(workspace, actor="kanri", now=NOW, note="最初の公開")
    assert workspace.published is not None
    config = replace(kiosk_config, catalogue_dir=str(workspace.published))
    kiosk = build_kiosk(config, clock=pinned_clock())
    caplog.set_level(logging.INFO, logger="kiosk.live_catalogue")
    try:
        window, controller = kiosk.window, kiosk.controller
        window.resize(1280, 1024)
        window.show()
        first = controller.catalogue.version
        assert first == catalogue_version(workspace.published)
        # Resident 1 chooses moving in; meanwhile the admin publishes a new title.
        qtbot.mouseClick(tile(kiosk, "moving_in"), Qt.MouseButton.LeftButton)
        assert controller.session.screen == Screen.CARD_CHOICE
        publish_title(workspace, OLD_TITLE, NEW_TITLE, 10)
        second = catalogue_version(workspace.published)
        check(qtbot, kiosk)
        # Found and checked, but resident 1 keeps the catalogue they began with.
        assert controller.catalogue_switch.pending is not None
        assert controller.catalogue.version == first
        assert controller.session.catalogue.version == first
        assert controller.session.screen == Screen.CARD_CHOICE
        # Resident 1 leaves (back to the first screen): the kiosk switches there.
        qtbot.mouseClick(window.current_screen().back_button, Qt.MouseButton.LeftButton)
        assert controller.session.screen == Screen.ATTRACT
        assert controller.catalogue.version == second
        assert controller.session.catalogue.version == second
        assert NEW_TITLE in tile(kiosk, "moving_in").text().replace("\n", "")
        assert any(
            f"catalogue switched from {first} to {second}" in r.getMessage() for r in caplog.records
        )
        window.grab().save(str(artifact_dir / "after_switch.png"))
        # Resident 2 gets the new catalogue.
        qtbot.mouseClick(tile(kiosk, "moving_in"), Qt.MouseButton.LeftButton)
        assert controller.session.screen == Screen.CARD_CHOICE
        assert controller.session.catalogue.events["moving_in"].title["ja"] == NEW_TITLE
        qtbot.mouseClick(window.current_screen().back_button, Qt.MouseButton.LeftButton)

        # A broken catalogue copied in by hand (publish() would refuse it): reported,
        # never used; the kiosk keeps the last good one.
        events = workspace.published / "events.yaml"
        good = events.read_text(encoding="utf-8")
        events.write_text(good.replace("- procedure: juminido_tennyu", "- procedure: nai", 1))
        check(qtbot, kiosk)
        assert controller.catalogue_switch.pending is None
        assert controller.catalogue.version == second
        assert any("problem(s): not used" in r.getMessage() for r in caplog.records)
        qtbot.mouseClick(tile(kiosk, "moving_in"), Qt.MouseButton.LeftButton)
        assert controller.session.catalogue.version == second  # still usable
        qtbot.mouseClick(window.current_screen().back_button, Qt.MouseButton.LeftButton)
        # Mended: taken up at once (the kiosk is at its first screen).
        events.write_text(good, encoding="utf-8")
        check(qtbot, kiosk)
        assert controller.catalogue.version == second  # the same content as before
        events.write_text(good.replace(NEW_TITLE, OLD_TITLE, 1), encoding="utf-8")
        check(qtbot, kiosk)
        assert controller.catalogue.version == first
        assert tile(kiosk, "moving_in").text().replace("\n", "")[: len(OLD_TITLE)] == OLD_TITLE
    finally:
        kiosk.close()
