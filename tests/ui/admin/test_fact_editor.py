"""Structured editing of facts through the real admin window (データ辞書 tab): a new
question added to a life event, a question's wording changed in two languages, a choice
added to a list, a condition built; each change is written into the YAML text (no
typing in the YAML view), checked at once, and asked by the kiosk's own question flow
(`kiosk.flow.QuestionFlow`, Qt-free). Screenshots:
tests/artifacts/ui/admin/test_fact_editor/."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QTableWidget

from i18n import translator
from kiosk.flow import QuestionFlow
from tests.ui.admin.conftest import Editor, shoot, type_text
from ui.admin.fact_text import choice_lists, entry_of, screening_of

TODAY = date(2025, 4, 1)


# -- driving the form as an admin does --------------------------------------------------------


def edit_cell(qtbot: Any, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Open a cell's editor (F2), replace its text by typing, commit with Enter."""
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    cell_editor = QApplication.focusWidget()
    assert cell_editor is not table and cell_editor is not None
    cell_editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(cell_editor, Qt.Key.Key_Delete)
    type_text(qtbot, cell_editor, text)
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)


def press_item(qtbot: Any, view: QListWidget, data: str) -> None:
    """Move to a ticked list's entry and press Space, as with the keyboard."""
    for row in range(view.count()):
        if view.item(row).data(Qt.ItemDataRole.UserRole) == data:
            view.setFocus()
            view.setCurrentRow(row)
            qtbot.keyClick(view.viewport(), Qt.Key.Key_Space)
            return
    raise KeyError(data)


def pick(qtbot: Any, combo: QComboBox, data: object) -> None:
    """Choose a combo box entry with the keyboard (Home, then Down until it is there)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data, data


def shoot_form(qtbot: Any, editor: Editor, path: Path, showing: Any) -> None:
    """The window with `showing` scrolled into view, and the whole form beside it."""
    view = editor.window.fact_editor
    view.form_scroll.ensureWidgetVisible(showing)
    shoot(qtbot, editor.window, path)
    shoot(qtbot, view.page, path.with_name(path.stem + "_form.png"))


def assert_nothing_cut(page: Any) -> None:
    """Every one-line label, tick and button of the form is as wide as its text."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    for widget in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if widget.isVisible() and not (isinstance(widget, QLabel) and widget.wordWrap()):
            assert widget.width() >= widget.sizeHint().width(), (widget.objectName(), widget.text())


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def facts_tab(editor: Editor) -> Any:
    window = editor.sign_in()
    window.tabs.setCurrentIndex(1)
    return window


def walk(catalogue: Any, event_id: str, answers: dict[str, Any], until: str) -> QuestionFlow:
    """The kiosk's flow for an event, answered (given answers, else a plain one by type)
    until `until` is the current question or nothing is left to ask."""
    flow = QuestionFlow(catalogue, event_id, {}, lambda: TODAY)
    for _ in range(80):
        key = flow.current
        if key is None or key == until:
            return flow
        spec = catalogue.dictionary[key.split("[")[0] if "[" not in key else _member(key)]
        flow.answer(answers.get(key, _plain(catalogue, spec)))
    return flow


def _member(path: str) -> str:
    head, _, rest = path.partition("[")
    return f"{head}[]{rest.split(']', 1)[1]}"


def _plain(catalogue: Any, spec: Any) -> Any:
    if spec.type == "yes_no":
        return False
    if spec.type == "date":
        return "1980-05-01"
    if spec.type in ("choice", "multi_choice"):
        first = catalogue.choices[spec.choices][0].value
        return [first] if spec.type == "multi_choice" else first
    if spec.type == "integer":
        return spec.rule.min if spec.rule and spec.rule.min else 1
    return "テスト"


def fill_in_the_cat_question(qtbot: Any, view: Any) -> None:
    """A new question's form filled in: pets.has_cat, yes/no, its name and question in
    Japanese and English, asked first when moving in."""
    qtbot.keyClicks(view.key_edit, "pets.has_cat")
    pick(qtbot, view.type, "yes_no")
    edit_cell(qtbot, view.texts, 0, 0, "猫を飼っている")
    edit_cell(qtbot, view.texts, 0, 1, "Has a cat")
    edit_cell(qtbot, view.texts, 1, 0, "猫を飼っていますか")
    edit_cell(qtbot, view.texts, 1, 1, "Do you have a cat?")
    press_item(qtbot, view.screening, "moving_in")


# -- the clerk's tasks ------------------------------------------------------------------------


def test_adding_a_question_to_an_event(editor: Editor, qtbot: Any, artifact_dir: Path) -> None:
    window = facts_tab(editor)
    view = window.fact_editor
    before = {rel: editor.desk.text(rel) for rel in ("dictionary.yaml", "events.yaml")}
    click(qtbot, view.new_button)
    shoot(qtbot, window, artifact_dir / "1_new_question.png")

    fill_in_the_cat_question(qtbot, view)
    # When: only moving in, and only when the resident has a dog too.
    builder = view.condition
    press_item(qtbot, builder.events, "moving_in")
    click(qtbot, builder.add_button)
    pick(qtbot, builder.facts.cellWidget(0, 0), "pets.has_dog")
    pick(qtbot, builder.facts.cellWidget(0, 1), True)
    assert builder.expression.text() == "event == 'moving_in' and pets.has_dog"
    shoot_form(qtbot, editor, artifact_dir / "2_filled_in.png", builder)

    click(qtbot, view.apply_button)
    result = editor.wait_checked()
    assert result.ok, result.problems
    dictionary = window.documents["dictionary.yaml"].toPlainText()
    assert entry_of(dictionary, ("fields", "pets.has_cat")) == {
        "type": "yes_no",
        "label": {"ja": "猫を飼っている", "en": "Has a cat"},
        "question": {"ja": "猫を飼っていますか", "en": "Do you have a cat?"},
        "ask_if": "event == 'moving_in' and pets.has_dog",
    }
    # Only the new fact's lines were added: the rest of the file is as it was.
    assert dictionary.startswith(before["dictionary.yaml"].rstrip("\n"))
    events = window.documents["events.yaml"].toPlainText()
    assert screening_of(events)["moving_in"][-1] == "pets.has_cat"
    assert len(events.splitlines()) == len(before["events.yaml"].splitlines())
    assert editor.desk.is_dirty("dictionary.yaml") and editor.desk.is_dirty("events.yaml")
    shoot(qtbot, window, artifact_dir / "3_applied.png")

    # The kiosk asks it when moving in with a dog, and not without one.
    catalogue = editor.desk.last_good
    flow = walk(catalogue, "moving_in", {"pets.has_dog": True}, until="pets.has_cat")
    assert flow.current == "pets.has_cat"
    assert translator("en").text(catalogue.dictionary["pets.has_cat"].question) == (
        "Do you have a cat?"
    )
    flow = walk(catalogue, "moving_in", {"pets.has_dog": False}, until="pets.has_cat")
    assert "pets.has_cat" not in flow.history and flow.current != "pets.has_cat"
    assert "pets.has_cat" not in walk(catalogue, "moving_within", {}, "pets.has_cat").history

    # The YAML view shows what the form wrote; one undo there takes the fact away again.
    line = dictionary.splitlines().index("  pets.has_cat:") + 1
    window.open_file("dictionary.yaml", line)
    assert "  pets.has_cat:\n    type: yes_no\n" in window.editor.toPlainText()
    shoot(qtbot, window, artifact_dir / "4_yaml_view.png")
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    editor.wait_checked()
    assert window.documents["dictionary.yaml"].toPlainText() == before["dictionary.yaml"]
    window.tabs.setCurrentIndex(1)
    assert "pets.has_cat" not in view.fact_keys() and "pets.has_dog" in view.fact_keys()


def test_a_label_in_two_languages_and_a_new_choice(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = facts_tab(editor)
    view = window.fact_editor
    type_text(qtbot, view.search, "insurance")
    assert all("insurance" in key for key in view.fact_keys())
    pick(qtbot, view.list, "insurance.kind")
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert view.key == "insurance.kind"
    assert view.choices_box.isVisible()
    assert view.choice_list.currentData() == "insurance_kind"
    spanish = view.others.item(0, 1)  # the label's Spanish, translated from the Japanese
    assert view.others.item(0, 0).text() == "español"
    assert spanish.text().startswith("✓")
    shoot(qtbot, window, artifact_dir / "1_chosen.png")

    edit_cell(qtbot, view.texts, 0, 0, "加入している健康保険")
    edit_cell(qtbot, view.texts, 0, 1, "Health insurance you are in")
    table = view.choices.table
    rows = table.rowCount()
    click(qtbot, view.choices.add_button)
    assert table.rowCount() == rows + 1
    edit_cell(qtbot, table, rows, 0, "mutual")
    edit_cell(qtbot, table, rows, 1, "共済組合")
    edit_cell(qtbot, table, rows, 2, "Mutual aid association")
    edit_cell(qtbot, table, rows, 3, "共済")
    click(qtbot, view.choices.up_button)  # before わからない (the last one)
    shoot_form(qtbot, editor, artifact_dir / "2_edited.png", view.choices)
    choices_before = editor.desk.text("choices.yaml")

    click(qtbot, view.apply_button)
    result = editor.wait_checked()
    assert result.ok, result.problems
    label = entry_of(
        window.documents["dictionary.yaml"].toPlainText(), ("fields", "insurance.kind")
    )
    assert label is not None and label["label"] == {
        "ja": "加入している健康保険",
        "en": "Health insurance you are in",
    }
    choices_text = window.documents["choices.yaml"].toPlainText()
    codes = [c["value"] for c in choice_lists(choices_text)["insurance_kind"]]
    assert codes[-2:] == ["mutual", "unknown"]
    assert (
        "    - {value: mutual, label: {ja: 共済組合, en: Mutual aid association}, print: 共済}\n"
        in choices_text
    )
    # One line added, every other line (comments too) as it was.
    assert sorted(choices_text.splitlines()) == sorted(
        [*choices_before.splitlines(), "    - {value: mutual, label: {ja: 共済組合, en: "
         "Mutual aid association}, print: 共済}"]
    )  # fmt: skip
    # The other languages: their translation is of the old Japanese now.
    assert (
        view.others.item(0, 1)
        .text()
        .startswith(editor.desk.translator("admin.fact.state.outdated"))
    )
    shoot_form(qtbot, editor, artifact_dir / "3_applied.png", view.others)

    catalogue = editor.desk.last_good
    assert [c.value for c in catalogue.choices["insurance_kind"]][-2] == "mutual"
    flow = walk(catalogue, "moving_in", {}, until="insurance.kind")
    assert flow.current == "insurance.kind"
    flow.answer("mutual")
    assert flow.data["insurance"]["kind"] == "mutual"
    assert translator("en").text(catalogue.dictionary["insurance.kind"].label) == (
        "Health insurance you are in"
    )


def test_conditions_the_builder_cannot_show_stay_text(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = facts_tab(editor)
    view = window.fact_editor
    builder = view.condition
    view.choose("household.child_count")
    assert builder.expression.text() == "household.has_children or event == 'birth'"
    assert builder.note.isVisible() and not builder.events.isEnabled()
    shoot_form(qtbot, editor, artifact_dir / "1_custom.png", builder)
    # Changing only the help keeps the condition exactly as written.
    edit_cell(qtbot, view.texts, 2, 1, "Count a new baby too.")
    click(qtbot, view.apply_button)
    assert editor.wait_checked().ok
    spec = entry_of(window.documents["dictionary.yaml"].toPlainText(),
                    ("fields", "household.child_count"))  # fmt: skip
    assert spec is not None and spec["ask_if"] == "household.has_children or event == 'birth'"
    assert spec["help"]["en"] == "Count a new baby too."

    # An edit not applied is not dropped without asking.
    edit_cell(qtbot, view.texts, 0, 1, "Number of children under 18")
    editor.answers = [False]
    click(qtbot, view.new_button)
    assert editor.asked[-1] == editor.desk.translator("admin.fact.drop_edits")
    assert view.key == "household.child_count"
    assert view.texts.item(0, 1).text() == "Number of children under 18"
    editor.answers = [True]
    type_text(qtbot, view.search, "pets.has")
    pick(qtbot, view.list, "pets.has_dog")
    assert view.key == "pets.has_dog" and not view.touched

    # A condition naming a fact the dictionary does not have: the located problem, at
    # the line the form wrote, as after typing in the YAML view.
    view.choose("pets.has_dog")
    builder.expression.setFocus()
    qtbot.keyClicks(builder.expression, "pets.has_cow")
    assert builder.note.isVisible()  # not a fact the builder offers: kept as text
    click(qtbot, view.apply_button)
    result = editor.wait_checked()
    lines = window.documents["dictionary.yaml"].toPlainText().splitlines()
    [problem] = result.problems
    assert (problem.file, problem.code) == ("dictionary.yaml", "EXPR_004")
    assert lines[problem.line - 1] == "    ask_if: pets.has_cow"
    shoot(qtbot, window, artifact_dir / "2_located_problem.png")
    builder.expression.clear()
    click(qtbot, view.apply_button)
    assert editor.wait_checked().ok
    assert "ask_if" not in (entry_of(window.documents["dictionary.yaml"].toPlainText(),
                                     ("fields", "pets.has_dog")) or {})  # fmt: skip

    # Typed as a common case, the builder takes it up again.
    view.choose("pets.has_dog")
    builder.expression.setFocus()
    qtbot.keyClicks(builder.expression, "event == 'moving_within' and not household.has_children")
    assert not builder.note.isVisible() and builder.events.isEnabled()
    assert builder.event_item("moving_within").checkState() == Qt.CheckState.Checked
    assert builder.facts.rowCount() == 1
    assert builder.facts.cellWidget(0, 1).currentData() is False
    shoot_form(qtbot, editor, artifact_dir / "3_typed.png", builder)
    click(qtbot, view.apply_button)
    assert editor.wait_checked().ok
    catalogue = editor.desk.last_good
    assert "pets.has_dog" in walk(catalogue, "moving_within", {}, "pets.has_dog").pending()
    assert "pets.has_dog" not in walk(catalogue, "moving_in", {}, "pets.has_dog").pending()


def test_a_question_for_each_child(editor: Editor, qtbot: Any, artifact_dir: Path) -> None:
    window = facts_tab(editor)
    view = window.fact_editor
    click(qtbot, view.new_button)
    pick(qtbot, view.group, "children")
    assert not view.screening.isEnabled()  # a member's question is asked per member
    qtbot.keyClicks(view.key_edit, "allergy")
    pick(qtbot, view.type, "choice")
    click(qtbot, view.new_list_button)
    table = view.choices.table
    edit_cell(qtbot, table, 0, 0, "none")
    edit_cell(qtbot, table, 0, 1, "なし")
    click(qtbot, view.choices.add_button)
    edit_cell(qtbot, table, 1, 0, "food")
    edit_cell(qtbot, table, 1, 1, "食物アレルギー")
    edit_cell(qtbot, view.texts, 1, 0, "お子さんにアレルギーはありますか")
    # The condition may name the member's own facts (item.…).
    click(qtbot, view.condition.add_button)
    pick(qtbot, view.condition.facts.cellWidget(0, 0), "item.school_level")
    pick(qtbot, view.condition.facts.cellWidget(0, 1), "elementary")
    assert view.condition.expression.text() == "item.school_level == 'elementary'"
    shoot_form(qtbot, editor, artifact_dir / "1_for_each_child.png", view.condition)
    assert_nothing_cut(view.page)
    click(qtbot, view.apply_button)
    result = editor.wait_checked()
    assert result.ok, result.problems
    spec = editor.desk.last_good.dictionary["children[].allergy"]
    assert spec.group == "children" and spec.choices == "allergy"
    assert [c.value for c in editor.desk.last_good.choices["allergy"]] == ["none", "food"]

    # In English: the same form, its words in English, nothing cut.
    pick(qtbot, window.language, "en")
    view.choose("children[].allergy")
    assert view.row_labels["condition"].text() == "When it is asked"
    assert view.type.currentText() == "One of the choices (choice)"
    shoot_form(qtbot, editor, artifact_dir / "2_in_english.png", view.condition)
    assert_nothing_cut(view.page)
