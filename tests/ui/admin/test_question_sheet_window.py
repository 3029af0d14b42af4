"""The questions workbook through the real admin window: 質問を表に書き出す… writes the
dictionary and the choice lists to an .xlsx file; edited offline (openpyxl), a broken
sheet is refused with its problems located and nothing written, a sheet whose catalogue
would have a problem too (the check as after typing, located at the cell); the fixed
sheet is written into the YAML texts (one undo step each) and checked, and the kiosk's
flow asks the new question. Screenshots: tests/artifacts/ui/admin/
test_question_sheet_window/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.ui.admin.conftest import Editor, answer_paths, shoot
from tests.ui.admin.test_fact_editor import walk
from tests.ui.admin.test_question_sheet import column, put, row_where
from ui.admin.fact_text import entry_of


def test_questions_exported_edited_in_excel_and_imported_back(
    editor: Editor, qtbot: Any, tmp_path: Path, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    window.tabs.setCurrentWidget(window.layout_editor)
    view = window.layout_editor
    qtbot.waitUntil(lambda: bool(view.rendered), timeout=20000)
    buttons = view.questions_sheet
    sheet_file = tmp_path / "questions.xlsx"
    asked = answer_paths(view, sheet_file)
    before = {rel: editor.desk.text(rel) for rel in ("dictionary.yaml", "choices.yaml",
                                                      "events.yaml")}  # fmt: skip
    assert buttons.export_button.width() >= buttons.export_button.sizeHint().width()
    qtbot.mouseClick(buttons.export_button, Qt.MouseButton.LeftButton)
    assert asked == [True] and sheet_file.exists()
    shoot(qtbot, window, artifact_dir / "1_exported.png")

    def do_import() -> bool:
        with qtbot.waitSignal(buttons.finished, timeout=30000) as done:
            qtbot.mouseClick(buttons.import_button, Qt.MouseButton.LeftButton)
        return bool(done.args[0])

    # Offline: English label changed, a new question, and a type that does not exist.
    book = load_workbook(io.BytesIO(sheet_file.read_bytes()))
    questions = book["questions"]
    kind = row_where(questions, key="insurance.kind")
    questions.cell(kind, column(questions, "label::en")).value = "Health insurance you are in"
    put(questions, key="pets.has_cat", type="yes_no", screening="moving_in",
        **{"label::ja": "猫を飼っている", "label::en": "Has a cat",
           "question::ja": "猫を飼っていますか", "question::en": "Do you have a cat?",
           "ask_if": "pets.has_cow"})  # fmt: skip
    new_row = questions.max_row
    questions.cell(kind, column(questions, "type")).value = "colour"
    book.save(sheet_file)
    assert do_import() is False
    assert {rel: editor.desk.text(rel) for rel in before} == before  # nothing written
    message = window.message.text()
    assert f"questions シート {kind} 行目 type 列: 種類「colour」はありません" in message
    shoot(qtbot, window, artifact_dir / "2_refused.png")

    # The type fixed: the sheet reads, but its catalogue names a fact that does not exist.
    questions.cell(kind, column(questions, "type")).value = "choice"
    book.save(sheet_file)
    assert do_import() is False
    assert {rel: editor.desk.text(rel) for rel in before} == before
    assert f"questions シート {new_row} 行目 ask_if 列: " in window.message.text()
    assert "pets.has_cow" in window.message.text()
    shoot(qtbot, window, artifact_dir / "3_refused_by_the_check.png")

    questions.cell(new_row, column(questions, "ask_if")).value = "pets.has_dog"
    book.save(sheet_file)
    assert do_import() is True
    assert "読み込みました" in window.message.text()
    result = editor.wait_checked()
    assert result.ok, result.problems
    dictionary = window.documents["dictionary.yaml"].toPlainText()
    assert entry_of(dictionary, ("fields", "insurance.kind"))["label"] == {  # type: ignore[index]
        "ja": "健康保険の種類", "en": "Health insurance you are in"}  # fmt: skip
    assert editor.desk.is_dirty("dictionary.yaml") and editor.desk.is_dirty("events.yaml")
    assert not editor.desk.is_dirty("choices.yaml")
    catalogue = editor.desk.last_good
    flow = walk(catalogue, "moving_in", {"pets.has_dog": True}, until="pets.has_cat")
    assert flow.current == "pets.has_cat"
    shoot(qtbot, window, artifact_dir / "4_imported.png")
    # One undo in the YAML view takes the dictionary's part back.
    window.open_file("dictionary.yaml")
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.desk.text("dictionary.yaml") == before["dictionary.yaml"]
