"""The sign-in dialog: the staff window opens only after `Store.sign_in` succeeds.

The dialog only collects the name and password and shows the outcome; the sign-in
itself runs in a worker (`ui.staff.app.StaffApp`). The password field is cleared
after every attempt.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from i18n import translator

LOCALES = (("ja", "日本語"), ("en", "English"))


def locale_combo(locale: str, name: str = "locale") -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for code, label in LOCALES:
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(locale)))
    return combo


class SignInDialog(QDialog):
    submitted = Signal(str, str)  # username, password
    locale_chosen = Signal(str)

    def __init__(self, locale: str = "ja") -> None:
        super().__init__()
        self.setObjectName("sign_in_dialog")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = locale_combo(locale)
        self.user_label, self.password_label, self.locale_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        form.addRow(self.locale_label, self.language)
        layout.addLayout(form)
        self.feedback = QLabel()
        self.feedback.setObjectName("sign_in_message")
        self.feedback.setWordWrap(True)
        self.feedback.hide()
        layout.addWidget(self.feedback)
        self.button = QPushButton()
        self.button.setObjectName("sign_in")
        self.button.setProperty("role", "primary")
        self.button.setDefault(True)
        layout.addWidget(self.button)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.language.currentIndexChanged.connect(self._locale_changed)
        self.retranslate(locale)

    def retranslate(self, locale: str) -> None:
        tr = translator(locale)
        self.setWindowTitle(tr("staff.sign_in.window_title"))
        self.heading.setText(tr("staff.sign_in.title"))
        self.user_label.setText(tr("staff.sign_in.username"))
        self.password_label.setText(tr("staff.sign_in.password"))
        self.locale_label.setText(tr("staff.language"))
        self.button.setText(tr("staff.sign_in.button"))

    @property
    def chosen_locale(self) -> str:
        return str(self.language.currentData())

    def _locale_changed(self) -> None:
        self.retranslate(self.chosen_locale)
        self.locale_chosen.emit(self.chosen_locale)

    def _submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        self.password.clear()
        if not username or not password:
            self.show_error(translator(self.chosen_locale)("staff.sign_in.missing"))
            return
        self.set_busy(True)
        self.submitted.emit(username, password)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        if busy:
            self.feedback.setProperty("role", "info")
            self.feedback.setText(translator(self.chosen_locale)("staff.sign_in.checking"))
            self._restyle()
            self.feedback.show()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.feedback.setProperty("role", "error")
        self.feedback.setText(text)
        self._restyle()
        self.feedback.show()

    def _restyle(self) -> None:
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
