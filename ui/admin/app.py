"""Build and run the catalogue editor: the store, the sign-in dialog, then the window.

Only an administrator gets in: the sign-in (and the schema check before it) runs in a
worker like the staff desktop's, and a staff account is refused with a message that
says so. The window is built only for a signed-in admin `Principal`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from i18n import translator
from kiosk.store import Principal
from ui.admin.desk import AdminDesk
from ui.admin.window import AdminWindow
from ui.admin.workspace import Workspace
from ui.desktop.sign_in import SignInDialog
from ui.desktop.signed_in import AccountRefused, SignedInApp


class NotAdmin(AccountRefused):
    """A staff account tried to open the editor."""

    key = "admin.sign_in.not_admin"


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


class AdminApp(SignedInApp):
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
        super().__init__(store, AdminSignInDialog, locale=locale, upgrade=upgrade)
        self.dialog.setObjectName("admin_sign_in_dialog")
        self.workspace = workspace
        self._window_options = window_options or {}
        self._desk_options = desk_options or {}
        self._on_desk = on_desk
        self.desk: AdminDesk | None = None
        self.window: AdminWindow | None = None

    def admit(self, principal: Principal) -> None:
        if not principal.is_admin:
            raise NotAdmin(principal.username)

    def open_window(self, principal: Principal) -> AdminWindow:
        self.desk = AdminDesk(
            self.workspace,
            principal,
            locale=self.locale,
            clock=self.store.clock,
            store=self.store,
            **self._desk_options,
        )
        if self._on_desk is not None:
            self._on_desk(self.desk)
        self.window = AdminWindow(self.desk, **self._window_options)
        self.desk.check_now()
        return self.window

    def close_window(self) -> None:
        if self.desk is not None:
            self.desk.shutdown()
        if self.window is not None:
            self.window.close_without_asking()
