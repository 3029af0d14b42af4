"""Structured editing of life events through the real admin window: ticking which
procedures an event needs or suggests writes events.yaml's text (no typing in the YAML
view), each tick is checked as it happens, the YAML view shows the same, an undo in it
moves the tick back. Screenshots: tests/artifacts/ui/admin/test_event_links/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.ui.admin.conftest import Editor, shoot
from ui.admin.structured import event_links
from ui.admin.workspace import Workspace


def press_tick(qtbot: Any, editor: Editor, procedure_id: str, kind: str) -> None:
    """Move to the procedure's tick and press Space, as with the keyboard."""
    view = editor.window.event_links
    item = view.tick(procedure_id, kind)
    view.table.setFocus()
    view.table.setCurrentItem(item)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)


def ticked(editor: Editor, procedure_id: str, kind: str) -> bool:
    item = editor.window.event_links.tick(procedure_id, kind)
    return bool(item.checkState() == Qt.CheckState.Checked)


def test_ticking_procedures_writes_the_yaml_and_is_checked_at_once(
    editor: Editor, qtbot: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    window.tabs.setCurrentIndex(2)
    view = window.event_links
    view.choose("moving_within")
    assert ticked(editor, "kaigo_change", "needs")
    assert not ticked(editor, "inkan_register", "suggests")
    shoot(qtbot, window, artifact_dir / "1_ticks.png")

    # Untick: moving within no longer needs the long-term care change.
    press_tick(qtbot, editor, "kaigo_change", "needs")
    result = editor.wait_checked()
    assert result.ok, result.problems
    yaml_view = window.documents["events.yaml"].toPlainText()
    assert "kaigo_change" not in event_links(yaml_view)["moving_within"].needs
    assert "kaigo_join" in event_links(yaml_view)["moving_in"].suggests  # others kept
    catalogue = editor.desk.last_good
    assert "kaigo_change" not in [p for p, _ in catalogue.events["moving_within"].procedures]
    assert not ticked(editor, "kaigo_change", "needs")
    assert editor.desk.is_dirty("events.yaml")

    # Tick a suggestion: the reason the resident reads is asked; no reason, no tick.
    editor.names = []
    press_tick(qtbot, editor, "inkan_register", "suggests")
    assert not ticked(editor, "inkan_register", "suggests")
    assert window.documents["events.yaml"].toPlainText() == yaml_view
    editor.names = ["市内でも、実印の登録内容を確かめましょう"]
    press_tick(qtbot, editor, "inkan_register", "suggests")
    result = editor.wait_checked()
    assert result.ok, result.problems
    assert editor.desk.last_good.suggestion_reason("moving_within", "inkan_register") == {
        "ja": "市内でも、実印の登録内容を確かめましょう"
    }
    assert ticked(editor, "inkan_register", "suggests")
    shoot(qtbot, window, artifact_dir / "2_suggested.png")
    # The YAML view shows what the ticks wrote, and its undo takes the last tick back.
    window.open_file("events.yaml")
    assert "- procedure: inkan_register" in window.editor.toPlainText()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    editor.wait_checked()
    window.tabs.setCurrentIndex(2)
    assert not ticked(editor, "inkan_register", "suggests")
    assert not ticked(editor, "kaigo_change", "needs")  # the earlier tick stays
    # Saved and published like any edit.
    editor.desk.save()
    assert "kaigo_change" not in event_links(workspace.read("events.yaml"))["moving_within"].needs
