"""Issue 18's "done when": a clerk's whole task list, in order, on one catalogue,
through the admin window alone (pytest-qt driving the real widgets: clicks on tabs,
lists and buttons, typing into the structured editors' cells, a real mouse drag in
the layout editor; not one key typed into the YAML view), each step published and its
effect asserted on the published catalogue as a kiosk loads it:

1. add a question to a life event: the kiosk asks it when moving in;
2. add a new form with six boxes reusing the card's name and address: printed from
   the card's four facts, the name and the address in their boxes;
3. change a label in two languages: it reads the new text in Japanese and English;
4. move a box 5 mm: the published box and the printed value are 5 mm to the right;
5. roll back to the first publication: the published catalogue is the original again
   (and 公開版からやり直す brings the draft back to it too).

Screenshots of every step: tests/artifacts/ui/admin/test_clerk_tasks/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QTableWidget

from forms.catalogue import DEFAULT_DIR, load_catalogue
from forms.render import render_form
from forms.version import catalogue_version
from i18n import translator
from tests.forms.pdfbox import text_in, words
from tests.ui.admin.conftest import Editor, shoot, type_text
from tests.ui.admin.test_fact_editor import (
    click,
    edit_cell,
    fill_in_the_cat_question,
    pick,
    walk,
)
from tests.ui.admin.test_layout_editor import (
    JUMINIDO,
    POSTAL,
    SIX,
    add_boxes_from_the_list,
    centre,
    drag,
    postal_word,
    wait_rendered,
)
from ui.admin.samples import SAMPLE_TODAY, event_for_form, sample_data
from ui.admin.workspace import Workspace


class KeysCounter(QObject):
    """Counts the keys and input-method texts a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            self.count += 1
        return False


def click_tab(qtbot: Any, tabs: Any, widget: Any) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())
    assert tabs.currentWidget() is widget


def click_file(qtbot: Any, window: Any, rel: str) -> None:
    """Click a file in the file list (it opens in the text tab, unedited)."""
    files = window.files
    item = next(files.item(i) for i in range(files.count())
                if files.item(i).data(Qt.ItemDataRole.UserRole) == rel)  # fmt: skip
    files.scrollToItem(item)
    qtbot.mouseClick(files.viewport(), Qt.MouseButton.LeftButton,
                     pos=files.visualItemRect(item).center())  # fmt: skip
    assert window.current_file == rel


def click_row(qtbot: Any, table: QTableWidget, row: int) -> None:
    item = table.item(row, 0)
    table.scrollToItem(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualItemRect(item).center())  # fmt: skip


def publish(editor: Editor, note: str) -> None:
    """Publish through the review dialog; the window is the active one again after."""
    editor.publish(note)
    window = editor.window
    window.activateWindow()
    editor.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def published(workspace: Workspace) -> Any:
    """The published catalogue, loaded as a kiosk loads it."""
    assert workspace.published is not None
    return load_catalogue(workspace.published)


def choose_fact(qtbot: Any, view: Any, search: str, key: str) -> None:
    view.search.clear()
    type_text(qtbot, view.search, search)
    pick(qtbot, view.list, key)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert view.key == key


def test_the_clerks_task_list_through_the_window_alone(
    editor: Editor, qtbot: Any, workspace: Workspace, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    keys = KeysCounter()
    window.editor.installEventFilter(keys)
    window.editor.viewport().installEventFilter(keys)
    publish(editor, "最初の公開（元の定義）")
    assert workspace.published is not None
    original = catalogue_version(workspace.published)
    shoot(qtbot, window, artifact_dir / "0_signed_in_and_published.png")

    # 1. A question for a life event: 猫を飼っていますか, asked first when moving in.
    facts = window.fact_editor
    click_tab(qtbot, window.tabs, window.tabs.widget(1))
    click(qtbot, facts.new_button)
    fill_in_the_cat_question(qtbot, facts)
    facts.form_scroll.ensureWidgetVisible(facts.screening)
    shoot(qtbot, window, artifact_dir / "1a_question_filled_in.png")
    click(qtbot, facts.apply_button)
    assert editor.wait_checked().ok
    publish(editor, "猫の質問を転入に追加")
    catalogue = published(workspace)
    assert catalogue.dictionary["pets.has_cat"].question["en"] == "Do you have a cat?"
    assert walk(catalogue, "moving_in", {}, until="pets.has_cat").current == "pets.has_cat"
    assert "pets.has_cat" not in walk(catalogue, "moving_within", {}, "pets.has_cat").history
    # The window's question flow (as the kiosk walks it) shows it too, for the screenshot.
    flow = window.flow_preview
    click_tab(qtbot, window.previews, flow)
    pick(qtbot, flow.event_choice, "moving_in")
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.event == "moving_in"
                    and any("猫を飼っていますか" in s.question for s in flow.preview.steps),
                    timeout=20000)  # fmt: skip
    assert flow.text.find("猫を飼っていますか")  # scrolled to, and marked
    shoot(qtbot, window, artifact_dir / "1b_question_published.png")

    # 2. A new form, six boxes from the fact list, the card's name and address among them.
    click_file(qtbot, window, "forms/inkan_shomei.yaml")  # the new form serves its procedures
    editor.names = ["sodai_gomi", "粗大ごみ収集申込書"]
    click(qtbot, window.new_form_button)
    layout = window.layout_editor
    assert window.tabs.currentWidget() is layout and layout.rel == "forms/sodai_gomi.yaml"
    assert editor.wait_checked().ok
    add_boxes_from_the_list(editor, qtbot, layout, SIX)
    assert editor.wait_checked().ok
    wait_rendered(qtbot, layout)
    layout.select(None)
    layout.page_view.to_top()
    shoot(qtbot, window, artifact_dir / "2a_new_form_six_boxes.png")
    publish(editor, "粗大ごみ収集申込書を追加")
    catalogue = published(workspace)
    form = catalogue.forms["sodai_gomi"]
    assert [f.key for f in form.fields] == SIX
    card = sample_data(catalogue, "card", event_for_form(catalogue, "sodai_gomi"))
    found = words(render_form(catalogue, card, "sodai_gomi", today=SAMPLE_TODAY).pdf)
    by_key = {f.key: f for f in form.fields}
    for key in ("applicant.name", "applicant.address"):
        printed = text_in(found, 1, by_key[key].box)
        wanted = card["applicant"][key.split(".")[1]].replace(" ", "").replace("\u3000", "")
        assert printed.endswith(wanted), (key, printed)
    shoot(qtbot, window, artifact_dir / "2b_new_form_published.png")

    # 3. A label in Japanese and English: 健康保険の種類 / Health insurance.
    click_tab(qtbot, window.tabs, window.tabs.widget(1))
    choose_fact(qtbot, facts, "insurance", "insurance.kind")
    edit_cell(qtbot, facts.texts, 0, 0, "加入している健康保険")
    edit_cell(qtbot, facts.texts, 0, 1, "Health insurance you are in")
    facts.form_scroll.ensureWidgetVisible(facts.texts)
    shoot(qtbot, window, artifact_dir / "3a_label_in_two_languages.png")
    click(qtbot, facts.apply_button)
    assert editor.wait_checked().ok
    publish(editor, "健康保険の項目名を変更")
    label = published(workspace).dictionary["insurance.kind"].label
    assert translator("ja").text(label) == "加入している健康保険"
    assert translator("en").text(label) == "Health insurance you are in"
    shoot(qtbot, window, artifact_dir / "3b_label_published.png")

    # 4. 住民異動届's 郵便番号 box dragged 5 mm to the right on the page.
    before = postal_word(words(render_form(catalogue, sample_data(catalogue, "full", event_for_form(
        catalogue, "juminido")), "juminido", today=SAMPLE_TODAY).pdf))  # fmt: skip
    click_file(qtbot, window, JUMINIDO)
    click_tab(qtbot, window.tabs, layout)
    assert layout.rel == JUMINIDO
    qtbot.waitUntil(lambda: bool(layout.rendered), timeout=20000)
    drag(qtbot, layout, centre(layout, POSTAL), 5.3, 0)  # the 1 mm grid makes it 5
    assert editor.wait_checked().ok
    wait_rendered(qtbot, layout)
    layout.select(POSTAL)
    shoot(qtbot, window, artifact_dir / "4a_box_moved_5_mm.png")
    publish(editor, "郵便番号の枠を右へ 5 mm")
    catalogue = published(workspace)
    assert catalogue.forms["juminido"].fields[int(POSTAL[1])].box == (25, 50, 60, 8)
    data = sample_data(catalogue, "full", event_for_form(catalogue, "juminido"))
    after = postal_word(words(render_form(catalogue, data, "juminido", today=SAMPLE_TODAY).pdf))
    assert abs((after.x - before.x) - 5.0) < 0.05 and abs(after.y - before.y) < 0.05
    shoot(qtbot, window, artifact_dir / "4b_box_published.png")

    # 5. Roll back: the history, the first publication chosen, a reason, この版に戻す.
    click(qtbot, window.history_button)
    history = window.history_dialog
    qtbot.waitExposed(history)
    assert history.table.rowCount() == 5
    click_row(qtbot, history.table, 4)  # the oldest: the original definitions
    assert history.table.item(4, 3).text() == original
    assert any("粗大ごみ収集申込書" in line for line in history.changes.lines())
    type_text(qtbot, history.note, "練習の変更をすべて元に戻す")
    shoot(qtbot, history, artifact_dir / "5a_history_rollback.png")
    with qtbot.waitSignal(editor.desk.restored, timeout=20000):
        click(qtbot, history.restore_button)
    assert catalogue_version(workspace.published) == original
    catalogue = published(workspace)
    assert "pets.has_cat" not in catalogue.dictionary and "sodai_gomi" not in catalogue.forms
    assert translator("en").text(catalogue.dictionary["insurance.kind"].label) == (
        "Health insurance"
    )
    assert catalogue.forms["juminido"].fields[int(POSTAL[1])].box == (20, 50, 60, 8)
    shoot(qtbot, window, artifact_dir / "5b_rolled_back.png")
    # The draft is left as it was; 公開版からやり直す takes it back to what is published.
    assert layout.box(POSTAL).box == (25, 50, 60, 8)
    click(qtbot, window.reset_button)
    assert editor.wait_checked().ok
    for rel in ("dictionary.yaml", "events.yaml", JUMINIDO):
        assert editor.desk.text(rel) == (DEFAULT_DIR / rel).read_text(encoding="utf-8")
    assert "forms/sodai_gomi.yaml" not in editor.desk.files()
    wait_rendered(qtbot, layout)
    assert layout.box(POSTAL).box == (20, 50, 60, 8)
    layout.select(POSTAL)
    shoot(qtbot, window, artifact_dir / "5c_draft_started_over.png")
    # Everything above went through the structured editors: the YAML view got no key.
    assert keys.count == 0
