"""The catalogue editor's window.

    ┌ title · who · language ·················· [保存] [元に戻す] [公開する] ┐
    │ check status · where it publishes to · last publish                     │
    ├ files ──┬ [テキスト | データ辞書 | ライフイベント] ──┬ [様式 | 質問の流れ] ┤
    │         │ editor with line numbers                  │ page images /     │
    │         ├ problems (file, line, code, message) ─────┤ question list     │
    └─────────┴───────────────────────────────────────────┴───────────────────┘

A click on a problem, or a double click on a fact or an event row, opens its file at
its line. Widgets only show what the desk reports and call its methods.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.admin.checking import CheckResult, Problem
from ui.admin.desk import AdminDesk
from ui.admin.editor import CodeEditorView, yaml_document
from ui.admin.event_links import EventLinksView
from ui.admin.fact_editor import FactEditorView
from ui.admin.layout_editor import FormLayoutView
from ui.admin.models import events_model, facts_model, problems_model
from ui.admin.preview import FlowPreviewView, FormPreviewView
from ui.admin.publish_dialogs import HistoryDialog, PublishDialog
from ui.admin.style import admin_style_sheet, role_label
from ui.admin.workspace import FORMS_DIR
from ui.desktop.sign_in import locale_combo
from ui.models.table import RecordRole

#: Asks a yes/no question: (parent, title, text) -> yes?
Confirm = Callable[[QWidget, str, str], bool]
#: Asks for a line of text: (parent, title, label, suggestion) -> text, or None.
AskText = Callable[[QWidget, str, str, str], "str | None"]

#: What each top file holds, for the file list (admin.po).
FILE_KEYS = {
    "dictionary.yaml": "admin.file.dictionary",
    "events.yaml": "admin.file.events",
    "procedures.yaml": "admin.file.procedures",
    "choices.yaml": "admin.file.choices",
    "departments.yaml": "admin.file.departments",
    "reasons.yaml": "admin.file.reasons",
}
PROBLEM_FG = QColor("#8A0016")


def _headed(heading: QLabel, body: QWidget) -> QWidget:
    """A heading line above a widget that takes the rest of the height."""
    pane = QWidget()
    box = QVBoxLayout(pane)
    box.setContentsMargins(0, 4, 0, 0)
    box.addWidget(heading)
    box.addWidget(body, 1)
    return pane


def _over(name: str, top: QWidget, bottom: QWidget, *sizes: int) -> QSplitter:
    """A structured editor above the read-only table of the same file's rows."""
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName(name)
    split.addWidget(top)
    split.addWidget(bottom)
    split.setSizes(list(sizes))
    return split


def confirm_dialog(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_text_dialog(parent: QWidget, title: str, label: str, suggestion: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, text=suggestion)
    return text.strip() if ok and text.strip() else None


class AdminWindow(QMainWindow):
    def __init__(
        self,
        desk: AdminDesk,
        *,
        confirm: Confirm | None = None,
        ask_text: AskText | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.confirm = confirm or confirm_dialog
        self.ask_text = ask_text or ask_text_dialog
        self.documents: dict[str, QTextDocument] = {}
        self.current_file: str | None = None
        self._loading = False
        self.setObjectName("admin_window")
        self.setStyleSheet(admin_style_sheet())
        central = QWidget()
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(self._top_bar())
        layout.addLayout(self._status_bar())
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        # Margins, not the style sheet's padding: QLabel counts them in its height for a
        # width, so a message of several lines (a refused sheet's problems) is not cut.
        self.message.setContentsMargins(10, 6, 10, 6)
        self.message.hide()
        layout.addWidget(self.message)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("main_split")
        split.addWidget(self._file_pane())
        split.addWidget(self._center_pane())
        self.previews = QTabWidget()
        self.previews.setObjectName("preview_tabs")
        self.form_preview = FormPreviewView(desk)
        self.flow_preview = FlowPreviewView(desk)
        self.previews.addTab(self.form_preview, "")
        self.previews.addTab(self.flow_preview, "")
        split.addWidget(self.previews)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.desk.save())
        desk.checked.connect(self._checked)
        desk.checking.connect(self._checking)
        desk.dirty_changed.connect(self._refresh_files)
        desk.files_changed.connect(self._files_changed)
        desk.reloaded.connect(self._reloaded)
        desk.message.connect(self.show_message)
        desk.published.connect(lambda _: self._show_published())
        desk.restored.connect(lambda _: self._show_published())
        desk.publish_conflict.connect(self._conflict)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self._refresh_files()
        files = desk.files()
        if files:
            self.open_file(files[0])
        self.retranslate()

    # -- building ---------------------------------------------------------------------------

    def _top_bar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setProperty("role", "title")
        top.addWidget(self.title)
        self.user = QLabel()
        self.user.setObjectName("user")
        self.user.setProperty("role", "muted")
        top.addWidget(self.user)
        top.addStretch(1)
        self.language = locale_combo(self.desk.locale)
        self.language.currentIndexChanged.connect(
            lambda: self.desk.set_locale(str(self.language.currentData()))
        )
        top.addWidget(self.language)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(lambda: self.desk.save())
        self.revert_button = QPushButton()
        self.revert_button.setObjectName("revert")
        self.revert_button.clicked.connect(self._revert)
        self.publish_button = QPushButton()
        self.publish_button.setObjectName("publish")
        self.publish_button.setProperty("role", "primary")
        self.publish_button.clicked.connect(self._publish)
        self.history_button = QPushButton()
        self.history_button.setObjectName("history")
        self.history_button.clicked.connect(self._history)
        for button in (
            self.save_button,
            self.revert_button,
            self.history_button,
            self.publish_button,
        ):
            top.addWidget(button)
        return top

    def _status_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.check_status = QLabel()
        self.check_status.setObjectName("check_status")
        row.addWidget(self.check_status)
        # A long path wraps instead of widening the window.
        self.published_to = role_label("published_to", "muted")
        self.published_to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.published_to.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.published_to.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.published_to, 1)
        return row

    def _file_pane(self) -> QWidget:
        pane = QWidget()
        box = QVBoxLayout(pane)
        box.setContentsMargins(0, 0, 0, 0)
        self.files_label = role_label("files_label", "heading")
        box.addWidget(self.files_label)
        self.files = QListWidget()
        self.files.setObjectName("files")
        self.files.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.files.currentItemChanged.connect(self._file_chosen)
        box.addWidget(self.files, 1)
        self.duplicate_button = QPushButton()
        self.duplicate_button.setObjectName("duplicate_form")
        self.duplicate_button.clicked.connect(self._duplicate)
        self.new_form_button = QPushButton()
        self.new_form_button.setObjectName("new_form")
        self.new_form_button.clicked.connect(self._new_form)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_form")
        self.delete_button.clicked.connect(self._delete)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("reset_draft")
        self.reset_button.clicked.connect(self._reset)
        for button in (
            self.duplicate_button,
            self.new_form_button,
            self.delete_button,
            self.reset_button,
        ):
            box.addWidget(button)
        pane.setMinimumWidth(180)
        return pane

    def _table(self, name: str, model: object) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)  # type: ignore[arg-type]
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    def _center_pane(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("center_split")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("center_tabs")
        self.file_heading = role_label("file_heading", "heading")
        self.editor = CodeEditorView()
        self.tabs.addTab(_headed(self.file_heading, self.editor), "")
        self.facts = facts_model(self.desk.locale, self)
        self.facts_view = self._table("facts", self.facts)
        self.facts_view.activated.connect(lambda i: self._jump_to_row("dictionary.yaml", i))
        # The question's form above (it writes the YAML), every fact with its line below.
        self.fact_editor = FactEditorView(self.desk, self.replace_text, self._drop_fact_edits)
        self.tabs.addTab(_over("facts_split", self.fact_editor, self.facts_view, 560, 90), "")
        self.events = events_model(self.desk.locale, self)
        self.events_view = self._table("events", self.events)
        self.events_view.activated.connect(lambda i: self._jump_to_row("events.yaml", i))
        # Ticks above (they write events.yaml), every link with its line below.
        self.event_links = EventLinksView(self.desk, self.replace_text, self._ask_reason)
        self.tabs.addTab(_over("links_split", self.event_links, self.events_view, 340, 160), "")
        # The visual layout editor (it writes the form's text, like the ticks).
        self.layout_editor = FormLayoutView(self.desk, self.replace_text)
        self.tabs.addTab(self.layout_editor, "")
        self.tabs.currentChanged.connect(lambda _: self._layout_shown())
        split.addWidget(self.tabs)
        self.problems_label = role_label("problems_label", "heading")
        self.problems = problems_model(self.desk.locale, self)
        self.problems_view = self._table("problems", self.problems)
        # The whole message, wrapped: it says what is wrong and how to fix it.
        self.problems_view.setWordWrap(True)
        self.problems_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.problems_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for column, width in enumerate((180, 48, 104)):
            self.problems_view.setColumnWidth(column, width)
        self.problems_view.clicked.connect(self._problem_clicked)
        self.problems_view.activated.connect(self._problem_clicked)
        split.addWidget(_headed(self.problems_label, self.problems_view))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 170])
        return split

    # -- words ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        tr, p = self.desk.translator, self.desk.principal
        self.setWindowTitle(tr("admin.window_title"))
        self.title.setText(tr("admin.title"))
        self.user.setText(tr("admin.signed_in_as", name=p.display_name))
        self.save_button.setText(tr("admin.save"))
        self.save_button.setToolTip(tr("admin.save_tip"))
        self.revert_button.setText(tr("admin.revert"))
        self.publish_button.setText(tr("admin.publish.button"))
        self.publish_button.setToolTip(tr("admin.publish.tip"))
        self.history_button.setText(tr("admin.history.button"))
        self.history_button.setToolTip(tr("admin.history.tip"))
        self.files_label.setText(tr("admin.files"))
        self.duplicate_button.setText(tr("admin.file.duplicate"))
        self.new_form_button.setText(tr("admin.file.new_form"))
        self.new_form_button.setToolTip(tr("admin.file.new_form_tip"))
        self.delete_button.setText(tr("admin.file.delete"))
        self.reset_button.setText(tr("admin.draft.reset"))
        self.reset_button.setToolTip(tr("admin.draft.reset_tip"))
        self.tabs.setTabText(0, tr("admin.tab.text"))
        self.tabs.setTabText(1, tr("admin.tab.facts"))
        self.tabs.setTabText(2, tr("admin.tab.events"))
        self.tabs.setTabToolTip(1, tr("admin.tab.facts_tip"))
        self.tabs.setTabToolTip(2, tr("admin.tab.events_tip"))
        self.event_links.retranslate()
        self.fact_editor.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.layout_editor), tr("admin.tab.layout"))
        self.tabs.setTabToolTip(self.tabs.indexOf(self.layout_editor), tr("admin.tab.layout_tip"))
        self.layout_editor.retranslate()
        self.previews.setTabText(0, tr("admin.tab.form_preview"))
        self.previews.setTabText(1, tr("admin.tab.flow_preview"))
        for model in (self.facts, self.events, self.problems):
            model.set_locale(self.desk.locale)
        self._refresh_files()
        self._show_heading()
        self._show_published()
        self._show_check_status()

    # -- files and the editor ------------------------------------------------------------------

    def _file_label(self, rel: str) -> str:
        """What a file holds in words (its name is the tooltip and the editor's heading)."""
        if rel in FILE_KEYS:
            return self.desk.translator(FILE_KEYS[rel])
        catalogue = self.desk.last_good
        if catalogue is not None:
            for form_id, file in catalogue.form_files.items():
                if file.endswith("/" + rel):
                    return self.desk.translator.text(catalogue.forms[form_id].title)
        return rel

    def _refresh_files(self) -> None:
        counts = self.desk.result.count_by_file() if self.desk.result else {}
        wanted = self.desk.files()
        self.files.blockSignals(True)
        existing = [
            self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())
        ]
        if existing != wanted:
            self.files.clear()
            for rel in wanted:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, rel)
                self.files.addItem(item)
        for row in range(self.files.count()):
            item = self.files.item(row)
            rel = item.data(Qt.ItemDataRole.UserRole)
            text = self._file_label(rel)
            if self.desk.is_dirty(rel):
                text = "● " + text
            if counts.get(rel):
                text += "  " + self.desk.translator("admin.file.problems", count=counts[rel])
                item.setForeground(QBrush(PROBLEM_FG))
            else:
                item.setForeground(QBrush())
            item.setText(text)
            item.setToolTip(rel)
            if rel == self.current_file:
                self.files.setCurrentItem(item)
        self.files.blockSignals(False)

    def _files_changed(self) -> None:
        for rel in list(self.documents):
            if rel not in self.desk.files():
                del self.documents[rel]
        self._refresh_files()
        if self.current_file not in self.desk.files():
            files = self.desk.files()
            self.current_file = None
            if files:
                self.open_file(files[0])

    def _file_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.open_file(str(item.data(Qt.ItemDataRole.UserRole)))

    def _document(self, rel: str) -> QTextDocument:
        document = self.documents.get(rel)
        if document is None:
            document = yaml_document(self.desk.text(rel), self)
            document.contentsChanged.connect(lambda r=rel, d=document: self._edited(r, d))
            self.documents[rel] = document
        return document

    def replace_text(self, rel: str, text: str) -> None:
        """A structured edit: the file's whole text replaced in its document, as one
        undo step of the YAML view (which then shows exactly what the ticks wrote)."""
        document = self._document(rel)
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

    def _drop_fact_edits(self, text: str) -> bool:
        return self.confirm(self, self.desk.translator("admin.tab.facts"), text)

    def _ask_reason(self, procedure_id: str) -> str | None:
        tr = self.desk.translator
        return self.ask_text(
            self, tr("admin.links.reason_title"), tr("admin.links.reason", id=procedure_id), ""
        )

    def open_file(self, rel: str, line: int | None = None) -> None:
        """Show a file in the editor (the text tab), optionally at a line."""
        if rel not in self.desk.files():
            return
        document = self._document(rel)
        if self.current_file != rel:
            self.current_file = rel
            self.editor.show_document(document)
            self._show_heading()
            self._refresh_files()
            self._mark_problem_lines()
        self.tabs.setCurrentIndex(0)
        self.delete_button.setEnabled(rel.startswith(FORMS_DIR + "/"))
        self.duplicate_button.setEnabled(rel.startswith(FORMS_DIR + "/"))
        self.new_form_button.setEnabled(rel.startswith(FORMS_DIR + "/"))
        if line is not None:
            self.editor.go_to_line(line)
        if rel.startswith(FORMS_DIR + "/"):
            self.layout_editor.choose(rel)

    def _layout_shown(self) -> None:
        """The layout editor shows the page itself: it takes the preview pane's width
        while it is open, and gives it back after."""
        sizes = self.split.sizes()
        if self.tabs.currentWidget() is self.layout_editor:
            if sizes[2] > 0:
                self._preview_width = sizes[2]
                self.split.setSizes([sizes[0], sizes[1] + sizes[2], 0])
        elif sizes[2] == 0 and self._preview_width:
            self.split.setSizes([sizes[0], max(sizes[1] - self._preview_width, 300),
                                 self._preview_width])  # fmt: skip
            self._preview_width = 0

    _preview_width = 0

    def _show_heading(self) -> None:
        rel = self.current_file
        self.file_heading.setText(f"{self._file_label(rel)} — {rel}" if rel else "")

    def _edited(self, rel: str, document: QTextDocument) -> None:
        if not self._loading:
            self.desk.set_text(rel, document.toPlainText())

    def _reloaded(self, rel: str) -> None:
        names = list(self.documents) if rel == "" else [rel]
        self._loading = True
        try:
            for name in names:
                if name in self.documents:
                    self.documents[name].setPlainText(self.desk.text(name))
        finally:
            self._loading = False
        self._refresh_files()

    def _mark_problem_lines(self) -> None:
        result = self.desk.result
        lines = set()
        if result is not None:
            lines = {p.line for p in result.problems if p.file == self.current_file and p.line}
        self.editor.set_problem_lines(lines)

    # -- problems and tables ---------------------------------------------------------------------

    def _checked(self, result: CheckResult) -> None:
        self.problems.set_records(list(enumerate(result.problems)))
        self.facts.set_records(result.facts)
        self.events.set_records(result.events)
        self._mark_problem_lines()
        self._refresh_files()
        self._show_heading()
        self._show_check_status()

    def _checking(self, _running: bool) -> None:
        self._show_check_status()

    def _show_check_status(self) -> None:
        tr, result = self.desk.translator, self.desk.result
        count = len(result.problems) if result else 0
        if result is None or not self.desk.current:
            text, role = tr("admin.check.running"), "muted"
        elif count:
            text, role = tr("admin.check.problems", count=count), "bad"
        else:
            text, role = tr("admin.check.ok"), "ok"
        self.check_status.setText(text)
        self.check_status.setProperty("role", role)
        self._restyle(self.check_status)
        self.problems_label.setText(tr("admin.problems.heading", count=count))
        self.publish_button.setEnabled(self.desk.can_publish)

    def _problem_clicked(self, index: QModelIndex) -> None:
        record = self.problems.data(index, RecordRole)
        if record is None:
            return
        problem: Problem = record[1]
        if problem.file:
            self.open_file(problem.file, problem.line or 1)

    def _jump_to_row(self, rel: str, index: QModelIndex) -> None:
        record = index.model().data(index, RecordRole)
        if record is not None:
            self.open_file(rel, record.line or 1)

    # -- actions -----------------------------------------------------------------------------------

    def _revert(self) -> None:
        if self.current_file and self.desk.is_dirty(self.current_file):
            tr = self.desk.translator
            if self.confirm(
                self, tr("admin.revert"), tr("admin.revert_confirm", name=self.current_file)
            ):
                self.desk.revert(self.current_file)

    def _reset(self) -> None:
        tr = self.desk.translator
        if self.confirm(self, tr("admin.draft.reset"), tr("admin.draft.reset_confirm")):
            self.desk.reset_draft()

    def _duplicate(self) -> None:
        rel = self.current_file
        if not rel or not rel.startswith(FORMS_DIR + "/"):
            return
        tr = self.desk.translator
        suggestion = rel.removeprefix(FORMS_DIR + "/").removesuffix(".yaml") + "_copy"
        name = self.ask_text(
            self, tr("admin.file.duplicate"), tr("admin.file.new_name"), suggestion
        )
        if name:
            new = self.desk.duplicate_form(rel, name)
            if new:
                self.open_file(new)

    def _new_form(self) -> None:
        """A blank form for the open form's procedures (its id and title asked), opened
        in the layout editor to add its boxes."""
        rel = self.current_file
        if not rel or not rel.startswith(FORMS_DIR + "/"):
            return
        tr = self.desk.translator
        name = self.ask_text(self, tr("admin.file.new_form"), tr("admin.file.new_name"), "")
        title = name and self.ask_text(
            self, tr("admin.file.new_form"), tr("admin.file.new_title"), ""
        )
        new = self.desk.new_form(rel, name, title) if name and title else None
        if new:
            self.open_file(new)
            self.tabs.setCurrentWidget(self.layout_editor)

    def _delete(self) -> None:
        rel = self.current_file
        if not rel or not rel.startswith(FORMS_DIR + "/"):
            return
        tr = self.desk.translator
        if self.confirm(self, tr("admin.file.delete"), tr("admin.file.delete_confirm", name=rel)):
            self.desk.delete_form(rel)

    def _publish(self) -> None:
        """The review: what the draft changes, the change note, approval; then publish."""
        if self.desk.workspace.published is None:
            self.desk.publish()  # says which setting to set
            return
        self.desk.save()  # the review shows what will be published
        self.publish_dialog = PublishDialog(self.desk, self)
        self.publish_dialog.open()

    publish_dialog: PublishDialog | None = None
    history_dialog: HistoryDialog | None = None

    def _history(self) -> None:
        """Earlier publications: preview one, restore it."""
        if self.desk.workspace.published is None:
            self.show_message("error", self.desk.translator("admin.publish.not_configured"))
            return
        self.history_dialog = HistoryDialog(self.desk, self)
        self.history_dialog.open()

    def _conflict(self, text: str) -> None:
        if self.confirm(self, self.desk.translator("admin.publish.button"), text):
            self.desk.publish(force=True)

    def _show_published(self) -> None:
        tr = self.desk.translator
        target = self.desk.workspace.published
        if target is None:
            self.published_to.setText(tr("admin.published.not_configured"))
            return
        last = self.desk.last_publish()
        text = tr("admin.published.to", path=str(target))
        if last:
            text += "  " + tr(
                "admin.published.last",
                at=str(last.get("at", ""))[:16].replace("T", " "),
                actor=str(last.get("actor", "")),
            )
        self.published_to.setText(text)

    def show_message(self, severity: str, text: str) -> None:
        self.message.setProperty("role", "error" if severity == "error" else "info")
        self._restyle(self.message)
        self.message.setText(text)
        self.message.show()

    @staticmethod
    def _restyle(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def close_without_asking(self) -> None:
        """Close at shutdown (the app quits): unsaved texts stay unsaved, nothing asks."""
        self._ask_on_close = False
        self.close()

    _ask_on_close = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out:  # the panes' shares of the width the window opened with
            self._laid_out = True
            width = max(self.split.width(), 900)
            self.split.setSizes([int(width * 0.18), int(width * 0.47), int(width * 0.35)])

    _laid_out = False

    def closeEvent(self, event: QCloseEvent) -> None:
        tr = self.desk.translator
        dirty = self.desk.dirty if self._ask_on_close else []
        if dirty and self.confirm(
            self, tr("admin.save"), tr("admin.save_on_close", count=len(dirty))
        ):
            self.desk.save()
        self.desk.shutdown()
        super().closeEvent(event)
