"""`FormLayoutView`: the visual layout editor, boxes drawn over the rendered page.

    [住民異動届 ▾] [1 ページ ▾] 目盛り [1 mm ▾]   [枠を追加] [枠を削除]
    ┌ the page, as printed with sample answers ┐  選択中: fields[4]（44 行目）
    │  ┌──────┐ ← drag to move, edges resize   │  位置 x 20 y 50 幅 60 高さ 8 mm
    │  └──────┘   red: the validator's problem │  見出し [郵便番号]  文字 [11]  書式 [▾]
    └──────────────────────────────────────────┘  項目 [検索…] [list] [この項目にする]

The scene is in millimetres (the page is 210 x 297 scene units), so the view only
converts pointer positions; where a drag ends, how it snaps and how the YAML changes is
`forms.layout` (no Qt). Every edit rewrites the form's own text through the window's
document for that file, as typing would: one undo step in the YAML view, the draft
checked at once, and the boxes and their problems read back from the text and the
check, so the page, the text and the problems never disagree. The page image is
rendered from the last catalogue that loaded without problems (a note says when the
text is ahead of it, e.g. while two boxes overlap).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forms.catalogue import Catalogue
from forms.layout import (
    DEFAULT_FORMAT,
    GRIDS,
    LayoutBox,
    NotEditable,
    PathT,
    add_field,
    box_path,
    boxes,
    free_place,
    intersection,
    off_page,
    remove_field,
    set_box,
    set_setting,
    taken,
)
from forms.schema import PAGE_WIDTH_MM, Box
from forms.sheet import SheetErrors, export_boxes, import_boxes
from forms.validation import FORMATS_BY_TYPE
from forms.yamlsource import format_path
from ui.admin.checking import CheckResult
from ui.admin.desk import AdminDesk, preview_pages
from ui.admin.layout_page import PageView
from ui.admin.question_sheet_buttons import QuestionSheetButtons, sheet_error_text
from ui.admin.style import role_label
from ui.admin.workspace import FORMS_DIR
from ui.threads import run_in_thread

#: Page image resolution (pixels per mm): sharp at the zooms the pane allows.
PIXELS_PER_MM = 4
#: Every format the schema knows, for a box whose fact is not known yet.
ALL_FORMATS = sorted({f for formats in FORMATS_BY_TYPE.values() for f in formats} | {"text"})


class FormLayoutView(QWidget):
    def __init__(self, desk: AdminDesk, replace_text: Callable[[str, str], None]) -> None:
        super().__init__()
        self.setObjectName("form_layout")
        self.desk = desk
        self._replace_text = replace_text
        self._filling = False
        #: Asks for a file: (parent, title, suggested name, save?) -> path or None (tests
        #: answer it without a dialog).
        self.ask_path: Callable[[QWidget, str, str, bool], str | None] = ask_path_dialog
        #: The problems drawn on each box (messages), after the last check.
        self.problem_texts: dict[PathT, list[str]] = {}
        self._render_generation = 0
        self.rendered: dict[int, QPixmap] = {}
        self.shown: list[LayoutBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.heading = role_label("layout_heading", "muted")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addLayout(self._tool_row())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("layout_split")
        self.page_view = PageView()
        self.page_view.box_changed.connect(self._box_changed)
        self.page_view.selection_changed.connect(lambda _path: self._show_selected())
        self.page_view.delete_requested.connect(self.delete_selected)
        split.addWidget(self.page_view)
        split.addWidget(self._properties())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 250])
        layout.addWidget(split, 1)
        layout.addLayout(self._sheet_row())
        desk.checked.connect(self._checked)
        desk.reloaded.connect(lambda _rel: self.refresh())
        desk.files_changed.connect(self._fill_forms)
        self._fill_forms()
        self.retranslate()

    # -- building -------------------------------------------------------------------------

    def _tool_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("layout_form")
        self.form_combo.setMinimumContentsLength(10)
        # long titles do not widen the window (the list shows them whole)
        self.form_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form_combo.currentIndexChanged.connect(lambda _: self._form_chosen())
        row.addWidget(self.form_combo, 2)
        self.page_combo = QComboBox()
        self.page_combo.setObjectName("layout_page_number")
        self.page_combo.currentIndexChanged.connect(lambda _: self.refresh())
        row.addWidget(self.page_combo)
        self.grid_label = QLabel()
        row.addWidget(self.grid_label)
        self.grid_combo = QComboBox()
        self.grid_combo.setObjectName("layout_grid")
        for grid in GRIDS:
            self.grid_combo.addItem(f"{grid:g} mm", grid)
        self.grid_combo.currentIndexChanged.connect(
            lambda _: setattr(self.page_view, "grid", float(self.grid_combo.currentData()))
        )
        row.addWidget(self.grid_combo)
        self.add_button = _button("layout_add", self.add_box)
        self.delete_button = _button("layout_delete", self.delete_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        return row

    def _sheet_row(self) -> QHBoxLayout:
        """The status line; the boxes as a spreadsheet, and the questions as one below."""
        row = QHBoxLayout()
        self.status = role_label("layout_status", "muted")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.export_button = _button("layout_export", self.export_sheet)
        self.import_button = _button("layout_import", self.import_sheet)
        # The dictionary's questions and choice lists: a workbook of their own.
        self.questions_sheet = QuestionSheetButtons(
            self.desk, self._replace_text, lambda *args: self.ask_path(*args), self
        )
        grid = QGridLayout()
        grid.addWidget(self.export_button, 0, 0)
        grid.addWidget(self.import_button, 0, 1)
        grid.addWidget(self.questions_sheet.export_button, 1, 0)
        grid.addWidget(self.questions_sheet.import_button, 1, 1)
        row.addLayout(grid)
        return row

    def _properties(self) -> QWidget:
        pane = QWidget()
        pane.setMinimumWidth(230)
        box = QVBoxLayout(pane)
        box.setContentsMargins(6, 0, 0, 0)
        self.selected_label = role_label("layout_selected", "heading")
        self.selected_label.setWordWrap(True)
        box.addWidget(self.selected_label)
        self.position = role_label("layout_position", "muted")
        box.addWidget(self.position)
        form = QFormLayout()
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("layout_label")
        self.label_edit.editingFinished.connect(self._label_edited)
        self.size_spin = QDoubleSpinBox()
        self.size_spin.setObjectName("layout_size")
        self.size_spin.setRange(0, 40)  # 0: the schema's default (no `size:` written)
        self.size_spin.setSingleStep(0.5)
        self.size_spin.setDecimals(1)
        self.size_spin.setKeyboardTracking(False)
        self.size_spin.valueChanged.connect(self._size_edited)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("layout_format")
        self.format_combo.activated.connect(lambda _: self._format_chosen())
        self.label_caption, self.size_caption, self.format_caption = QLabel(), QLabel(), QLabel()
        form.addRow(self.label_caption, self.label_edit)
        form.addRow(self.size_caption, self.size_spin)
        form.addRow(self.format_caption, self.format_combo)
        box.addLayout(form)
        self.fact_caption = role_label("layout_fact_caption", "heading")
        box.addWidget(self.fact_caption)
        self.fact_search = QLineEdit()
        self.fact_search.setObjectName("layout_fact_search")
        self.fact_search.setClearButtonEnabled(True)
        self.fact_search.textChanged.connect(lambda _: self._filter_facts())
        box.addWidget(self.fact_search)
        self.fact_list = QListWidget()
        self.fact_list.setObjectName("layout_facts")
        self.fact_list.itemActivated.connect(lambda _item: self.use_fact())
        box.addWidget(self.fact_list, 1)
        buttons = QVBoxLayout()
        self.use_fact_button = _button("layout_use_fact", self.use_fact)
        self.add_fact_button = _button("layout_add_fact", self.add_box)
        buttons.addWidget(self.use_fact_button)
        buttons.addWidget(self.add_fact_button)
        box.addLayout(buttons)
        return pane

    def retranslate(self) -> None:
        tr = self.desk.translator
        self.heading.setText(tr("admin.layout.heading"))
        self.grid_label.setText(tr("admin.layout.grid"))
        self.add_button.setText(tr("admin.layout.add"))
        self.add_button.setToolTip(tr("admin.layout.add_tip"))
        self.delete_button.setText(tr("admin.layout.delete"))
        self.export_button.setText(tr("admin.sheet.export"))
        self.export_button.setToolTip(tr("admin.sheet.export_tip"))
        self.import_button.setText(tr("admin.sheet.import"))
        self.import_button.setToolTip(tr("admin.sheet.import_tip"))
        self.questions_sheet.retranslate()
        self.label_caption.setText(tr("admin.layout.label"))
        self.size_caption.setText(tr("admin.layout.size"))
        self.size_spin.setSpecialValueText(tr("admin.layout.size_default"))
        self.format_caption.setText(tr("admin.layout.format"))
        self.fact_caption.setText(tr("admin.layout.fact"))
        self.fact_search.setPlaceholderText(tr("admin.layout.fact_search"))
        self.use_fact_button.setText(tr("admin.layout.use_fact"))
        self.add_fact_button.setText(tr("admin.layout.add_fact"))
        self.refresh()

    # -- which form, and reading its text ---------------------------------------------------

    @property
    def rel(self) -> str | None:
        data = self.form_combo.currentData()
        return str(data) if data else None

    def _fill_forms(self) -> None:
        chosen = self.rel
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        for rel in self.desk.files():
            if rel.startswith(FORMS_DIR + "/"):
                self.form_combo.addItem(f"{_form_title(self.desk, rel)} ({rel})", rel)
        index = self.form_combo.findData(chosen)
        self.form_combo.setCurrentIndex(index if index >= 0 else 0)
        self.form_combo.blockSignals(False)
        if self.rel != chosen:
            self._form_chosen()

    def choose(self, rel: str) -> None:
        """Show this form file (the window when a form is opened; tests)."""
        index = self.form_combo.findData(rel)
        if index >= 0 and index != self.form_combo.currentIndex():
            self.form_combo.setCurrentIndex(index)

    def _form_chosen(self) -> None:
        self.page_view.select(None)
        self.page_view.to_top()
        self.rendered = {}
        self.refresh()
        self.render_page()

    def refresh(self) -> None:
        """Boxes, page choice, problems and the selected box's settings, from the text."""
        rel = self.rel
        if rel is None or self.page_view._drag is not None:
            return
        text = self.desk.text(rel)
        self.shown = boxes(text)
        pages = _pages(text)
        self.page_combo.blockSignals(True)
        page = self.page_combo.currentIndex() + 1 or 1
        self.page_combo.clear()
        for number in range(1, pages + 1):
            self.page_combo.addItem(self.desk.translator("admin.layout.page", page=number), number)
        self.page_combo.setCurrentIndex(min(page, pages) - 1)
        self.page_combo.blockSignals(False)
        self.page_view.show_boxes([b for b in self.shown if b.page == self.page])
        self.page_view.show_image(self.rendered.get(self.page))
        self._mark_problems()
        self._show_selected()

    @property
    def page(self) -> int:
        return int(self.page_combo.currentData() or 1)

    def box(self, path: PathT) -> LayoutBox:
        """The box at `path` as the text says now (tests)."""
        return next(b for b in self.shown if b.path == path)

    def _checked(self, result: CheckResult) -> None:
        if result.ok:
            self._fill_forms()  # titles, and a form added in the text
        self.refresh()
        if result.ok:
            self.render_page()

    def _mark_problems(self) -> None:
        result, rel, tr = self.desk.result, self.rel, self.desk.translator
        on_box: dict[PathT, list[str]] = {}
        overlaps: list[Box] = []
        elsewhere = 0
        by_path = {b.path: b for b in self.shown}
        for problem in result.problems if result is not None else []:
            if problem.file != rel:
                continue
            path = box_path(problem.path)
            if path is None or path not in by_path:
                elsewhere += 1
                continue
            text = f"{problem.code}: {problem.message(tr)}"
            on_box.setdefault(path, []).append(text)
            other = box_path(str(problem.params.get("other", "")))
            if problem.code == "POS_004" and other in by_path:
                on_box.setdefault(other, []).append(text)
                area = intersection(by_path[path].box, by_path[other].box)
                if area is not None:
                    overlaps.append(area)
        # A box the text puts off the page is marked at once, before the check says so.
        for b in self.shown:
            if off_page(b.box) and b.path not in on_box:
                on_box[b.path] = [tr("admin.layout.off_page")]
        self.problem_texts = on_box
        self.page_view.mark_problems(on_box, overlaps)
        parts = []
        on_page = sum(1 for b in self.shown if b.page == self.page and b.path in on_box)
        if on_page:
            parts.append(tr("admin.layout.problems_here", count=on_page))
        if elsewhere:
            parts.append(tr("admin.layout.problems_elsewhere", count=elsewhere))
        if not (self.desk.current and result is not None and result.ok):
            parts.append(tr("admin.layout.stale"))
        self.status.setText("  ".join(parts) or tr("admin.layout.ok"))

    # -- the page image ----------------------------------------------------------------------

    def render_page(self) -> None:
        """Render the form with sample answers from the last good catalogue (a worker)."""
        catalogue, rel = self.desk.last_good, self.rel
        form_id = _form_id(catalogue, rel) if catalogue is not None and rel else None
        if catalogue is None or form_id is None:
            return
        self._render_generation += 1
        generation = self._render_generation
        width = int(PAGE_WIDTH_MM * PIXELS_PER_MM)

        def done(images: list[Any]) -> None:
            if generation != self._render_generation or rel != self.rel:
                return
            self.rendered = {n: QPixmap.fromImage(img) for n, img in enumerate(images, 1)}
            self.page_view.show_image(self.rendered.get(self.page))
            self.rendered_generation = generation

        run_in_thread(preview_pages, catalogue, form_id, "full", width, on_result=done,
                      on_error=lambda exc: self.status.setText(repr(exc)))  # fmt: skip

    rendered_generation = 0

    # -- the selected box ------------------------------------------------------------------

    @property
    def selected(self) -> LayoutBox | None:
        path = self.page_view.selected
        return next((b for b in self.shown if b.path == path), None)

    def select(self, path: PathT | None) -> None:
        self.page_view.select(path, reveal=True)

    def _show_selected(self) -> None:
        tr, chosen = self.desk.translator, self.selected
        self._filling = True
        try:
            for widget in (self.label_edit, self.size_spin, self.format_combo,
                           self.use_fact_button, self.delete_button):  # fmt: skip
                widget.setEnabled(chosen is not None)
            if chosen is None:
                self.selected_label.setText(tr("admin.layout.none_selected"))
                self.position.setText("")
                self.label_edit.setText("")
                self.size_spin.setValue(0)
                self.format_combo.clear()
                self._fill_facts(None)
                return
            self.selected_label.setText(
                tr(
                    "admin.layout.selected",
                    name=chosen.title,
                    path=format_path(chosen.path),
                    line=chosen.line,
                )
            )
            x, y, w, h = (f"{v:g}" for v in chosen.box)
            self.position.setText(tr("admin.layout.position", x=x, y=y, w=w, h=h))
            self.label_edit.setText(chosen.label or "")
            self.size_spin.setValue(chosen.size or 0)
            kind = self._fact_type(chosen)
            formats = sorted(FORMATS_BY_TYPE.get(kind, ALL_FORMATS)) if kind else ALL_FORMATS
            self.format_combo.clear()
            for name in formats:
                self.format_combo.addItem(name, name)
            self.format_combo.setCurrentIndex(
                max(self.format_combo.findData(chosen.format or "text"), 0)
            )
            self._fill_facts(chosen)
        finally:
            self._filling = False

    # -- facts ---------------------------------------------------------------------------

    def _facts_for(self, chosen: LayoutBox | None) -> list[tuple[str, str, str]]:
        """(key as written on the form, label, type) of the facts a box may print: a
        repeat's box its groups' members (`item.name`), any other box every fact that is
        not a group member."""
        catalogue = self.desk.last_good
        if catalogue is None:
            return []
        groups = _repeat_groups(self.desk.text(self.rel or ""), chosen.path) if chosen else []
        found: list[tuple[str, str, str]] = []
        for spec in catalogue.dictionary.values():
            label = self.desk.translator.text(spec.label)
            if groups:
                if (
                    spec.group in groups
                    and spec.member
                    and f"item.{spec.member}" not in [k for k, _l, _t in found]
                ):
                    found.append((f"item.{spec.member}", label, spec.type))
            elif spec.group is None:
                found.append((spec.key, label, spec.type))
        return found

    def _fact_type(self, chosen: LayoutBox) -> str | None:
        return next((t for k, _l, t in self._facts_for(chosen) if k == chosen.key), None)

    def _fill_facts(self, chosen: LayoutBox | None) -> None:
        """The facts a box may print; the box's own is the current one (no box: the
        one picked before stays picked)."""
        picked = self._picked()
        keep = chosen.key if chosen is not None else (picked[0] if picked else None)
        self.fact_list.clear()
        for key, label, _kind in self._facts_for(chosen):
            item = QListWidgetItem(f"{label}  ({key})")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.UserRole + 1, label)
            self.fact_list.addItem(item)
            if key == keep:
                self.fact_list.setCurrentItem(item)
        self._filter_facts()

    def _filter_facts(self) -> None:
        """Facts whose key or label contains the search text (any case)."""
        wanted = self.fact_search.text().strip().casefold()
        first_shown = None
        for row in range(self.fact_list.count()):
            item = self.fact_list.item(row)
            hidden = bool(wanted) and wanted not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.fact_list.currentItem()
        if (current is None or current.isHidden()) and first_shown is not None and wanted:
            self.fact_list.setCurrentItem(first_shown)

    def search_fact(self, text: str) -> None:
        self.fact_search.setText(text)

    def _picked(self) -> tuple[str, str] | None:
        item = self.fact_list.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(Qt.ItemDataRole.UserRole)), str(
            item.data(Qt.ItemDataRole.UserRole + 1)
        )

    # -- writing the text ------------------------------------------------------------------

    def _write(self, edit: Callable[[str], str]) -> bool:
        rel = self.rel
        if rel is None:
            return False
        try:
            text = edit(self.desk.text(rel))
        except NotEditable as exc:
            self.desk.message.emit(
                "error", self.desk.translator("admin.layout.not_editable", part=str(exc))
            )
            return False
        self._replace_text(rel, text)
        self.refresh()
        return True

    def _box_changed(self, path: PathT, box: Box) -> None:
        self._write(lambda text: set_box(text, path, box))

    def _label_edited(self) -> None:
        chosen = self.selected
        if (
            self._filling
            or chosen is None
            or self.label_edit.text().strip() == (chosen.label or "")
        ):
            return
        label = self.label_edit.text().strip() or None
        self._write(lambda text: set_setting(text, chosen.path, "label", label))

    def _size_edited(self, value: float) -> None:
        chosen = self.selected
        if self._filling or chosen is None or value == (chosen.size or 0):
            return
        self._write(lambda text: set_setting(text, chosen.path, "size", value or None))

    def _format_chosen(self) -> None:
        chosen = self.selected
        fmt = str(self.format_combo.currentData() or "text")
        if self._filling or chosen is None or fmt == (chosen.format or "text"):
            return
        self._write(
            lambda text: set_setting(text, chosen.path, "format", None if fmt == "text" else fmt)
        )

    def use_fact(self) -> None:
        """The selected box prints the fact picked in the list (its `value:` goes; a
        format that does not suit the fact's type becomes the type's own)."""
        chosen, picked = self.selected, self._picked()
        if chosen is None or picked is None or picked[0] == chosen.key:
            return
        key = picked[0]
        kind = next((t for k, _l, t in self._facts_for(chosen) if k == key), "text")
        suits = (chosen.format or "text") in FORMATS_BY_TYPE.get(kind, set())
        new_format = chosen.format if suits else DEFAULT_FORMAT.get(kind)

        def edit(text: str) -> str:
            text = set_setting(text, chosen.path, "key", key)
            text = set_setting(text, chosen.path, "value", None)
            return set_setting(text, chosen.path, "format", new_format)

        self._write(edit)

    def add_box(self) -> None:
        """A new box for the fact picked in the list, at a free place of this page,
        labelled with the fact's label; it is selected."""
        picked = (
            self._picked() if self.selected is None or self.selected.path[0] == "fields" else None
        )
        if picked is None:
            picked = self._top_level_pick()
        if picked is None:
            self.desk.message.emit("error", self.desk.translator("admin.layout.pick_fact_first"))
            return
        key, label = picked
        kind = next((t for k, _l, t in self._facts_for(None) if k == key), "text")
        place = free_place(taken(self.desk.text(self.rel or ""), self.page))
        settings: dict[str, Any] = {"key": key, "label": label, "box": list(place)}
        if kind in DEFAULT_FORMAT:
            settings["format"] = DEFAULT_FORMAT[kind]
        if self.page > 1:
            settings["page"] = self.page
        count = sum(1 for b in self.shown if b.path[0] == "fields")
        if self._write(lambda text: add_field(text, settings)):
            self.page_view.select(("fields", count), reveal=True)

    def _top_level_pick(self) -> tuple[str, str] | None:
        picked = self._picked()
        keys = {k for k, _l, _t in self._facts_for(None)}
        return picked if picked is not None and picked[0] in keys else None

    # -- the boxes as a spreadsheet ------------------------------------------------------

    def export_sheet(self) -> None:
        """Write the form's boxes to an .xlsx file (one row per box)."""
        rel, tr = self.rel, self.desk.translator
        if rel is None:
            return
        suggestion = rel.removeprefix(FORMS_DIR + "/").removesuffix(".yaml") + ".xlsx"
        path = self.ask_path(self, tr("admin.sheet.export"), suggestion, True)
        if not path:
            return
        Path(path).write_bytes(export_boxes(self.desk.text(rel)))
        self.desk.message.emit("info", tr("admin.sheet.exported", path=path))

    def import_sheet(self) -> None:
        """Read the form's boxes back from an .xlsx file: every change written into the
        text as one edit (one undo step), or the sheet's problems, located, and no change."""
        rel, tr = self.rel, self.desk.translator
        if rel is None:
            return
        path = self.ask_path(self, tr("admin.sheet.import"), "", False)
        if not path:
            return
        try:
            text = import_boxes(self.desk.text(rel), Path(path).read_bytes())
        except (SheetErrors, OSError) as exc:
            errors = exc.errors if isinstance(exc, SheetErrors) else []
            lines = [sheet_error_text(tr, e) for e in errors] or [str(exc)]
            self.desk.message.emit("error", tr("admin.sheet.refused", count=len(lines))
                                   + "\n" + "\n".join(lines[:8]))  # fmt: skip
            return
        if self._write(lambda _old: text):
            self.desk.message.emit("info", tr("admin.sheet.imported", path=path))

    def delete_selected(self) -> None:
        chosen = self.selected
        if chosen is not None and self._write(lambda text: remove_field(text, chosen.path)):
            self.page_view.select(None)


def _button(name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.clicked.connect(lambda: slot())
    return button


def ask_path_dialog(parent: QWidget, title: str, suggestion: str, save: bool) -> str | None:
    """A file dialog for an .xlsx sheet: where to save it, or which to read."""
    pattern = "Excel (*.xlsx)"
    if save:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggestion, pattern)
    else:
        path, _ = QFileDialog.getOpenFileName(parent, title, suggestion, pattern)
    return path or None


def _pages(text: str) -> int:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return 1
    pages = data.get("pages", 1) if isinstance(data, dict) else 1
    return pages if isinstance(pages, int) and 1 <= pages <= 10 else 1


def _repeat_groups(text: str, path: PathT) -> list[str]:
    """The groups a repeat's box is a member of (`over:`), [] for a top-level box."""
    if path[0] != "repeats":
        return []
    try:
        data = yaml.safe_load(text)
        over = data["repeats"][path[1]]["over"]
    except (yaml.YAMLError, KeyError, IndexError, TypeError):
        return []
    return [str(g) for g in over] if isinstance(over, list) else []


def _form_id(catalogue: Catalogue, rel: str) -> str | None:
    return next((fid for fid, file in catalogue.form_files.items()
                 if file.endswith("/" + rel) or file == rel), None)  # fmt: skip


def _form_title(desk: AdminDesk, rel: str) -> str:
    catalogue = desk.last_good
    form_id = _form_id(catalogue, rel) if catalogue is not None else None
    if catalogue is None or form_id is None:
        return rel.removeprefix(FORMS_DIR + "/")
    return desk.translator.text(catalogue.forms[form_id].title)
