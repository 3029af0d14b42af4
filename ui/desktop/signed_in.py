"""What the staff desktop and the catalogue editor share: sign in (off the UI thread),
then build the window; and the `madoguchi staff|admin` runner around that (scripted
sign-in, screenshot, quit after a while).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from i18n import translator
from kiosk.store import Principal, StoreError
from ui.app import application
from ui.desktop.sign_in import SignInDialog
from ui.desktop.style import staff_style_sheet
from ui.threads import run_in_thread, wait_for_workers
from ui.window_run import WindowRun

log = logging.getLogger(__name__)


class AccountRefused(Exception):
    """Signed in, but this application is not for this account (e.g. staff at the
    catalogue editor); `key` and `params` are the message for the dialog."""

    key = "staff.error.unexpected"

    def __init__(self, username: str) -> None:
        super().__init__(username)
        self.params: dict[str, Any] = {"username": username}


class SignedInApp(QObject):
    """The sign-in dialog, a worker that checks the account, then the window.

    Subclasses say who may come in (`admit`), build their window (`open_window`) and
    take it down (`close_window`)."""

    signed_in = Signal(object)  # the window
    sign_in_failed = Signal(str)

    def __init__(
        self,
        store: Any,
        make_dialog: Callable[[str], SignInDialog],
        *,
        locale: str,
        upgrade: bool,
    ) -> None:
        super().__init__()
        application()  # before any widget
        self.store = store
        self.locale = locale
        self._upgrade = upgrade
        self.principal: Principal | None = None
        self.dialog = make_dialog(locale)
        self.dialog.setStyleSheet(staff_style_sheet())
        self.dialog.submitted.connect(self.sign_in)
        self.dialog.locale_chosen.connect(self._set_locale)

    def _set_locale(self, locale: str) -> None:
        self.locale = locale

    def show_sign_in(self) -> None:
        self.dialog.show()

    def admit(self, principal: Principal) -> None:
        """Raise AccountRefused to keep this account out."""

    def sign_in(self, username: str, password: str) -> None:
        """Check the name and password (and schema) in a worker; the window on success."""

        def check() -> Principal:
            if self._upgrade:
                # SQLite (this machine's file): create or upgrade it. PostgreSQL: only
                # check the revision; an administrator upgrades (`madoguchi db upgrade`).
                self.store.prepare_terminal()
            principal = self.store.sign_in(username, password)
            try:
                self.admit(principal)
            except AccountRefused:
                self.store.sign_out(principal)  # no session left open for nothing
                raise
            return principal

        run_in_thread(check, on_result=self._signed_in, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        tr = translator(self.dialog.chosen_locale)
        if isinstance(exc, StoreError | AccountRefused):
            text = tr(exc.key, **exc.params)
        else:
            log.exception("sign-in failed", exc_info=exc)
            text = tr("staff.error.unexpected", detail=type(exc).__name__)
        self.dialog.show_error(text)
        self.sign_in_failed.emit(text)

    def _signed_in(self, principal: Principal) -> None:
        self.principal = principal
        window = self.open_window(principal)
        self.dialog.accept()
        self.signed_in.emit(window)

    def open_window(self, principal: Principal) -> QWidget:
        raise NotImplementedError

    def close_window(self) -> None:
        """Stop the window's work and close it."""

    def close(self) -> None:
        self.close_window()
        self.dialog.close()
        wait_for_workers(15000)
        if self.principal is not None:
            # The session ends with the window (the token is worthless from now on).
            try:
                self.store.sign_out(self.principal)
            except StoreError as exc:  # the database is away: the session times out
                log.warning("sign-out not recorded (%s)", type(exc).__name__)
            self.principal = None


def run_signed_in(
    app_: SignedInApp,
    *,
    username: str | None,
    password: str | None,
    screenshot: Path | None,
    exit_after: float | None,
    on_window: Callable[[Any, Callable[[], None], Callable[[str], None]], None],
) -> int:
    """Sign in (scripted, or through the dialog), run until quit; the exit status.

    `on_window(window, shown, fail)` shows the window and calls `shown()` once what the
    screenshot promises is there (ui.window_run: the screenshot and --exit-after wait
    for it), and `fail(message)` when a scripted step failed."""
    qt = application()
    run = WindowRun(
        qt, screenshot=screenshot, exit_after=exit_after, what="the window after signing in"
    )

    def failed(text: str) -> None:
        run.fail(text)
        if username and password is not None:
            run.ready(app_.dialog)  # the dialog with its message is the picture

    def ready(window: Any) -> None:
        on_window(window, lambda: run.ready(window), run.fail)

    app_.signed_in.connect(ready)
    app_.sign_in_failed.connect(failed)
    if username and password is not None:
        app_.sign_in(username, password)
    else:
        app_.dialog.username.setText(username or "")
        app_.show_sign_in()
        run.ready(app_.dialog)
    try:
        qt.exec()
    finally:
        app_.close()
        app_.store.close()
    return run.status
