"""A form's boxes as a spreadsheet, XLSForm-like: one row per box, so a city can lay a
form out offline in Excel and bring it back.

    data = export_boxes(text)               # .xlsx bytes: sheet "boxes", a header row
    text = import_boxes(text, data)         # the form's text with the sheet's boxes
                                            # (SheetErrors: every problem, located)

Columns: path (fields[3]; empty for a new box), key, value, label, page, x, y, width,
height (mm), size, format. Reading back rewrites only what changed, in place
(`forms.layout`): a changed number or setting where it stands, a row without a path a
new field at the end of `fields:`, a field with no row removed. Every problem is
reported with its sheet, row and column (`SheetError`), and nothing is changed while
there is one. No Qt here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook

from forms.layout import (
    LayoutBox,
    PathT,
    add_field,
    boxes,
    remove_field,
    set_box,
    set_setting,
)
from forms.yamlsource import format_path

SHEET = "boxes"
COLUMNS = ("path", "key", "value", "label", "page", "x", "y", "width", "height", "size", "format")
#: The settings a row carries besides its box, in the order they are written.
SETTINGS = ("key", "value", "label", "page", "size", "format")


@dataclass(frozen=True)
class SheetError:
    """One problem of the sheet: where (sheet, 1-based row, column name) and what
    (`code`: SHEET_001…, with `params` for the message). `key` is the message's msgid
    when it is not admin.sheet.<code> (a catalogue check's problem found in a row)."""

    sheet: str
    row: int
    column: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    key: str | None = None

    @property
    def message_key(self) -> str:
        return self.key or f"admin.sheet.{self.code}"


class SheetErrors(Exception):
    def __init__(self, errors: list[SheetError]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the sheet")
        self.errors = errors


def export_boxes(text: str) -> bytes:
    """Every box of the form's text as an .xlsx workbook."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for b in boxes(text):
        x, y, w, h = b.box
        sheet.append([format_path(b.path), b.key, b.value, b.label, b.page, x, y, w, h,
                      b.size, b.format])  # fmt: skip
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class _Row:
    number: int
    path: PathT | None
    box: tuple[float, float, float, float]
    settings: dict[str, Any]


def import_boxes(text: str, data: bytes) -> str:
    """The form's text with the boxes of the sheet (SheetErrors when it has problems)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise SheetErrors([SheetError(SHEET, 0, None, "SHEET_001", {"detail": str(exc)})]) from exc
    if SHEET not in book.sheetnames:
        raise SheetErrors([SheetError(SHEET, 0, None, "SHEET_002", {"sheet": SHEET})])
    rows = list(book[SHEET].iter_rows(values_only=True))
    header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SheetErrors([SheetError(SHEET, 1, c, "SHEET_003", {"column": c}) for c in missing])
    where = {name: header.index(name) for name in COLUMNS}
    known = {format_path(b.path): b for b in boxes(text)}
    errors: list[SheetError] = []
    parsed: list[_Row] = []
    seen: set[str] = set()
    for number, cells in enumerate(rows[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        row = _read_row(number, cells, where, known, seen, errors)
        if row is not None:
            parsed.append(row)
    if errors:
        raise SheetErrors(errors)
    return _apply(text, parsed, known)


def _cell(cells: tuple[Any, ...], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _read_row(
    number: int,
    cells: tuple[Any, ...],
    where: dict[str, int],
    known: dict[str, LayoutBox],
    seen: set[str],
    errors: list[SheetError],
) -> _Row | None:
    before = len(errors)

    def fail(column: str, code: str, **params: Any) -> None:
        errors.append(SheetError(SHEET, number, column, code, params))

    path_text = _cell(cells, where["path"])
    path: PathT | None = None
    if path_text is not None:
        if str(path_text) not in known:
            fail("path", "SHEET_004", path=str(path_text))
        elif str(path_text) in seen:
            fail("path", "SHEET_005", path=str(path_text))
        else:
            seen.add(str(path_text))
            path = known[str(path_text)].path
    numbers: list[float] = []
    for column in ("x", "y", "width", "height"):
        value = _cell(cells, where[column])
        if isinstance(value, int | float) and not isinstance(value, bool):
            numbers.append(float(value))
        else:
            fail(column, "SHEET_006", value="" if value is None else str(value))
    settings: dict[str, Any] = {}
    for column in SETTINGS:
        value = _cell(cells, where[column])
        if column in ("page", "size") and value is not None:
            if not isinstance(value, int | float) or isinstance(value, bool):
                fail(column, "SHEET_006", value=str(value))
                continue
            value = int(value) if column == "page" else float(value)
        elif value is not None:
            value = str(value)
        settings[column] = value
    if settings.get("key") is None and settings.get("value") is None:
        fail("key", "SHEET_007")
    if len(errors) > before:
        return None
    x, y, w, h = numbers
    return _Row(number, path, (x, y, w, h), settings)


def _apply(text: str, rows: list[_Row], known: dict[str, LayoutBox]) -> str:
    for row in rows:  # changes to fields that stay: their paths do not move
        if row.path is None:
            continue
        old = next(b for b in known.values() if b.path == row.path)
        if row.box != old.box:
            text = set_box(text, row.path, row.box)
        for name, value in row.settings.items():
            was = getattr(old, name)
            if name == "page" and value == 1 and was == 1:
                continue  # page 1 is the default, written or not
            if value != was:
                text = set_setting(text, row.path, name, value)
    kept = {row.path for row in rows}
    gone = [b.path for b in known.values() if b.path not in kept]
    for path in sorted(gone, key=lambda p: (p[:-1], p[-1]), reverse=True):
        text = remove_field(text, path)  # last first: earlier paths stay right
    for row in rows:
        if row.path is None:
            new: dict[str, Any] = {k: row.settings[k] for k in ("key", "value", "label")}
            new["box"] = list(row.box)
            new |= {k: row.settings[k] for k in ("page", "size", "format")}
            if new["page"] == 1:
                new["page"] = None  # the default
            text = add_field(text, {k: v for k, v in new.items() if v is not None})
    return text
