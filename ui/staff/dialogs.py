"""Small dialogs of the staff window: a correction, a reason, a password.

Each is opened with `open()` (window-modal, never a blocking `exec()`), reports what
the user entered by signal, and shows the desk's answer (saved, or refused with the
checks' messages). They keep no application data after they close.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.catalogue import Catalogue
from forms.model import Field, Reason
from i18n import Translator, text_of
from ui.models.answers import AnswerRow, InputError, parse_input


def _feedback(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def _buttons(dialog: QDialog, tr: Translator, ok_key: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setObjectName("dialog_ok")
    ok.setText(tr(ok_key))
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setObjectName("dialog_cancel")
    cancel.setText(tr("staff.cancel_button"))
    box.rejected.connect(dialog.reject)
    return box


class EditAnswerDialog(QDialog):
    """Correct one answer; the value is checked by the desk (the kiosk's checks)."""

    submitted = Signal(str, object)  # path, typed value

    def __init__(
        self,
        row: AnswerRow,
        spec: Field | None,
        catalogue: Catalogue,
        tr: Translator,
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("edit_dialog")
        self.setWindowTitle(tr("staff.edit.title"))
        self.setMinimumWidth(560)
        self.row, self.spec, self.translator = row, spec, tr
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(QLabel(tr("staff.answers.item")), QLabel(row.label))
        before = QLabel(row.text)
        before.setObjectName("edit_before")
        form.addRow(QLabel(tr("staff.edit.before")), before)
        self.input: QLineEdit | QComboBox = self._make_input(row, spec, catalogue, locale)
        self.input.setObjectName("edit_value")
        self.input.setStyleSheet("font-size: 22px;")
        form.addRow(QLabel(tr("staff.edit.after")), self.input)
        layout.addLayout(form)
        if spec is not None and spec.type == "date":
            hint = QLabel(tr("staff.edit.date_hint"))
            hint.setProperty("role", "muted")
            layout.addWidget(hint)
        self.feedback = _feedback("edit_message")
        layout.addWidget(self.feedback)
        box = _buttons(self, tr, "staff.edit.save")
        box.accepted.connect(self._submit)
        layout.addWidget(box)

    @staticmethod
    def _make_input(
        row: AnswerRow, spec: Field | None, catalogue: Catalogue, locale: str
    ) -> QLineEdit | QComboBox:
        if spec is not None and spec.type == "choice" and spec.choices:
            combo = QComboBox()
            for choice in catalogue.choices.get(spec.choices, []):
                combo.addItem(text_of(choice.label, locale), choice.value)
            combo.setCurrentIndex(max(0, combo.findData(str(row.value))))
            return combo
        if spec is not None and spec.type == "yes_no":
            combo = QComboBox()
            combo.addItem("はい / Yes", True)
            combo.addItem("いいえ / No", False)
            combo.setCurrentIndex(0 if row.value else 1)
            return combo
        return QLineEdit("" if row.value is None else str(row.value))

    def set_text(self, text: str) -> None:
        if isinstance(self.input, QLineEdit):
            self.input.setText(text)

    def value(self) -> Any:
        if isinstance(self.input, QComboBox):
            return self.input.currentData()
        return parse_input(self.spec, self.input.text())

    def _submit(self) -> None:
        try:
            value = self.value()
        except InputError as exc:
            self.show_refused([self.translator(exc.key, **exc.params)])
            return
        self.feedback.hide()
        self.submitted.emit(self.row.path, value)

    def show_refused(self, messages: list[str]) -> None:
        self.feedback.setText("\n".join(messages))
        self.feedback.show()


class ReasonDialog(QDialog):
    """Why an application goes back to the resident (or is cancelled): required.

    `presets`: the catalogue's reasons for this action (reasons.yaml, edited by
    admins), offered in a list before "other"; free text may add detail to a preset
    and is required with "other". What is submitted is plain words: the preset's
    Japanese text (the record's language), then the free text after "：".
    """

    submitted = Signal(str)

    def __init__(
        self,
        tr: Translator,
        title_key: str,
        parent: QWidget | None = None,
        *,
        presets: Sequence[Reason] = (),
        locale: str = "ja",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(tr(title_key))
        self.setMinimumWidth(520)
        self.translator = tr
        layout = QVBoxLayout(self)
        self.preset = QComboBox()
        self.preset.setObjectName("reason_preset")
        for reason in presets:
            self.preset.addItem(text_of(reason.text, locale), reason.text["ja"])
        self.preset.addItem(tr("staff.reason.other"), "")
        # Nothing chosen at first: an OK pressed too early asks, never files a guess.
        self.preset.setPlaceholderText(tr("staff.reason.choose"))
        self.preset.setCurrentIndex(-1)
        self.preset.currentIndexChanged.connect(lambda _: self._hint())
        if presets:
            layout.addWidget(QLabel(tr("staff.reason.choose")))
            layout.addWidget(self.preset)
        else:  # nothing to choose: free text only
            self.preset.hide()
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reason_text")
        self.text.setFixedHeight(110)
        layout.addWidget(self.text)
        self.feedback = _feedback("reason_message")
        layout.addWidget(self.feedback)
        box = _buttons(self, tr, "staff.reason.ok")
        box.accepted.connect(self._submit)
        layout.addWidget(box)
        self._hint()

    def _hint(self) -> None:
        chosen = bool(self.preset.currentData())
        self.prompt.setText(
            self.translator("staff.reason.detail" if chosen else "staff.reason.prompt")
        )

    def choose(self, text_ja: str) -> None:
        """Pick the preset whose Japanese text is `text_ja` (as a click in the list would)."""
        self.preset.setCurrentIndex(self.preset.findData(text_ja))

    def reason(self) -> str:
        preset = str(self.preset.currentData() or "")
        detail = self.text.toPlainText().strip()
        return "：".join(part for part in (preset, detail) if part)

    def _submit(self) -> None:
        reason = self.reason()
        if not reason:
            self.feedback.setText(self.translator("store.reason_required"))
            self.feedback.show()
            return
        self.submitted.emit(reason)
        self.accept()


class HandoverDialog(QDialog):
    """Which department's queue the application goes to next (those with a procedure
    still to do); it keeps the resident's original arrival there."""

    submitted = Signal(str)

    def __init__(
        self, tr: Translator, departments: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handover_dialog")
        self.setWindowTitle(tr("staff.handover.title"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        prompt = QLabel(tr("staff.handover.prompt"))
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.department = QComboBox()
        self.department.setObjectName("handover_to")
        for name in departments:
            self.department.addItem(name, name)
        layout.addWidget(self.department)
        box = _buttons(self, tr, "staff.handover.ok")
        box.accepted.connect(self._submit)
        layout.addWidget(box)

    def choose(self, department: str) -> None:
        self.department.setCurrentIndex(self.department.findData(department))

    def _submit(self) -> None:
        department = self.department.currentData()
        if department:
            self.submitted.emit(str(department))
            self.accept()


class PasswordDialog(QDialog):
    """A new password, typed twice."""

    submitted = Signal(str)

    def __init__(self, tr: Translator, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.setWindowTitle(title)
        self.translator = tr
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.first, self.second = QLineEdit(), QLineEdit()
        for name, edit in (("new_password", self.first), ("repeat_password", self.second)):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(QLabel(tr("staff.accounts.password")), self.first)
        form.addRow(QLabel(tr("staff.accounts.password_again")), self.second)
        layout.addLayout(form)
        self.feedback = _feedback("password_message")
        layout.addWidget(self.feedback)
        box = _buttons(self, tr, "staff.accounts.set_password")
        box.accepted.connect(self._submit)
        layout.addWidget(box)

    def _submit(self) -> None:
        if self.first.text() != self.second.text():
            self.feedback.setText(self.translator("staff.accounts.password_mismatch"))
            self.feedback.show()
            return
        password = self.first.text()
        self.first.clear()
        self.second.clear()
        self.submitted.emit(password)
        self.accept()
