"""A form's boxes as a spreadsheet and back (openpyxl, real .xlsx bytes): unchanged, the
text comes back the same; a cell changed in the sheet changes that number in place; a
row added or deleted adds or removes a field; bad cells are located (sheet, row,
column) and change nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from forms.catalogue import load_catalogue
from forms.layout import boxes
from forms.sheet import COLUMNS, SheetError, SheetErrors, export_boxes, import_boxes
from forms.yamlsource import format_path

JUMINIDO = Path(__file__).parents[2] / "forms" / "data" / "forms" / "juminido.yaml"


def edited(data: bytes, change: object) -> bytes:
    """The workbook after `change(sheet)`, saved again as Excel would."""
    book = load_workbook(io.BytesIO(data))
    change(book["boxes"])  # type: ignore[operator]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet: object, path: str) -> int:
    for row in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        if row[0].value == path:
            return int(row[0].row)
    raise AssertionError(path)


def postal_path(text: str) -> str:
    """Where the form's 郵便番号 box stands (found by its fact: the form changes)."""
    (box,) = [b for b in boxes(text) if b.key == "new_address.postal_code"]
    return f"fields[{box.path[1]}]"


def row_of_text(text: str, path: str) -> int:
    """The sheet row (1-based, after the header) of the box at `path`."""
    return 2 + [format_path(b.path) for b in boxes(text)].index(path)


def test_every_box_is_a_row_and_an_unchanged_sheet_changes_nothing() -> None:
    text = JUMINIDO.read_text(encoding="utf-8")
    data = export_boxes(text)
    sheet = load_workbook(io.BytesIO(data))["boxes"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert len(rows) - 1 == len(boxes(text))
    (postal,) = [row for row in rows[1:] if row[1] == "new_address.postal_code"]
    assert postal[:9] == (
        postal_path(text),
        "new_address.postal_code",
        None,
        "郵便番号",
        1,
        20,
        50,
        60,
        8,
    )
    assert rows[-1][0] == format_path(boxes(text)[-1].path)
    assert import_boxes(text, data) == text


def test_a_changed_cell_moves_that_box_in_place_and_the_form_still_loads(tmp_path: Path) -> None:
    text = JUMINIDO.read_text(encoding="utf-8")

    def change(sheet: object) -> None:
        row = row_of(sheet, postal_path(text))
        sheet.cell(row=row, column=COLUMNS.index("x") + 1).value = 25  # type: ignore[attr-defined]
        sheet.cell(row=row, column=COLUMNS.index("label") + 1).value = "〒"  # type: ignore[attr-defined]

    new = import_boxes(text, edited(export_boxes(text), change))
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 1
    before, after = changed[0]
    assert "new_address.postal_code" in before
    assert after == before.replace("郵便番号", "〒").replace("[20, 50, 60, 8]", "[25, 50, 60, 8]")
    catalogue_dir = tmp_path / "catalogue"
    import shutil

    shutil.copytree(JUMINIDO.parents[1], catalogue_dir)
    (catalogue_dir / "forms" / "juminido.yaml").write_text(new, encoding="utf-8")
    index = int(postal_path(text)[len("fields[") : -1])
    assert load_catalogue(catalogue_dir).forms["juminido"].fields[index].box == (25, 50, 60, 8)


def test_a_row_added_and_a_row_deleted() -> None:
    text = JUMINIDO.read_text(encoding="utf-8")
    before = boxes(text)

    def change(sheet: object) -> None:
        sheet.delete_rows(row_of(sheet, "fields[1]"))  # type: ignore[attr-defined]
        sheet.append([None, "applicant.email", None, "メール", 1, 20, 280, 80, 6, 9, None])  # type: ignore[attr-defined]

    new = import_boxes(text, edited(export_boxes(text), change))
    after = boxes(new)
    assert [b.key for b in after if b.path[0] == "fields"] == [
        *[b.key for b in before if b.path[0] == "fields" and b.path != ("fields", 1)],
        "applicant.email",
    ]
    assert yaml.safe_load(new)["fields"][-1] == {
        "key": "applicant.email", "label": "メール", "box": [20, 280, 80, 6], "size": 9
    }  # fmt: skip
    assert "move.kind" not in new


def test_bad_cells_are_located_and_change_nothing() -> None:
    text = JUMINIDO.read_text(encoding="utf-8")

    postal_row = row_of_text(text, postal_path(text))

    def change(sheet: object) -> None:
        row = row_of(sheet, postal_path(text))
        sheet.cell(row=row, column=COLUMNS.index("y") + 1).value = "五十"  # type: ignore[attr-defined]
        sheet.cell(row=row + 1, column=1).value = "fields[99]"  # type: ignore[attr-defined]
        sheet.append([None, None, None, "no fact", 1, 1, 2, 3, 4, None, None])  # type: ignore[attr-defined]

    with pytest.raises(SheetErrors) as caught:
        import_boxes(text, edited(export_boxes(text), change))
    last = len(boxes(text)) + 2
    assert caught.value.errors == [
        SheetError("boxes", postal_row, "y", "SHEET_006", {"value": "五十"}),
        SheetError("boxes", postal_row + 1, "path", "SHEET_004", {"path": "fields[99]"}),
        SheetError("boxes", last, "key", "SHEET_007", {}),
    ]


def test_not_a_workbook_or_no_boxes_sheet() -> None:
    with pytest.raises(SheetErrors) as caught:
        import_boxes("id: x\n", b"not a workbook")
    assert caught.value.errors[0].code == "SHEET_001"
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "other"  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SheetErrors) as caught:
        import_boxes("id: x\n", out.getvalue())
    assert caught.value.errors == [SheetError("boxes", 0, None, "SHEET_002", {"sheet": "boxes"})]
