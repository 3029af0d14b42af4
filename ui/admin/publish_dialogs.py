"""Review before publishing, and the publication history with rollback.

    PublishDialog(desk)   # the draft's changes (in words, as text), the note, approval
    HistoryDialog(desk)   # earlier publications: what restoring one changes, its
                          # forms as pages, and restoring it with a note

Both open non-modally (`open()`), so the editor's checks keep running and tests drive
them like an admin: type the note, click the button. Neither publishes by itself: they
call the desk, which checks again what it publishes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.admin.desk import AdminDesk
from ui.admin.preview import PageImages
from ui.admin.publishing import Publication
from ui.admin.review import CatalogueDiff, describe_all, form_titles
from ui.admin.style import EDITOR_FAMILY, admin_style_sheet, role_label


class ChangesView(QTabWidget):
    """A diff in words (one line per change) and as unified text."""

    def __init__(self, desk: AdminDesk) -> None:
        super().__init__()
        self.desk = desk
        self.setObjectName("changes")
        self.words = QListWidget()
        self.words.setObjectName("change_words")
        self.words.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("change_text")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFont(EDITOR_FAMILY, 10))
        self.addTab(self.words, desk.translator("admin.diff.words"))
        self.addTab(self.text, desk.translator("admin.diff.text"))

    def show_diff(self, diff: CatalogueDiff) -> None:
        self.words.clear()
        self.words.addItems(describe_all(diff, self.desk.translator))
        self.text.setPlainText(diff.text)

    def lines(self) -> list[str]:
        return [self.words.item(i).text() for i in range(self.words.count())]


class _Approval(QWidget):
    """A second admin's user name and password (only when the setting asks for it)."""

    def __init__(self, desk: AdminDesk) -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        tr = desk.translator
        self.user = QLineEdit()
        self.user.setObjectName("approver_user")
        self.password = QLineEdit()
        self.password.setObjectName("approver_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        heading = role_label("approval_heading", "heading")
        heading.setText(tr("admin.publish.approval_heading"))
        form.addRow(heading)
        form.addRow(tr("admin.publish.approver_user"), self.user)
        form.addRow(tr("admin.publish.approver_password"), self.password)
        self.setVisible(desk.needs_approval)
        self.needed = desk.needs_approval

    @property
    def given(self) -> tuple[str, str] | None:
        if not self.needed:
            return None
        return (self.user.text().strip(), self.password.text())

    @property
    def complete(self) -> bool:
        return not self.needed or bool(self.user.text().strip() and self.password.text())


class _NoteBox(QPlainTextEdit):
    def __init__(self, placeholder: str) -> None:
        super().__init__()
        self.setObjectName("change_note")
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setMaximumHeight(80)


def _note_and_approval(
    layout: QVBoxLayout, desk: AdminDesk, label_key: str, placeholder_key: str
) -> tuple[_NoteBox, _Approval]:
    """The note's heading and box, then the approval (hidden unless the setting asks)."""
    label = role_label("note_label", "heading")
    label.setText(desk.translator(label_key))
    note = _NoteBox(desk.translator(placeholder_key))
    approval = _Approval(desk)
    for widget in (label, note, approval):
        layout.addWidget(widget)
    return note, approval


def _frame(dialog: QDialog, name: str, title: str, size: tuple[int, int]) -> QVBoxLayout:
    """A dialog in the editor's look: its name, title and first size; its layout."""
    dialog.setObjectName(name)
    dialog.setStyleSheet(admin_style_sheet())
    dialog.setWindowTitle(title)
    dialog.resize(*size)
    return QVBoxLayout(dialog)


class PublishDialog(QDialog):
    """What publishing the draft changes; the change note; a second admin's approval."""

    def __init__(self, desk: AdminDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        tr = desk.translator
        layout = _frame(self, "publish_dialog", tr("admin.publish.review_title"), (900, 640))
        where = role_label("publish_where", "muted")
        where.setText(tr("admin.publish.confirm", path=str(desk.workspace.published)))
        layout.addWidget(where)
        self.changes = ChangesView(desk)
        self.diff = desk.review()
        self.changes.show_diff(self.diff)
        layout.addWidget(self.changes, 1)
        self.note, self.approval = _note_and_approval(
            layout, desk, "admin.publish.note", "admin.publish.note_placeholder"
        )
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = QPushButton(tr("admin.cancel"))
        self.cancel_button.setObjectName("cancel_publish")
        self.cancel_button.clicked.connect(self.reject)
        self.publish_button = QPushButton(tr("admin.publish.button"))
        self.publish_button.setObjectName("confirm_publish")
        self.publish_button.setProperty("role", "primary")
        self.publish_button.clicked.connect(self._publish)
        row.addWidget(self.cancel_button)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        for edit in (self.approval.user, self.approval.password):
            edit.textChanged.connect(self._enable)
        self.note.textChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        ready = bool(self.note.toPlainText().strip()) and self.approval.complete
        self.publish_button.setEnabled(ready)

    def _publish(self) -> None:
        self.desk.publish(self.note.toPlainText(), self.approval.given)
        self.accept()


class HistoryDialog(QDialog):
    """Earlier publications: pick one, see what restoring it changes and its forms,
    restore it with a note."""

    COLUMNS = ("admin.history.at", "admin.history.actor", "admin.history.note",
               "admin.history.version")  # fmt: skip

    def __init__(self, desk: AdminDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        tr = desk.translator
        layout = _frame(self, "history_dialog", tr("admin.history.title"), (1100, 720))
        self.items: list[Publication] = desk.publications()
        self.table = QTableWidget(len(self.items), len(self.COLUMNS))
        self.table.setObjectName("publications")
        self.table.setHorizontalHeaderLabels([tr(k) for k in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for number, item in enumerate(self.items):
            self._fill_row(number, item)
        self.table.resizeColumnsToContents()
        self.table.setMaximumHeight(200)
        layout.addWidget(self.table)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.changes = ChangesView(desk)
        split.addWidget(self.changes)
        pages = QWidget()
        pages_box = QVBoxLayout(pages)
        pick = QHBoxLayout()
        self.form = QComboBox()
        self.form.setObjectName("history_form")
        self.preview_button = QPushButton(tr("admin.history.preview"))
        self.preview_button.setObjectName("history_preview")
        self.preview_button.clicked.connect(self._preview)
        pick.addWidget(self.form, 1)
        pick.addWidget(self.preview_button)
        pages_box.addLayout(pick)
        self.page_scroll = PageImages("history_pages")
        pages_box.addWidget(self.page_scroll, 1)
        split.addWidget(pages)
        split.setSizes([600, 460])
        layout.addWidget(split, 1)
        self.note, self.approval = _note_and_approval(
            layout, desk, "admin.restore.note", "admin.restore.note_placeholder"
        )
        row = QHBoxLayout()
        self.status = role_label("history_status", "muted")
        row.addWidget(self.status, 1)
        close = QPushButton(tr("admin.close"))
        close.setObjectName("close_history")
        close.clicked.connect(self.reject)
        self.restore_button = QPushButton(tr("admin.restore.button"))
        self.restore_button.setObjectName("restore")
        self.restore_button.setProperty("role", "primary")
        self.restore_button.clicked.connect(self._restore)
        row.addWidget(close)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.images: list[Any] = []
        self.table.itemSelectionChanged.connect(self._chosen)
        self.note.textChanged.connect(self._enable)
        for edit in (self.approval.user, self.approval.password):
            edit.textChanged.connect(self._enable)
        desk.publication_preview_ready.connect(self._show_pages)
        if not self.items:
            self.status.setText(tr("admin.history.none"))
        self._enable()

    def _fill_row(self, row: int, item: Publication) -> None:
        tr, entry = self.desk.translator, item.entry
        at = str(entry.get("at", ""))[:16].replace("T", " ") or item.path.name
        actor = str(entry.get("actor", ""))
        if entry.get("approver"):
            actor += " / " + str(entry["approver"])
        note = str(entry.get("note") or "")
        if entry.get("restored_from"):
            note = tr("admin.history.restored_from", name=entry["restored_from"]) + " " + note
        version = item.version + ("  " + tr("admin.history.current") if item.current else "")
        for column, text in enumerate((at, actor, note, version)):
            cell = QTableWidgetItem(text)
            cell.setToolTip(item.path.name)
            self.table.setItem(row, column, cell)

    @property
    def chosen(self) -> Publication | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def choose(self, row: int) -> None:
        """Select a publication (tests; a click does the same)."""
        self.table.selectRow(row)

    def _chosen(self) -> None:
        item = self.chosen
        self.form.clear()
        if item is None:
            self._enable()
            return
        self.changes.show_diff(self.desk.diff_to(item))
        for form_id, title in form_titles(item.path).items():
            self.form.addItem(f"{title} ({form_id})", form_id)
        self._enable()

    def _enable(self) -> None:
        item = self.chosen
        self.preview_button.setEnabled(item is not None and self.form.count() > 0)
        ready = item is not None and not item.current and bool(self.note.toPlainText().strip())
        self.restore_button.setEnabled(ready and self.approval.complete)

    def _preview(self) -> None:
        item = self.chosen
        if item is not None and self.form.currentData():
            self.desk.render_publication(item, str(self.form.currentData()))

    def _show_pages(self, path: str, form_id: str, images: list[Any]) -> None:
        item = self.chosen
        if item is None or str(item.path) != path:
            return
        self.images = images
        self.page_scroll.show_images(images, "history_page")
        self.status.setText(self.desk.translator("admin.history.previewed", form=form_id,
                                         name=item.path.name))  # fmt: skip

    def _restore(self) -> None:
        item = self.chosen
        if item is not None and not item.current:
            self.desk.restore(item, self.note.toPlainText(), self.approval.given)
            self.accept()
