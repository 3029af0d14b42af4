"""Build and run the catalogue editor: the store, the sign-in dialog, then the window.

Only an administrator gets in: the sign-in (and the schema check before it) runs in a
worker like the staff desktop's, and a staff account is refused with a message that
says so. The window is built only for a signed-in admin `Principal`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from i18n import translator
from kiosk.store import Principal, StoreError
from ui.admin.desk import AdminDesk
from ui.admin.window import AdminWindow
from ui.admin.workspace import Workspace
from ui.app import application
from ui.staff.sign_in import SignInDialog
from ui.staff.style import staff_style_sheet
from ui.threads import run_in_thread, wait_for_workers

log = logging.getLogger(__name__)


class NotAdmin(Exception):
    """A staff account tried to open the editor."""

    key = "admin.sign_in.not_admin"

    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.params = {"username": username}


class AdminSignInDialog(SignInDialog):
    """The staff sign-in dialog, titled for administrators."""

    def retranslate(self, locale: str) -> None:
        super().retranslate(locale)
        tr = translator(locale)
        self.setWindowTitle(tr("admin.sign_in.window_title"))
        self.heading.setText(tr("admin.sign_in.title"))

    def show_error(self, text: str) -> None:
        super().show_error(text)
        # A wrapped label does not count the error style's padding and border in its
        # height: give it room for every line, then let the dialog grow.
        label = self.feedback
        width = max(label.width(), self.width() - 24, 360)
        label.setMinimumHeight(label.heightForWidth(width) + 18)
        self.adjustSize()


class AdminApp(QObject):
    signed_in = Signal(object)  # the AdminWindow
    sign_in_failed = Signal(str)

    def __init__(
        self,
        store: Any,
        workspace: Workspace,
        *,
        locale: str = "ja",
        upgrade: bool = True,
        window_options: dict[str, Any] | None = None,
        desk_options: dict[str, Any] | None = None,
        on_desk: Callable[[AdminDesk], None] | None = None,
    ) -> None:
        super().__init__()
        application()
        self.store = store
        self.workspace = workspace
        self.locale = locale
        self._upgrade = upgrade
        self._window_options = window_options or {}
        self._desk_options = desk_options or {}
        self._on_desk = on_desk
        self.dialog = AdminSignInDialog(locale)
        self.dialog.setObjectName("admin_sign_in_dialog")
        self.dialog.setStyleSheet(staff_style_sheet())
        self.dialog.submitted.connect(self.sign_in)
        self.dialog.locale_chosen.connect(self._set_locale)
        self.desk: AdminDesk | None = None
        self.window: AdminWindow | None = None

    def _set_locale(self, locale: str) -> None:
        self.locale = locale

    def show_sign_in(self) -> None:
        self.dialog.show()

    def sign_in(self, username: str, password: str) -> None:
        """Check the name, password and role in a worker; open the editor on success."""

        def check() -> Principal:
            if self._upgrade:
                self.store.upgrade()
            principal = self.store.sign_in(username, password)
            if not principal.is_admin:
                raise NotAdmin(principal.username)
            return principal

        run_in_thread(check, on_result=self._open_window, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        tr = translator(self.dialog.chosen_locale)
        if isinstance(exc, StoreError | NotAdmin):
            text = tr(exc.key, **exc.params)
        else:
            log.exception("sign-in failed", exc_info=exc)
            text = tr("staff.error.unexpected", detail=type(exc).__name__)
        self.dialog.show_error(text)
        self.sign_in_failed.emit(text)

    def _open_window(self, principal: Principal) -> None:
        self.desk = AdminDesk(self.workspace, principal, locale=self.locale, **self._desk_options)
        if self._on_desk is not None:
            self._on_desk(self.desk)
        self.window = AdminWindow(self.desk, **self._window_options)
        self.dialog.accept()
        self.desk.check_now()
        self.signed_in.emit(self.window)

    def close(self) -> None:
        if self.desk is not None:
            self.desk.shutdown()
        if self.window is not None:
            self.window.close_without_asking()
        self.dialog.close()
        wait_for_workers(15000)
