"""The visual layout editor through the real admin window: real mouse presses, moves and
releases on the page view move and resize boxes, snapped to the grid; the form's YAML
changes by exactly that many millimetres where it stands (one line); the draft is
checked at once and the re-rendered PDF prints the value there (pdftotext -bbox); a
fact picked from the searchable list, a label, a font size; an overlap the validator
finds is drawn on the page. Screenshots: tests/artifacts/ui/admin/test_layout_editor/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from forms.layout import boxes
from forms.render import render_form
from tests.forms.pdfbox import Word, text_in, words
from tests.ui.admin.conftest import Editor, answer_paths, shoot, type_text
from ui.admin.samples import SAMPLE_TODAY, event_for_form, sample_data

JUMINIDO = "forms/juminido.yaml"
_TEXT = (Path(__file__).parents[3] / "forms" / "data" / JUMINIDO).read_text(encoding="utf-8")


def path_of(key: str) -> tuple[str | int, ...]:
    """Where the box of `key` stands in juminido.yaml (found by its fact: the form grows)."""
    return next(b.path for b in boxes(_TEXT) if b.key == key and b.path[0] == "fields")


POSTAL = path_of("new_address.postal_code")  # 郵便番号 at [20, 50, 60, 8]
ADDRESS = path_of("new_address.full")  # 住所 at [20, 58, 178, 11]
BUILDING = path_of("new_address.building")  # 方書 at [20, 69, 100, 9]
POSTAL_LINE = next(line for line in _TEXT.splitlines() if "key: new_address.postal_code" in line)
POSTAL_MOVED = POSTAL_LINE.replace("[20, 50, 60, 8]", "[25, 50, 60, 8]")


def open_layout(editor: Editor, rel: str = JUMINIDO) -> Any:
    window = editor.sign_in()
    window.tabs.setCurrentWidget(window.layout_editor)
    view = window.layout_editor
    assert window.width() <= 1280  # its tools fit the window
    view.choose(rel)
    editor.qtbot.waitUntil(lambda: bool(view.rendered), timeout=20000)
    return view


def centre(view: Any, path: tuple[str | int, ...]) -> QPoint:
    x, y, w, h = view.box(path).box
    return view.page_view.view_point(x + w / 2, y + h / 2)


def drag(qtbot: Any, view: Any, start: QPoint, dx_mm: float, dy_mm: float) -> None:
    """Press, move in a few steps (as a hand does), release: real mouse events."""
    viewport = view.page_view.viewport()
    scale = view.page_view.transform().m11()  # pixels per mm
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in (1, 2, 3):
        qtbot.mouseMove(
            viewport,
            start + QPoint(round(dx_mm * scale * step / 3), round(dy_mm * scale * step / 3)),
        )
    end = start + QPoint(round(dx_mm * scale), round(dy_mm * scale))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def wait_rendered(qtbot: Any, view: Any) -> None:
    """Until the page image is the one rendered after the last check."""
    qtbot.waitUntil(lambda: view.rendered_generation == view._render_generation, timeout=20000)


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def printed(editor: Editor, form_id: str, sample: str = "full") -> list[Word]:
    catalogue = editor.desk.last_good
    data = sample_data(catalogue, sample, event_for_form(catalogue, form_id))
    return words(render_form(catalogue, data, form_id, today=SAMPLE_TODAY).pdf)


def postal_word(found: list[Word]) -> Word:
    return next(w for w in found if w.text.startswith("〒100"))


def test_dragging_a_box_moves_it_5_mm_in_the_yaml_and_on_the_printed_page(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    view = open_layout(editor)
    before_text = editor.desk.text(JUMINIDO)
    before = postal_word(printed(editor, "juminido"))
    shoot(qtbot, editor.window, artifact_dir / "1_page.png")

    # 5.3 mm by hand: the 1 mm grid makes it 5.
    drag(qtbot, view, centre(view, POSTAL), 5.3, 0)
    assert view.box(POSTAL).box == (25, 50, 60, 8)
    assert changed_lines(before_text, editor.desk.text(JUMINIDO)) == [(POSTAL_LINE, POSTAL_MOVED)]
    result = editor.wait_checked()
    assert result.ok, result.problems
    assert editor.desk.last_good.forms["juminido"].fields[int(POSTAL[1])].box == (25, 50, 60, 8)
    after = postal_word(printed(editor, "juminido"))
    assert abs((after.x - before.x) - 5.0) < 0.05 and abs(after.y - before.y) < 0.05
    wait_rendered(qtbot, view)
    view.select(POSTAL)
    shoot(qtbot, editor.window, artifact_dir / "2_moved.png")

    # The YAML view shows the same and one undo there takes the move back.
    window = editor.window
    window.open_file(JUMINIDO)
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.desk.text(JUMINIDO) == before_text
    window.tabs.setCurrentWidget(view)
    editor.wait_checked()
    assert view.box(POSTAL).box == (20, 50, 60, 8)


def test_an_edge_and_a_corner_resize_a_box_on_the_half_mm_grid(editor: Editor, qtbot: Any) -> None:
    view = open_layout(editor)
    view.grid_combo.setCurrentIndex(view.grid_combo.findData(0.5))
    page = view.page_view
    # The bottom-right corner of 郵便番号 [20, 50, 60, 8], 7.3 mm right and 2.2 up.
    drag(qtbot, view, page.view_point(80, 58), 7.3, -2.2)
    x, y, w, h = view.box(POSTAL).box
    assert (x, y) == (20, 50)
    assert w in (67.0, 67.5) and h in (5.5, 6.0)  # a pixel is ~0.5 mm at this zoom
    assert w * 2 == int(w * 2) and h * 2 == int(h * 2)  # on the 0.5 mm grid
    line = editor.desk.text(JUMINIDO).splitlines()[view.box(POSTAL).line - 1]
    assert f"box: [20, 50, {w:g}, {h:g}]" in line
    # The left edge alone: the right edge stays where it is.
    drag(qtbot, view, page.view_point(20, 54), 4, 0)
    x2, _y, w2, _h = view.box(POSTAL).box
    assert x2 == 24 and x2 + w2 == 20 + w
    result = editor.wait_checked()
    assert result.ok, result.problems
    assert editor.desk.last_good.forms["juminido"].fields[int(POSTAL[1])].box == (24, 50, 20 + w - 24, h)


def test_a_fact_picked_from_the_list_a_label_and_a_size(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    view = open_layout(editor)
    path = next(b.path for b in view.shown if b.key == "registry.domicile")  # 本籍
    assert view.box(path).box == (12, 98, 128, 8)
    qtbot.mouseClick(view.page_view.viewport(), Qt.MouseButton.LeftButton, pos=centre(view, path))
    assert view.selected.path == path
    assert view.fact_list.currentItem().data(Qt.ItemDataRole.UserRole) == "registry.domicile"
    # Search by the fact's Japanese label, pick it.
    type_text(qtbot, view.fact_search, "配偶者の生")
    shown = [view.fact_list.item(i) for i in range(view.fact_list.count())]
    visible = [i.data(Qt.ItemDataRole.UserRole) for i in shown if not i.isHidden()]
    assert visible == ["spouse.birth_date", "spouse.display_birth_date"]
    assert len(shown) > 100  # the whole dictionary, filtered
    assert view.fact_list.currentItem().data(Qt.ItemDataRole.UserRole) == "spouse.birth_date"
    qtbot.mouseClick(view.use_fact_button, Qt.MouseButton.LeftButton)
    assert view.box(path).key == "spouse.birth_date"
    assert view.box(path).format == "wareki"  # text does not print a date: the type's own
    # A label and a font size, typed; the format chosen with the keyboard.
    view.label_edit.selectAll()
    type_text(qtbot, view.label_edit, "配偶者生年月日")
    qtbot.keyClick(view.label_edit, Qt.Key.Key_Return)
    view.size_spin.selectAll()
    qtbot.keyClicks(view.size_spin, "9.5")
    qtbot.keyClick(view.size_spin, Qt.Key.Key_Return)
    formats = [view.format_combo.itemData(i) for i in range(view.format_combo.count())]
    assert formats == ["date", "wareki"]  # the ones that suit a date
    view.format_combo.setFocus()
    qtbot.keyClick(view.format_combo, Qt.Key.Key_Up)
    line = editor.desk.text(JUMINIDO).splitlines()[view.box(path).line - 1]
    assert line == (
        "  - {key: spouse.birth_date, label: 配偶者生年月日, box: [12, 98, 128, 8], "
        'label_width: 14, show_if: "not registry.nationality", format: date, size: 9.5}'
    )
    result = editor.wait_checked()
    assert result.ok, result.problems
    spec = editor.desk.last_good.forms["juminido"].fields[int(path[1])]
    assert (spec.key, spec.label, spec.size, spec.format) == (
        "spouse.birth_date",
        "配偶者生年月日",
        9.5,
        "date",
    )
    found = printed(editor, "juminido")
    in_box = [w for w in found if 12 <= w.x <= 140 and 98 <= w.y <= 106]
    row = "".join(w.text for w in sorted(in_box, key=lambda w: w.x))  # as read: left to right
    assert row == "配偶者生年月日1983年11月3日"  # `date`: western, not 昭和58年
    wait_rendered(qtbot, view)
    shoot(qtbot, editor.window, artifact_dir / "3_fact.png")


def test_the_validators_overlap_is_drawn_on_the_page(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    view = open_layout(editor)
    # 郵便番号 [20, 50, 60, 8] dragged 6 mm down: onto 住所 [20, 58, 178, 11].
    drag(qtbot, view, centre(view, POSTAL), 0, 6)
    result = editor.wait_checked()
    overlap = [p for p in result.problems if p.code == "POS_004"]
    assert [p.file for p in overlap] == [JUMINIDO]
    items = view.page_view.items_by_path
    assert items[POSTAL].problems and items[ADDRESS].problems
    assert items[POSTAL].pen().color().name() == "#c8102e"
    assert "POS_004" in items[POSTAL].toolTip()
    [mark] = view.page_view.marks
    assert (mark.rect().x(), mark.rect().y(), mark.rect().width(), mark.rect().height()) == (
        20,
        58,
        60,
        6,
    )
    assert not items[BUILDING].problems  # others stay blue
    assert "1" in view.status.text() or "2" in view.status.text()
    view.select(POSTAL)  # scrolled to
    shoot(qtbot, editor.window, artifact_dir / "4_overlap.png")
    # Moved back with the arrow keys (1 mm each): the problem goes.
    view.page_view.setFocus()
    for _ in range(6):
        qtbot.keyClick(view.page_view, Qt.Key.Key_Up)
    assert view.box(POSTAL).box == (20, 50, 60, 8)
    result = editor.wait_checked()
    assert result.ok, result.problems
    assert not view.page_view.marks and not items_with_problems(view)


def items_with_problems(view: Any) -> list[Any]:
    return [p for p, item in view.page_view.items_by_path.items() if item.problems]


def test_a_box_dragged_off_the_page_is_marked_before_the_check(editor: Editor, qtbot: Any) -> None:
    view = open_layout(editor)
    path = ADDRESS  # 住所 [20, 58, 178, 11]
    drag(qtbot, view, centre(view, path), 20, 0)
    assert view.box(path).box == (40, 58, 178, 11)
    assert view.page_view.items_by_path[path].problems  # at once
    result = editor.wait_checked()
    assert "POS_001" in {p.code for p in result.problems}
    assert any("POS_001" in t for t in view.page_view.items_by_path[path].problems)
    moved = next(b for b in boxes(editor.desk.text(JUMINIDO)) if b.path == ADDRESS)
    assert moved.box == (40, 58, 178, 11)


SIX = [
    "applicant.name_kana",
    "applicant.name",
    "applicant.birth_date",
    "applicant.sex",
    "applicant.address",
    "applicant.phone",
]


def add_boxes_from_the_list(editor: Editor, qtbot: Any, view: Any, keys: list[str]) -> dict[str, str]:
    """For each fact: search it by its own words, click it in the list, add its box.
    Returns every fact's Japanese label."""
    labels = {k: s.label["ja"] for k, s in editor.desk.last_good.dictionary.items()}
    for key in keys:
        view.fact_search.clear()
        type_text(qtbot, view.fact_search, labels[key])
        item = next(
            view.fact_list.item(i)
            for i in range(view.fact_list.count())
            if view.fact_list.item(i).data(Qt.ItemDataRole.UserRole) == key
        )
        assert not item.isHidden()
        view.fact_list.scrollToItem(item)
        rect = view.fact_list.visualItemRect(item)
        qtbot.mouseClick(view.fact_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseClick(view.add_fact_button, Qt.MouseButton.LeftButton)
        assert view.selected is not None and view.selected.key == key
    return labels


def test_a_new_form_with_six_boxes_reusing_the_cards_name_and_address(
    editor: Editor, qtbot: Any, artifact_dir: Path
) -> None:
    window = editor.sign_in()
    window.open_file("forms/inkan_shomei.yaml")  # the new form serves its procedures
    editor.names = ["sodai_gomi", "粗大ごみ収集申込書"]
    qtbot.mouseClick(window.new_form_button, Qt.MouseButton.LeftButton)
    new = "forms/sodai_gomi.yaml"
    view = window.layout_editor
    assert window.tabs.currentWidget() is view and view.rel == new
    assert boxes(editor.desk.text(new)) == []
    result = editor.wait_checked()
    assert result.ok, result.problems
    labels = add_boxes_from_the_list(editor, qtbot, view, SIX)
    added = boxes(editor.desk.text(new))
    assert [b.key for b in added] == SIX
    assert [b.label for b in added] == [labels[k] for k in SIX]
    result = editor.wait_checked()
    assert result.ok, result.problems
    form = editor.desk.last_good.forms["sodai_gomi"]
    assert form.procedures == editor.desk.last_good.forms["inkan_shomei"].procedures
    assert [f.format for f in form.fields] == ["kana", "text", "wareki", "choice", "text", "phone"]
    # Printed with the card's four facts only: the name and the address are the card's.
    catalogue = editor.desk.last_good
    card = sample_data(catalogue, "card", event_for_form(catalogue, "sodai_gomi"))
    found = printed(editor, "sodai_gomi", "card")
    by_key = {b.key: b for b in added}
    name = text_in(found, 1, by_key["applicant.name"].box)
    address = text_in(found, 1, by_key["applicant.address"].box)

    def joined(text: str) -> str:  # pdftotext's words are joined without spaces
        return text.replace(" ", "").replace("\u3000", "")

    assert name == labels["applicant.name"] + joined(card["applicant"]["name"])
    assert address == labels["applicant.address"] + joined(card["applicant"]["address"])
    assert text_in(found, 1, (40, 12, 130, 12)) == "粗大ごみ収集申込書"
    wait_rendered(qtbot, view)
    view.select(None)
    view.page_view.to_top()
    shoot(qtbot, window, artifact_dir / "5_new_form.png")
    # Saved into the draft like any edit.
    editor.desk.save()
    assert [b.key for b in boxes(editor.desk.workspace.read(new))] == SIX


def test_boxes_exported_to_a_sheet_edited_in_it_and_imported_back(
    editor: Editor, qtbot: Any, tmp_path: Path, artifact_dir: Path
) -> None:
    import io

    from openpyxl import load_workbook

    from forms.sheet import COLUMNS

    view = open_layout(editor)
    sheet_file = tmp_path / "juminido.xlsx"
    asked = answer_paths(view, sheet_file)
    before = editor.desk.text(JUMINIDO)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert asked == [True] and sheet_file.exists()
    # Offline, in the spreadsheet: 郵便番号 5 mm to the right, and one bad cell.
    book = load_workbook(io.BytesIO(sheet_file.read_bytes()))
    sheet = book["boxes"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == f"fields[{POSTAL[1]}]")
    sheet.cell(row=row, column=COLUMNS.index("x") + 1).value = 25
    sheet.cell(row=row + 1, column=COLUMNS.index("width") + 1).value = "広い"
    book.save(sheet_file)
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    assert editor.desk.text(JUMINIDO) == before  # refused whole
    message = editor.window.message.text()
    assert "boxes シート" in message and f"{row + 1} 行目 width 列" in message
    shoot(qtbot, editor.window, artifact_dir / "6_sheet_refused.png")
    sheet.cell(row=row + 1, column=COLUMNS.index("width") + 1).value = 178
    book.save(sheet_file)
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    assert changed_lines(before, editor.desk.text(JUMINIDO)) == [(POSTAL_LINE, POSTAL_MOVED)]
    assert view.box(POSTAL).box == (25, 50, 60, 8)
    result = editor.wait_checked()
    assert result.ok, result.problems


def test_the_layout_editor_in_english_fits_the_window(
    qtbot: Any, store: Any, workspace: Any, artifact_dir: Path
) -> None:
    english = Editor(qtbot, store, workspace, locale="en")
    try:
        view = open_layout(english)
        assert english.window.tabs.tabText(english.window.tabs.indexOf(view)) == "Form layout"
        view.select(POSTAL)
        assert view.selected_label.text().startswith(f"Selected: 郵便番号 (fields[{POSTAL[1]}], line ")
        for button in (view.add_button, view.export_button, view.use_fact_button):
            assert button.width() >= button.sizeHint().width()  # nothing cut
        wait_rendered(qtbot, view)
        shoot(qtbot, english.window, artifact_dir / "english.png")
    finally:
        english.close()
