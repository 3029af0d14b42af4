"""The catalogue editor window, driven like an administrator drives it: sign in, type in
the YAML editor, read the located problem, click it, fix it, publish, preview.
Screenshots of each state go to tests/artifacts/ui/admin/test_editor/."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel

from forms.catalogue import load_catalogue
from kiosk.config import Config
from tests.clock import pinned_clock
from tests.fixtures.qt import settle
from tests.ui.admin.conftest import PASSWORD, Editor, shoot, type_text
from ui.admin.workspace import Workspace


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def type_at(qtbot: Any, window: Any, rel: str, needle: str, keys: str) -> int:
    """Open `rel`, put the cursor just before `needle`, type `keys`; returns the line."""
    window.open_file(rel)
    document = window.editor.document()
    found = document.find(needle)
    assert not found.isNull(), needle
    cursor = window.editor.textCursor()
    cursor.setPosition(found.selectionStart())
    window.editor.setTextCursor(cursor)
    for number, line in enumerate(keys.split("\n")):
        if number:
            qtbot.keyClick(window.editor, Qt.Key.Key_Return)
        type_text(qtbot, window.editor, line)
    return found.blockNumber() + 1


def click_row(qtbot: Any, view: Any, row: int, column: int = 3) -> None:
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_staff_account_cannot_open_the_editor(
    qtbot: Any, store: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    editor = Editor(qtbot, store, workspace)
    try:
        failures: list[str] = []
        editor.app.sign_in_failed.connect(failures.append)
        editor.app.show_sign_in()
        dialog = editor.app.dialog
        dialog.username.setText("sato")
        dialog.password.setText(PASSWORD)
        qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(failures), timeout=15000)
        assert failures == [
            "sato は職員アカウントです。フォームと質問の編集には管理者アカウントでサインインしてください。"
        ]
        assert editor.app.window is None and dialog.isVisible()
        assert dialog.feedback.text() == failures[0]
        shoot(qtbot, dialog, artifact_dir / "staff_refused.png")
        # A wrong password is the store's message, as at the staff desktop.
        editor.app.sign_in("kanri", "wrong-password")
        qtbot.waitUntil(lambda: len(failures) == 2, timeout=15000)
        assert "パスワードが違います" in failures[1]
        assert editor.app.window is None
    finally:
        editor.close()


def test_a_broken_edit_is_located_a_click_goes_there_and_the_fix_clears_it(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    assert editor.desk.result.ok and window.problems.rowCount() == 0
    assert window.publish_button.isEnabled()
    shoot(qtbot, window, artifact_dir / "1_clean.png")

    rel = "forms/juminido.yaml"
    line = type_at(qtbot, window, rel, "event == 'moving_out'", "x")
    assert editor.desk.is_dirty(rel)
    assert line == line_of(editor.desk.text(rel), "xevent == 'moving_out'")
    editor.wait_checked()
    assert window.problems.rowCount() == 1
    _, problem = window.problems.record(0)
    assert (problem.file, problem.line, problem.code) == (rel, line, "EXPR_004")
    message = window.problems.index(0, 3).data()
    assert message == "式 \"xevent == 'moving_out'\" が参照する 'xevent' はデータ辞書にありません。"
    assert window.editor.problem_lines == {line}
    assert not window.publish_button.isEnabled()
    assert "1 件" in window.check_status.text()
    listed = window.files.item(editor.desk.files().index(rel)).text()
    assert listed.startswith("● ") and "問題 1" in listed
    shoot(qtbot, window, artifact_dir / "2_problem.png")

    # Elsewhere, then a click on the problem: its file, its line.
    window.open_file("dictionary.yaml", 1)
    assert window.editor.current_line == 1
    click_row(qtbot, window.problems_view, 0)
    assert window.current_file == rel
    assert window.editor.current_line == line
    assert window.tabs.currentIndex() == 0

    # Undo the typing (Ctrl+Z): no problem, nothing unsaved, publishable again.
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not editor.desk.is_dirty(rel)
    editor.wait_checked()
    assert window.problems.rowCount() == 0
    assert window.editor.problem_lines == set()
    assert window.publish_button.isEnabled()
    assert "問題 " not in window.files.item(editor.desk.files().index(rel)).text()


def test_publish_is_refused_while_broken_and_done_when_it_validates(
    editor: Editor, qtbot: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    # A question reworded (fine) and a procedure misspelt (broken).
    type_at(qtbot, window, "dictionary.yaml", "お名前を教えてください", "戸籍の字で")
    type_at(qtbot, window, "events.yaml", "juminido_tennyu", "x")
    result = editor.wait_checked()
    assert [(p.file, p.code) for p in result.problems] == [("events.yaml", "REF_001")]
    assert not window.publish_button.isEnabled()
    # Even asked directly, the desk saves (saving is never blocked) but does not publish.
    messages: list[tuple[str, str]] = []
    editor.desk.message.connect(lambda severity, text: messages.append((severity, text)))
    editor.desk.publish("テスト")
    qtbot.waitUntil(lambda: any(s == "error" for s, _ in messages), timeout=15000)
    assert messages[-1] == (
        "error",
        "下書きに問題が 1 件あるため、公開しませんでした。問題の一覧から直してください。",
    )
    assert editor.desk.dirty == []
    assert "xjuminido_tennyu" in workspace.read("events.yaml")
    assert workspace.published is not None and not workspace.published.exists()

    # Fixed: the button publishes, after the confirmation.
    window.open_file("events.yaml")
    cursor = window.editor.document().find("xjuminido_tennyu")
    cursor.movePosition(QTextCursor.MoveOperation.StartOfWord)
    cursor.deleteChar()
    editor.wait_checked()
    assert window.publish_button.isEnabled()
    result = editor.publish("氏名の質問に戸籍の字と書き添えた")
    assert (
        str(workspace.published) in window.publish_dialog.findChild(QLabel, "publish_where").text()
    )
    assert result.note == "氏名の質問に戸籍の字と書き添えた"
    assert tree(workspace.published) == tree(workspace.draft)
    assert (
        load_catalogue(workspace.published).dictionary["applicant.name"].question["ja"]  # type: ignore[index]
        == "戸籍の字でお名前を教えてください"
    )
    assert "公開しました" in window.message.text()
    assert "kanri" in window.published_to.text()
    shoot(qtbot, window, artifact_dir / "3_published.png")

    # Again after another change: the first version is kept as the backup.
    first = tree(workspace.published)
    type_at(qtbot, window, "procedures.yaml", "転入届", "（本人）")
    editor.wait_checked()
    backup = editor.publish("転入届の題に（本人）").backup
    assert backup is not None and tree(backup) == first
    assert tree(workspace.published) == tree(workspace.draft)


def test_no_publish_without_the_setting_and_it_says_which(
    qtbot: Any, store: Any, tmp_path: Path
) -> None:
    editor = Editor(qtbot, store, Workspace(tmp_path / "draft", None))
    try:
        window = editor.sign_in()
        assert not window.publish_button.isEnabled()
        assert "catalogue_dir" in window.published_to.text()
        editor.desk.publish()
        assert "catalogue_dir" in window.message.text()
        assert "MADOGUCHI_CATALOGUE_DIR" in window.message.text()
    finally:
        editor.close()


def test_the_form_preview_renders_pages_and_follows_the_text(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    preview = window.form_preview
    with qtbot.waitSignal(editor.desk.preview_ready, timeout=20000) as ready:
        preview.choose("kokuho_ido")
    form_id, images = ready.args
    assert form_id == "kokuho_ido"
    assert len(images) == editor.desk.last_good.forms["kokuho_ido"].pages
    assert images[0].width() >= 320 and images[0].height() > images[0].width()  # A4, upright
    assert not window.findChild(type(window.title), "preview_page_1").pixmap().isNull()
    before = images[0]

    # A new title in the form's text: the preview is drawn again by itself.
    with qtbot.waitSignal(editor.desk.preview_ready, timeout=20000) as again:
        type_at(qtbot, window, "forms/kokuho_ido.yaml", "国民健康保険被保険者\\n資格", "新")
    assert again.args[0] == "kokuho_ido"
    assert again.args[1][0].size() == before.size()
    assert again.args[1][0] != before  # the title printed differently
    shoot(qtbot, window, artifact_dir / "preview.png")

    # The card-only sample renders too (a form must cope with little data).
    with qtbot.waitSignal(editor.desk.preview_ready, timeout=20000):
        preview.choose("juminido", "card")
    assert preview.shown_form == "juminido"


def test_the_question_flow_preview_follows_the_events_file(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    window.previews.setCurrentWidget(window.flow_preview)
    with qtbot.waitSignal(editor.desk.flow_ready, timeout=20000) as yes:
        window.flow_preview.choose("moving_in", yes=True)
    paths = [s.path for s in yes.args[0].steps]
    assert paths[0] == "household.has_children"  # the card gave the birth date
    assert {"pets.has_dog", "household.child_count", "children[0].name"} <= set(paths)
    assert "child_allowance_claim" in dict(yes.args[0].procedures)
    assert "children[0].name" in window.flow_preview.text.toPlainText()
    shoot(qtbot, window, artifact_dir / "flow.png")
    with qtbot.waitSignal(editor.desk.flow_ready, timeout=20000) as no:
        window.flow_preview.choose("moving_in", yes=False)
    assert not any(p.startswith("children[") for p in (s.path for s in no.args[0].steps))

    # The dog question taken out of the moving-in screening: the flow no longer asks it.
    with qtbot.waitSignal(editor.desk.flow_ready, timeout=20000):
        window.flow_preview.choose("moving_in", yes=True)
    shown = window.flow_preview.preview
    window.open_file("events.yaml")
    found = window.editor.document().find(", pets.has_dog]")
    found.insertText("]")
    editor.wait_checked()
    qtbot.waitUntil(lambda: window.flow_preview.preview is not shown, timeout=20000)
    changed = window.flow_preview.preview
    assert "pets.has_dog" not in [s.path for s in changed.steps]
    assert "dog_change" not in dict(changed.suggestions)
    assert "pets.has_dog" not in window.flow_preview.text.toPlainText()


def test_facts_table_follows_the_dictionary_and_opens_its_line(editor: Editor, qtbot: Any) -> None:
    window = editor.sign_in()
    keys = [window.facts.record(r).key for r in range(window.facts.rowCount())]
    assert keys[:3] == ["application.date", "application.event_date", "insured.name"]
    row = keys.index("applicant.phone")
    window.tabs.setCurrentIndex(1)
    window.facts_view.scrollTo(window.facts.index(row, 0))
    settle()
    rect = window.facts_view.visualRect(window.facts.index(row, 0))
    qtbot.mouseClick(window.facts_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentIndex() == 1  # a click selects
    qtbot.keyClick(window.facts_view, Qt.Key.Key_Return)  # Enter (or a double click) opens
    assert window.current_file == "dictionary.yaml" and window.tabs.currentIndex() == 0
    assert window.editor.textCursor().block().text().strip() == "applicant.phone:"
    # A fact added in the text appears in the table.
    type_at(qtbot, window, "dictionary.yaml", "  applicant.phone:", NEW_FACT)
    editor.wait_checked()
    assert editor.desk.result.ok
    new = window.facts.record(window.facts.row_of("applicant.fax"))
    assert (new.type, new.question_ja, new.order) == ("phone", "FAXの番号を教えてください", "171")


NEW_FACT = (
    "  applicant.fax:\n    type: phone\n    label: {ja: FAX番号, en: Fax}\n    "
    "question: {ja: FAXの番号を教えてください, en: 'Your fax number?'}\n    order: 171\n    optional: true\n"
)


def test_duplicate_and_delete_a_form(editor: Editor, qtbot: Any, workspace: Workspace) -> None:
    window = editor.sign_in()
    window.open_file("forms/inkan_toroku.yaml")
    editor.names = ["inkan_toroku_2"]
    qtbot.mouseClick(window.duplicate_button, Qt.MouseButton.LeftButton)
    assert window.current_file == "forms/inkan_toroku_2.yaml"
    assert "id: inkan_toroku_2" in window.editor.toPlainText()
    assert editor.wait_checked().ok
    editor.answers = [True]
    qtbot.mouseClick(window.delete_button, Qt.MouseButton.LeftButton)
    assert "forms/inkan_toroku_2.yaml" not in editor.desk.files()
    assert not (workspace.draft / "forms" / "inkan_toroku_2.yaml").exists()
    assert window.current_file == "dictionary.yaml"


def test_english_shows_the_same_problem_in_english(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    type_at(qtbot, window, "procedures.yaml", "shimin", "x")
    editor.wait_checked()
    window.language.setCurrentIndex(window.language.findData("en"))
    assert window.publish_button.text() == "Publish"
    assert window.problems.headerData(3, Qt.Orientation.Horizontal) == "Problem and fix"
    text = window.problems.index(0, 3).data()
    assert text.startswith("department 'xshimin' does not exist. Known: ")
    assert window.check_status.text() == "1 problem(s). You can save, but not publish."
    shoot(qtbot, window, artifact_dir / "english.png")


def test_a_kiosk_started_after_publishing_reads_the_new_catalogue(
    editor: Editor, qtbot: Any, workspace: Workspace, kiosk_config: Config
) -> None:
    window = editor.sign_in()
    type_at(qtbot, window, "events.yaml", "引っ越してきた（転入）", "春に")
    editor.wait_checked()
    editor.publish("転入の題に「春に」")
    from ui.kiosk.app import build_kiosk

    assert workspace.published is not None
    kiosk = build_kiosk(
        replace(kiosk_config, catalogue_dir=str(workspace.published)), clock=pinned_clock()
    )
    try:
        assert (
            kiosk.controller.catalogue.events["moving_in"].title["ja"]
            == "春に引っ越してきた（転入）"
        )
    finally:
        kiosk.close()


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".madoguchi-draft.json", "publish-log.jsonl")
    }


def test_closing_with_unsaved_changes_asks_and_saves(
    editor: Editor, qtbot: Any, workspace: Workspace
) -> None:
    window = editor.sign_in()
    type_at(qtbot, window, "choices.yaml", "choices:", "# 市の選択肢\n")
    assert editor.desk.dirty == ["choices.yaml"]
    assert workspace.read("choices.yaml") != editor.desk.text("choices.yaml")
    editor.answers = [True]
    window.close()
    assert "保存していない変更が 1 件のファイルにあります" in editor.asked[-1]
    assert workspace.read("choices.yaml").count("# 市の選択肢\n") == 1
    assert editor.desk.dirty == []
