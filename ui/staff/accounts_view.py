"""Accounts (admins only): create staff and admin accounts, set a new password,
disable (lock) and enable (unlock) an account. The store enforces the rules (an
admin cannot disable themselves, passwords of at least 8 characters)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.store import AccountInfo
from ui.models.admin import accounts_model
from ui.models.table import RecordRole
from ui.staff.desk import StaffDesk
from ui.staff.dialogs import PasswordDialog
from ui.staff.tables import record_table


class AccountsView(QWidget):
    def __init__(self, desk: StaffDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.dialog: QDialog | None = None
        self.model = accounts_model(desk.store.zone, desk.locale, self)
        layout = QVBoxLayout(self)
        self.table = record_table("accounts", self.model)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("reset_password")
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lock_account")
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock_account")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refresh_accounts")
        for button in (self.reset_button, self.lock_button, self.unlock_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        layout.addLayout(row)
        self.create_box = QGroupBox()
        form = QFormLayout(self.create_box)
        self.new_username = QLineEdit()
        self.new_username.setObjectName("new_username")
        self.new_display = QLineEdit()
        self.new_display.setObjectName("new_display_name")
        self.new_password = QLineEdit()
        self.new_password.setObjectName("new_account_password")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_role = QComboBox()
        self.new_role.setObjectName("new_role")
        self.create_button = QPushButton()
        self.create_button.setObjectName("create_account")
        self.labels = [QLabel() for _ in range(4)]
        for label, widget in zip(
            self.labels,
            (self.new_username, self.new_display, self.new_password, self.new_role),
            strict=True,
        ):
            form.addRow(label, widget)
        form.addRow(self.create_button)
        layout.addWidget(self.create_box)
        self.reset_button.clicked.connect(self.reset_selected)
        self.lock_button.clicked.connect(lambda: self._lock_selected(True))
        self.unlock_button.clicked.connect(lambda: self._lock_selected(False))
        self.refresh_button.clicked.connect(desk.load_accounts)
        self.create_button.clicked.connect(self.create_account)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        self.model.dataChanged.connect(lambda *_: self._enable())
        desk.accounts_loaded.connect(self.model.set_records)
        desk.locale_changed.connect(lambda _: self.retranslate())
        self.retranslate()
        self._enable()

    def retranslate(self) -> None:
        tr = self.desk.translator
        self.model.set_locale(self.desk.locale)
        self.reset_button.setText(tr("staff.accounts.reset_password"))
        self.lock_button.setText(tr("staff.accounts.lock"))
        self.unlock_button.setText(tr("staff.accounts.unlock"))
        self.refresh_button.setText(tr("staff.accounts.refresh"))
        self.create_box.setTitle(tr("staff.accounts.create_title"))
        for label, key in zip(
            self.labels,
            (
                "staff.accounts.username",
                "staff.accounts.display_name",
                "staff.accounts.password",
                "staff.accounts.role",
            ),
            strict=True,
        ):
            label.setText(tr(key))
        self.create_button.setText(tr("staff.accounts.create"))
        keep = self.new_role.currentData() or "staff"
        self.new_role.clear()
        for role in ("staff", "admin"):
            self.new_role.addItem(tr(f"staff.role.{role}"), role)
        self.new_role.setCurrentIndex(max(0, self.new_role.findData(keep)))

    def selected(self) -> AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def select_username(self, username: str) -> bool:
        for row, account in enumerate(self.model.records):
            if account.username == username:
                self.table.selectRow(row)
                return True
        return False

    def _enable(self) -> None:
        account = self.selected()
        self.reset_button.setEnabled(account is not None)
        self.lock_button.setEnabled(account is not None and account.active)
        self.unlock_button.setEnabled(
            account is not None and (not account.active or account.locked)
        )

    def create_account(self) -> None:
        self.desk.create_account(
            self.new_username.text().strip(),
            self.new_display.text().strip() or self.new_username.text().strip(),
            self.new_password.text(),
            str(self.new_role.currentData()),
        )
        for edit in (self.new_username, self.new_display, self.new_password):
            edit.clear()

    def reset_selected(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = PasswordDialog(
            self.desk.translator,
            self.desk.translator("staff.accounts.reset_title", username=account.username),
            self,
        )
        dialog.submitted.connect(
            lambda pw: self.desk.reset_password(account.account_id, account.username, pw)
        )
        self.dialog = dialog
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        dialog.open()

    def _lock_selected(self, locked: bool) -> None:
        account = self.selected()
        if account is not None:
            self.desk.set_account_locked(account.account_id, account.username, locked)
