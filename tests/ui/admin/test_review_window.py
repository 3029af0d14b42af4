"""Review, approval and rollback through the real admin window (pytest-qt offscreen, real
SQLite store, real files): the publish dialog shows the draft's changes in words and as
text and needs a note; with the setting, a second admin approves with their password;
the history lists publications, shows one's forms, and restores it with a note.
Screenshots: tests/artifacts/ui/admin/test_review_window/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from forms.catalogue import load_catalogue
from forms.version import catalogue_version
from tests.ui.admin.conftest import PASSWORD, Editor, shoot, type_text
from tests.ui.admin.test_editor import type_at
from ui.admin.publishing import read_log
from ui.admin.workspace import Workspace


def test_the_publish_dialog_shows_the_changes_and_needs_a_note(
    editor: Editor, qtbot: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    editor.publish("最初の公開")
    type_at(qtbot, window, "procedures.yaml", "転入届", "（本人）")
    editor.wait_checked()
    dialog = editor.open_publish()
    words = dialog.changes.lines()
    assert words == ["手続「（本人）転入届」（juminido_tennyu）を変更：title"], words
    assert "-    title: {ja: 転入届," in dialog.changes.text.toPlainText()
    assert "+    title: {ja: （本人）転入届," in dialog.changes.text.toPlainText()
    assert not dialog.publish_button.isEnabled()  # no note yet
    type_text(qtbot, dialog.note, "転入届の題に（本人）を付けた")
    assert dialog.publish_button.isEnabled()
    shoot(qtbot, dialog, artifact_dir / "1_review.png")
    dialog.changes.setCurrentIndex(1)
    shoot(qtbot, dialog, artifact_dir / "2_review_text.png")
    with qtbot.waitSignal(editor.desk.published, timeout=20000):
        qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert workspace.published is not None
    entry = read_log(workspace.published)[-1]
    assert (entry["actor"], entry["note"]) == ("kanri", "転入届の題に（本人）を付けた")
    assert entry["changes"][0]["id"] == "juminido_tennyu"
    # Cancel publishes nothing.
    type_at(qtbot, window, "procedures.yaml", "転入届", "新")
    editor.wait_checked()
    dialog = editor.open_publish()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert len(read_log(workspace.published)) == 2


def test_a_second_admin_approves_with_their_own_password(
    qtbot: Any, store: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    kanri = store.sign_in("kanri", PASSWORD)
    store.create_account(kanri, "suzuki", "鈴木 次郎", PASSWORD, "admin")
    editor = Editor(qtbot, store, workspace, needs_approval=True)
    try:
        window = editor.sign_in()
        messages: list[str] = []
        editor.desk.message.connect(lambda _severity, text: messages.append(text))
        dialog = editor.open_publish()
        assert dialog.approval.isVisible()
        type_text(qtbot, dialog.note, "最初の公開")
        assert not dialog.publish_button.isEnabled()  # the approval is missing
        # Approving oneself is refused, and so are a staff account and a wrong password.
        for user, password, said in (
            ("kanri", PASSWORD, "自分自身では承認できません"),
            ("sato", PASSWORD, "sato は管理者ではない"),
            ("suzuki", "wrong-password", "suzuki の承認を確認できませんでした"),
        ):
            dialog = window.publish_dialog if dialog.isVisible() else editor.open_publish()
            dialog.note.setPlainText("最初の公開")
            dialog.approval.user.setText(user)
            dialog.approval.password.setText(password)
            qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda said=said: any(said in m for m in messages), timeout=15000)
            qtbot.waitUntil(lambda: not editor.desk.publishing)
            assert not workspace.published.exists()  # type: ignore[union-attr]
        shoot(qtbot, window, artifact_dir / "1_refused.png")
        result = editor.publish("最初の公開", approver=("suzuki", PASSWORD))
        assert result.approver == "suzuki"
        assert workspace.published is not None
        assert read_log(workspace.published)[-1]["approver"] == "suzuki"
    finally:
        editor.close()


def test_rollback_from_the_history_window(
    editor: Editor, qtbot: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    editor.publish("最初の公開")
    assert workspace.published is not None
    first = catalogue_version(workspace.published)
    type_at(qtbot, window, "forms/inu_henko.yaml", "犬の登録事項変更届, box", "新しい")
    editor.wait_checked()
    editor.publish("犬の届の題を変えた")
    qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
    history = window.history_dialog
    qtbot.waitExposed(history)
    assert history.table.rowCount() == 2
    assert history.table.item(0, 2).text() == "犬の届の題を変えた"
    assert "（公開中）" in history.table.item(0, 3).text()
    assert history.table.item(1, 3).text() == first
    history.choose(0)
    assert not history.restore_button.isEnabled()  # the published one is not restored
    history.choose(1)
    assert any("犬の登録事項変更届" in line for line in history.changes.lines())
    history.form.setCurrentIndex(history.form.findData("inu_henko"))
    with qtbot.waitSignal(editor.desk.publication_preview_ready, timeout=30000):
        qtbot.mouseClick(history.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(history.images) == 1)
    assert not history.restore_button.isEnabled()  # no reason given yet
    type_text(qtbot, history.note, "題を元に戻す")
    assert history.restore_button.isEnabled()
    shoot(qtbot, history, artifact_dir / "1_history.png")
    with qtbot.waitSignal(editor.desk.restored, timeout=20000):
        qtbot.mouseClick(history.restore_button, Qt.MouseButton.LeftButton)
    assert catalogue_version(workspace.published) == first
    assert "新しい" not in load_catalogue(workspace.published).forms["inu_henko"].title["ja"]
    assert "もう一度公開しました" in window.message.text()
    qtbot.mouseClick(window.history_button, Qt.MouseButton.LeftButton)
    again = window.history_dialog
    qtbot.waitExposed(again)
    assert again.table.rowCount() == 3
    assert again.table.item(0, 2).text().endswith("題を元に戻す")
    assert again.table.item(0, 2).text().startswith("［catalogue.backup-")
    shoot(qtbot, again, artifact_dir / "2_after_restore.png")
