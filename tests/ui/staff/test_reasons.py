"""Preset return / cancel reasons: a schema-checked catalogue file (reasons.yaml, edited
in the admin's catalogue editor), offered by the staff dialog with free text; the
application, its audit trail and the history tab keep the plain words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from forms.catalogue import DEFAULT_DIR, load_catalogue
from forms.errors import FormDefinitionError
from i18n import translator
from tests.ui.staff.conftest import shoot
from tests.ui.staff.seed import submit
from ui.admin.workspace import catalogue_files

JA = translator("ja")


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def ok(dialog) -> QPushButton:
    found = dialog.findChild(QPushButton, "dialog_ok")
    assert found is not None
    return found


def test_the_catalogue_offers_reasons_per_action() -> None:
    catalogue = load_catalogue()
    returns = [r.text["ja"] for r in catalogue.reasons_for("return")]
    cancels = [r.text["ja"] for r in catalogue.reasons_for("cancel")]
    assert returns[0] == "本人確認書類をお持ちでない"  # in the file's order
    assert "本人が申請を取り下げた" in cancels and "本人が申請を取り下げた" not in returns
    assert (
        "他の市区町村での手続が先に必要" in returns and "他の市区町村での手続が先に必要" in cancels
    )
    assert "reasons.yaml" in catalogue_files(DEFAULT_DIR)  # the admin's editor lists it


def test_a_broken_reasons_file_is_refused_with_its_line(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root)
    (root / "reasons.yaml").write_text(
        "reasons:\n  late:\n    text: {en: Late}\n    actions: [postpone]\n", encoding="utf-8"
    )
    with pytest.raises(FormDefinitionError) as caught:
        load_catalogue(root)
    located = [(e.file, e.line) for e in caught.value.errors]
    assert all(file.endswith("reasons.yaml") for file, _ in located)
    assert {3, 4} <= {line for _, line in located}


def test_a_catalogue_without_the_file_offers_free_text_only(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIR, root)
    (root / "reasons.yaml").unlink()  # a city's copy made before the file existed
    assert load_catalogue(root).reasons_for("return") == []


def test_return_with_a_preset_and_detail_keeps_the_plain_words(
    qtbot, desktop, store, admin, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    click(qtbot, window.detail.buttons["return"])
    dialog = window.detail.dialog
    offered = [dialog.preset.itemText(i) for i in range(dialog.preset.count())]
    assert offered == [r.text["ja"] for r in catalogue.reasons_for("return")] + [
        JA("staff.reason.other")
    ]
    assert "本人が申請を取り下げた" not in offered  # a cancel reason
    assert dialog.preset.currentIndex() == -1  # nothing chosen for the clerk
    click(qtbot, ok(dialog))
    assert dialog.isVisible() and dialog.feedback.text() == JA("store.reason_required")
    dialog.preset.setFocus()
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)  # the second preset
    assert dialog.preset.currentText() == "必要な書類が足りない"
    dialog.text.setPlainText("戸籍謄本")  # QTest types Latin-1 only
    shoot(qtbot, dialog, artifact_dir / "return_reason_preset.png")
    click(qtbot, ok(dialog))
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "returned")
    assert desktop.desk.current.detail.close_reason == "必要な書類が足りない：戸籍謄本"
    notes = [(r.action, r.note) for r in store.history(admin, sub.application_id)]
    assert ("return", "必要な書類が足りない：戸籍謄本") in notes
    history = window.detail.history
    shown = [history.index(i, 3).data() for i in range(history.rowCount())]
    assert "必要な書類が足りない：戸籍謄本" in shown  # the history tab, in words


def test_cancel_offers_its_own_presets_and_other_needs_text(
    qtbot, desktop, store, admin, catalogue
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.open_number(sub.reception_number)
    click(qtbot, window.detail.buttons["cancel"])
    dialog = window.detail.dialog
    assert dialog.preset.itemText(0) == "他の市区町村での手続が先に必要"
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)  # その他
    click(qtbot, ok(dialog))
    assert dialog.isVisible() and dialog.feedback.text() == JA("store.reason_required")
    assert desktop.desk.current.detail.summary.state == "submitted"
    dialog.choose("本人が申請を取り下げた")
    click(qtbot, ok(dialog))
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "cancelled")
    assert desktop.desk.current.detail.close_reason == "本人が申請を取り下げた"


def test_english_desk_shows_english_presets_and_stores_japanese(
    qtbot, desktop, store, admin, catalogue
) -> None:
    sub = submit(store, catalogue=catalogue, render=False)
    window = desktop.sign_in()
    desktop.desk.set_locale("en")
    desktop.open_number(sub.reception_number)
    click(qtbot, window.detail.buttons["return"])
    dialog = window.detail.dialog
    assert dialog.preset.itemText(0) == "No identity document with them"
    dialog.preset.setCurrentIndex(0)
    click(qtbot, ok(dialog))
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.state == "returned")
    assert desktop.desk.current.detail.close_reason == "本人確認書類をお持ちでない"
