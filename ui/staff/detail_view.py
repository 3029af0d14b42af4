"""One application: number, state, name, the actions allowed now, its procedures (tick
each one done), and tabs with the answers (correct them, check 外字/字形), the form
pages, the audit trail and the points flagged for staff attention.

Everything shown comes from the desk's `opened` signal; every button calls the desk.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms.catalogue import Catalogue
from i18n import text_of
from kiosk.store import ApplicationDetail, ProcedureState, allowed_actions
from kiosk.store.handover import open_departments
from ui.models.answers import AnswerRow, answer_rows, field_of, form_title, path_label
from ui.models.detail import answers_model, history_model
from ui.models.queue import minutes_text
from ui.models.table import RecordRole
from ui.staff.desk import Opened, StaffDesk
from ui.staff.dialogs import EditAnswerDialog, HandoverDialog, ReasonDialog
from ui.staff.glyph_picker import GlyphPickerDialog
from ui.staff.glyphs import load_variants
from ui.staff.shortcuts import (
    PROCEDURE_KEYS,
    SHORTCUTS,
    key_text,
    procedure_key_text,
    with_key,
)
from ui.staff.tables import record_table
from ui.widgets.layouts import clear_layout

#: The history's "before → after" column (ui.models.detail.history_model).
HISTORY_CHANGE = 3

#: Buttons: object name → i18n key of their text.
#: Buttons that undo work or close an application: keyboard focus never lands there.
DESTRUCTIVE = ("release", "return", "cancel")
ACTIONS = (
    ("call_this", "staff.action_button.call_this"),
    ("recall", "staff.action_button.recall"),
    ("start_review", "staff.action_button.start_review"),
    ("complete", "staff.action_button.complete"),
    ("release", "staff.action_button.release"),
    ("hand_over", "staff.action_button.hand_over"),
    ("reprint", "staff.action_button.reprint"),
    ("open_pdf", "staff.action_button.open_pdf"),
    ("return", "staff.action_button.return"),
    ("cancel", "staff.action_button.cancel"),
)
#: The buttons the life cycle enables (kiosk.store.lifecycle.allowed_actions): button → action.
BUTTON_ACTIONS = {
    "call_this": "call",
    "recall": "recall",
    "start_review": "start_review",
    "complete": "complete",
    "release": "release",
    "hand_over": "hand_over",
    "return": "return",
    "cancel": "cancel",
}


class DetailView(QWidget):
    #: The staff member asked to print the forms (the window picks the printer).
    print_requested = Signal()
    #: ... to save the open application's audit trail (the window asks where).
    audit_requested = Signal()

    def __init__(self, desk: StaffDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.dialog: QDialog | None = None
        self.rows: list[AnswerRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        # header
        top = QHBoxLayout()
        self.number = QLabel()
        self.number.setObjectName("detail_number")
        self.number.setProperty("role", "number")
        top.addWidget(self.number)
        self.status = QLabel()
        self.status.setObjectName("detail_status")
        self.status.setWordWrap(True)
        top.addWidget(self.status, 1)
        layout.addLayout(top)
        self.name = QLabel()
        self.name.setObjectName("detail_name")
        self.name.setProperty("role", "name")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.name)
        # actions
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, _key) in enumerate(ACTIONS):
            button = QPushButton()
            button.setObjectName(name)
            button.setAutoDefault(False)  # Enter never presses a button here
            if name in DESTRUCTIVE:  # reached by a click (or its key), never by Tab
                button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.buttons[name] = button
            grid.addWidget(button, i // 5, i % 5)
        layout.addLayout(grid)
        b = self.buttons
        b["call_this"].clicked.connect(desk.call_current)
        b["recall"].clicked.connect(desk.recall)
        b["start_review"].clicked.connect(desk.start_review)
        b["complete"].clicked.connect(desk.complete)
        b["release"].clicked.connect(desk.release)
        b["reprint"].clicked.connect(self.print_requested.emit)
        b["open_pdf"].clicked.connect(desk.open_pdf_externally)
        b["hand_over"].clicked.connect(self._ask_handover)
        b["return"].clicked.connect(
            lambda: self._ask_reason("return", "staff.reason.return_title", desk.return_to_resident)
        )
        b["cancel"].clicked.connect(
            lambda: self._ask_reason("cancel", "staff.reason.cancel_title", desk.cancel)
        )
        # procedures
        self.procedures_box = QGroupBox()
        self.procedures_box.setObjectName("procedures")
        self.procedures_layout = QVBoxLayout(self.procedures_box)
        #: The procedures' checkboxes, in order; kept (and updated) while the open
        #: application's procedures stay the same, so focus stays where it was.
        self.procedure_boxes: list[QCheckBox] = []
        self.handoff_boxes: list[QCheckBox] = []
        self._procedure_ids: tuple[str, ...] = ()
        layout.addWidget(self.procedures_box)
        # tabs
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detail_tabs")
        layout.addWidget(self.tabs, 1)
        self.answers = answers_model(desk.locale, self)
        answers_page = QWidget()
        answers_layout = QVBoxLayout(answers_page)
        self.answers_table = record_table("answers", self.answers, wrap=True, widest=240)
        self.answers_table.horizontalHeader().setSectionResizeMode(
            2,
            QHeaderView.ResizeMode.Stretch,  # the value: wraps within the panel
        )
        self.answers_table.doubleClicked.connect(lambda _: self.edit_selected())
        answers_layout.addWidget(self.answers_table, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("edit_answer")
        self.edit_button.clicked.connect(self.edit_selected)
        self.glyph_button = QPushButton()
        self.glyph_button.setObjectName("check_glyph")
        self.glyph_button.clicked.connect(self.check_glyph_selected)
        self.flag_button = QPushButton()
        self.flag_button.setObjectName("flag_glyph")
        self.flag_button.clicked.connect(self.flag_selected)
        for widget in (self.edit_button, self.glyph_button, self.flag_button):
            row.addWidget(widget)
        row.addStretch(1)
        answers_layout.addLayout(row)
        self.tabs.addTab(answers_page, "")
        self.pages_area = QScrollArea()
        self.pages_area.setObjectName("pages")
        self.pages_area.setWidgetResizable(True)
        self.pages_holder = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_holder)
        self.pages_area.setWidget(self.pages_holder)
        self.tabs.addTab(self.pages_area, "")
        self.history = history_model(desk.store.zone, desk.locale, self, item=self._history_item)
        self.history_table = record_table("history", self.history, wrap=True, widest=120)
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(HISTORY_CHANGE, QHeaderView.ResizeMode.Stretch)
        # Columns wrap within the panel: rows as high as the final widths need (once
        # the widths settle, not per section).
        self._history_rows = QTimer(self)
        self._history_rows.setSingleShot(True)
        self._history_rows.setInterval(0)
        self._history_rows.timeout.connect(self.history_table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._history_rows.start())
        history_page = QWidget()
        history_layout = QVBoxLayout(history_page)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_table, 1)
        history_row = QHBoxLayout()
        self.audit_button = QPushButton()
        self.audit_button.setObjectName("export_audit")
        self.audit_button.setAutoDefault(False)
        self.audit_button.clicked.connect(self.audit_requested.emit)
        history_row.addStretch(1)
        history_row.addWidget(self.audit_button)
        history_layout.addLayout(history_row)
        self.tabs.addTab(history_page, "")
        self.flags = QListWidget()
        self.flags.setObjectName("flags")
        self.tabs.addTab(self.flags, "")
        self.answers_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        desk.opened.connect(self.show_opened)
        desk.edit_saved.connect(lambda _: self._close_dialog())
        desk.edit_refused.connect(self._refused)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self.retranslate()
        self.show_opened(desk.current)

    # -- language ---------------------------------------------------------------------

    def retranslate(self) -> None:
        tr = self.desk.translator
        for name, key in ACTIONS:
            self.buttons[name].setText(tr(key))
            if name in SHORTCUTS:
                self.buttons[name].setToolTip(with_key(tr(key), key_text(name)))
        self.procedures_box.setTitle(tr("staff.detail.procedures"))
        self.edit_button.setText(tr("staff.detail.edit"))
        self.glyph_button.setText(tr("staff.detail.check_glyph"))
        self.flag_button.setText(tr("staff.detail.flag_glyph"))
        self.audit_button.setText(tr("staff.detail.export_audit"))
        for i, key in enumerate(
            (
                "staff.detail.answers",
                "staff.detail.pages",
                "staff.detail.history",
                "staff.detail.flags",
            )
        ):
            self.tabs.setTabText(i, tr(key))
        self.answers.set_locale(self.desk.locale)
        self.history.set_locale(self.desk.locale)
        self.show_opened(self.desk.current)

    def _history_item(self, record: Any) -> str:
        """What an audit row is about, in words: a procedure's title, a field's label."""
        path = record.path or ""
        if not path:
            return ""
        if record.action.startswith(("procedure_", "handoff")):
            return self.desk.procedure_title(path)
        return path_label(self.desk.catalogue, path, self.desk.locale) or path

    # -- showing ----------------------------------------------------------------------

    def show_opened(self, opened: Opened | None) -> None:
        tr = self.desk.translator
        if opened is None:
            self.number.setText("")
            self.name.setText("")
            self.status.setText(tr("staff.detail.none"))
            self.rows = []
            self.answers.set_records([])
            self.history.set_records([])
            clear_layout(self.procedures_layout)
            self.procedure_boxes, self._procedure_ids = [], ()
            clear_layout(self.pages_layout)
            self.flags.clear()
            self._enable()
            return
        detail = opened.detail
        s = detail.summary
        self.number.setText(s.reception_number)
        self.name.setText(s.display_name or "—")
        parts = [
            tr(f"store.state.{s.state}"),
            tr(
                "staff.detail.waiting",
                time=minutes_text(s.waiting_seconds(self.desk.store.clock.now()), tr),
            ),
        ]
        if s.holder:
            parts.append(tr("staff.detail.holder", holder=s.holder, counter=s.called_counter or ""))
        if detail.print_count:
            parts.append(tr("staff.detail.printed", count=detail.print_count))
        if detail.close_reason:
            parts.append(tr("staff.detail.reason", reason=detail.close_reason))
        if detail.purged:
            parts.append(tr("staff.detail.purged"))
        made_by = detail.data.get("catalogue") if isinstance(detail.data, dict) else None
        if made_by:  # which catalogue asked the questions and printed the forms
            parts.append(tr("staff.detail.catalogue", version=made_by))
        self.status.setText("　".join(parts))
        checks = {c.path: c.note for c in detail.glyph_checks}
        self.rows = answer_rows(self.desk.catalogue, detail.data, checks, self.desk.locale, tr)
        self.answers.set_records(self.rows)
        self.history.set_records(list(opened.history))
        self._show_procedures(detail)
        self._show_pages(opened.pages)
        self._show_flags(detail)
        self._enable()

    def _show_procedures(self, detail: ApplicationDetail) -> None:
        allowed = self._allowed(detail)
        holds = "procedure" in allowed
        procedures = detail.summary.procedures
        ids = (detail.summary.application_id, *(p.procedure_id for p in procedures))
        if ids != self._procedure_ids:
            clear_layout(self.procedures_layout)
            self.procedure_boxes = []
            self.handoff_boxes = []
            for p in procedures:
                box = QCheckBox()
                box.setObjectName(f"procedure_{p.procedure_id}")
                box.toggled.connect(
                    lambda done, pid=p.procedure_id: self.desk.mark_procedure(pid, done)
                )
                # 基幹へ連携済: its data is in the core system (by the export or by hand).
                handoff = QCheckBox()
                handoff.setObjectName(f"handoff_{p.procedure_id}")
                # Not in the Tab order: Tab goes from procedure to procedure as before.
                handoff.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                handoff.toggled.connect(
                    lambda on, pid=p.procedure_id: self.desk.mark_handed_off(pid, on)
                )
                line = QWidget()
                row = QHBoxLayout(line)
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(box)
                row.addStretch(1)
                row.addWidget(handoff)
                self.procedure_boxes.append(box)
                self.handoff_boxes.append(handoff)
                self.procedures_layout.addWidget(line)
            self._procedure_ids = ids
        for n, (p, box) in enumerate(zip(procedures, self.procedure_boxes, strict=True), 1):
            known = self.desk.catalogue.procedures.get(p.procedure_id)
            title = self.desk.procedure_title(p.procedure_id, p.title_ja)
            # The counter the kiosk stored, else the catalogue's department for it.
            counter = p.counter or (
                text_of(known.department.name, self.desk.locale) if known else ""
            )
            box.blockSignals(True)  # showing the stored state is not a tick
            box.setText(title + (f"（{counter}）" if counter else ""))
            box.setChecked(p.state == "done")
            box.setEnabled(holds)
            box.blockSignals(False)
            handoff = self.handoff_boxes[n - 1]
            handoff.blockSignals(True)
            handoff.setText(self.desk.translator("staff.detail.handed_off"))
            handoff.setChecked(p.handed_off_at is not None)
            # Once the procedure is done (undoing one stays possible), not after a purge.
            handoff.setEnabled(
                "handoff" in allowed
                and (p.state == "done" or p.handed_off_at is not None)
                and not detail.purged
            )
            handoff.blockSignals(False)
            if n <= PROCEDURE_KEYS:
                box.setToolTip(procedure_key_text(n))

    def _show_pages(self, pages: tuple[Any, ...]) -> None:
        # The same pages again (a tick, a call: the forms did not change): keep them,
        # and the page the staff member scrolled to, instead of jumping to page 1.
        shown = [w.image for w in self.pages_holder.findChildren(PageView)]
        if (
            pages
            and len(shown) == len(pages)
            and all(a == b for a, b in zip(shown, pages, strict=True))
        ):
            return
        clear_layout(self.pages_layout)
        tr = self.desk.translator
        if not pages:
            self.pages_layout.addWidget(QLabel(tr("staff.detail.no_pdf")))
        for i, image in enumerate(pages):
            label = PageView(image)
            label.setObjectName(f"page_{i + 1}")
            label.setAccessibleName(tr("staff.detail.page", number=i + 1, total=len(pages)))
            self.pages_layout.addWidget(label)
        self.pages_layout.addStretch(1)

    def _show_flags(self, detail: ApplicationDetail) -> None:
        tr, catalogue, locale = self.desk.translator, self.desk.catalogue, self.desk.locale
        self.flags.clear()
        for flag in detail.flags:
            self.flags.addItem(flag_text(flag, tr, catalogue, locale))
        for check in detail.glyph_checks:
            label = path_label(catalogue, check.path, locale) or tr("staff.flag.some_item")
            self.flags.addItem(tr("staff.flag.glyph", path=label, note=check.note))

    # -- what is allowed now ------------------------------------------------------------

    def _allowed(self, detail: ApplicationDetail) -> frozenset[str]:
        s = detail.summary
        return allowed_actions(s.state, s.holder, self.desk.principal)

    def _enable(self) -> None:
        current = self.desk.current
        b = self.buttons
        self.audit_button.setEnabled(current is not None)
        if current is None:
            for button in (*b.values(), self.edit_button, self.glyph_button, self.flag_button):
                button.setEnabled(False)
            return
        detail = current.detail
        allowed = self._allowed(detail)
        has_pdf = detail.has_pdf and not detail.purged
        for name, action in BUTTON_ACTIONS.items():
            b[name].setEnabled(action in allowed)
        # Completing also needs every procedure done (the store: ProceduresPending).
        if any(p.state != ProcedureState.DONE for p in detail.summary.procedures):
            b["complete"].setEnabled(False)
        # A handover needs a department with work still to do (the store: refused).
        if not open_departments(detail.summary.procedures):
            b["hand_over"].setEnabled(False)
        b["reprint"].setEnabled(has_pdf)
        b["open_pdf"].setEnabled(has_pdf)
        row = self.selected_row()
        self.edit_button.setEnabled("edit" in allowed and row is not None)
        text = row is not None and isinstance(row.value, str)
        self.glyph_button.setEnabled("glyph_check" in allowed and text)
        flagged = row is not None and row.glyph_check
        self.flag_button.setEnabled("glyph_check" in allowed and text and not flagged)

    # -- the keyboard -------------------------------------------------------------------

    def focus_target(self, after: str, procedure_id: str = "") -> QWidget | None:
        """Where the next action is, after `after` ("called", "review", "procedure",
        "closed"); None: nothing here (the window's 次を呼出 then)."""
        if after == "called":
            button = self.buttons["start_review"]
            return button if button.isEnabled() else None
        if after in ("review", "procedure"):
            boxes = [b for b in self.procedure_boxes if b.isEnabled()]
            names = [b.objectName() for b in boxes]
            start = names.index(f"procedure_{procedure_id}") + 1 if procedure_id else 0
            later = boxes[start:] + boxes[:start]  # the next still open, wrapping round
            pending = next((b for b in later if not b.isChecked()), None)
            if pending is not None:
                return pending
            if self.buttons["complete"].isEnabled():
                return self.buttons["complete"]
            return boxes[start - 1] if procedure_id and boxes else None
        return None

    def toggle_procedure(self, n: int) -> None:
        """The Nth procedure (from 1), ticked or unticked by its key."""
        if 0 < n <= len(self.procedure_boxes) and self.procedure_boxes[n - 1].isEnabled():
            self.procedure_boxes[n - 1].toggle()

    # -- answers ----------------------------------------------------------------------

    def selected_row(self) -> AnswerRow | None:
        rows = self.answers_table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def select_answer(self, path: str) -> bool:
        row = self.answers.row_of(path)
        if row >= 0:
            self.answers_table.selectRow(row)
        return row >= 0

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.edit_button.isEnabled():
            return
        spec = field_of(self.desk.catalogue, row.path)
        dialog = EditAnswerDialog(
            row, spec, self.desk.catalogue, self.desk.translator, self.desk.locale, self
        )
        dialog.submitted.connect(lambda path, value: self.desk.edit({path: value}))
        self._open_dialog(dialog)

    def check_glyph_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.glyph_button.isEnabled():
            return
        dialog = GlyphPickerDialog(row, load_variants(), self.desk.translator, self)
        dialog.submitted.connect(self.desk.resolve_glyph)
        self._open_dialog(dialog)

    def flag_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.flag_button.isEnabled():
            self.desk.flag_glyph(row.path)

    # -- dialogs ------------------------------------------------------------------------

    def _ask_handover(self) -> None:
        current = self.desk.current
        if current is None:
            return
        departments = open_departments(current.detail.summary.procedures)
        dialog = HandoverDialog(self.desk.translator, departments, self)
        dialog.submitted.connect(self.desk.hand_over)
        self._open_dialog(dialog)

    def _ask_reason(self, kind: str, title_key: str, action: Any) -> None:
        presets = self.desk.catalogue.reasons_for(kind)
        dialog = ReasonDialog(
            self.desk.translator, title_key, self, presets=presets, locale=self.desk.locale
        )
        dialog.submitted.connect(action)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: QDialog) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.accept()

    def _refused(self, messages: list[str]) -> None:
        if self.dialog is not None and hasattr(self.dialog, "show_refused"):
            self.dialog.show_refused(messages)


class PageView(QWidget):
    """One form page, as wide as the panel, its aspect kept (the image is rendered
    wider than shown, so it stays sharp when the panel grows)."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * self.image.height() / max(1, self.image.width()))

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(400))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        width = self.width()
        height = min(self.height(), self.heightForWidth(width))
        painter.drawImage(QRect(0, 0, width, height), self.image)
        painter.setPen(QColor("#6B7A89"))
        painter.drawRect(QRect(0, 0, width - 1, height - 1))
        painter.end()


def flag_text(flag: Any, tr: Any, catalogue: Catalogue, locale: str) -> str:
    """A flag the kiosk or the renderer raised, in words: the form's title and the
    field's label from the dictionary, never their ids."""
    if not isinstance(flag, dict):
        return str(flag)
    if flag.get("kind") in ("session", "kiosk", "print") and flag.get("key"):
        key = str(flag["key"])
        return tr(key) if tr.has(key) else key
    reason = flag.get("reason")
    if reason:
        key = f"staff.flag.{reason}"
        what = tr(key) if tr.has(key) else str(reason)
        where = []
        if flag.get("form_id"):
            where.append(
                form_title(catalogue, str(flag["form_id"]), locale) or tr("staff.flag.a_form")
            )
        field = str(flag.get("field") or "")
        if field:
            # A repeat's rows ("repeats[0]") or an unnamed box have no fact of their own.
            where.append(path_label(catalogue, field, locale) or tr("staff.flag.rows"))
        if flag.get("page"):
            where.append(tr("staff.flag.page", page=flag["page"]))
        return f"{what}: {' '.join(where)}" if where else what
    return str(flag.get("text") or flag)
