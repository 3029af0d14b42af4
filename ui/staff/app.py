"""Build and run the staff desktop: the store, the sign-in dialog, then the window.

The sign-in (and the schema check before it) runs in a worker; the window is built
only for a signed-in `Principal`. Scripted runs (`--user` with `--password-stdin` or
MADOGUCHI_STAFF_PASSWORD) sign in without the dialog; a password never comes from the
command line.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from forms.catalogue import Catalogue, load_catalogue
from i18n import translator
from kiosk.store import Principal, StoreError
from ui.app import application
from ui.staff.desk import StaffDesk
from ui.staff.sign_in import SignInDialog
from ui.staff.style import staff_style_sheet
from ui.staff.window import StaffWindow
from ui.threads import run_in_thread, wait_for_workers

log = logging.getLogger(__name__)

#: Database calls wait on the network, not the CPU: allow more than one per core.
MIN_WORKERS = 6


class StaffApp(QObject):
    signed_in = Signal(object)  # the StaffWindow
    sign_in_failed = Signal(str)

    def __init__(
        self,
        store: Any,
        *,
        catalogue: Catalogue | None = None,
        counter: str = "1番窓口",
        locale: str = "ja",
        upgrade: bool = True,
        window_options: dict[str, Any] | None = None,
        desk_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        application()
        pool = QThreadPool.globalInstance()
        pool.setMaxThreadCount(max(pool.maxThreadCount(), MIN_WORKERS))
        self.store = store
        self.catalogue = catalogue or load_catalogue()
        self.counter = counter
        self.locale = locale
        self._upgrade = upgrade
        self._window_options = window_options or {}
        self._desk_options = desk_options or {}
        self.dialog = SignInDialog(locale)
        self.dialog.setStyleSheet(staff_style_sheet())
        self.dialog.submitted.connect(self.sign_in)
        self.dialog.locale_chosen.connect(self._set_locale)
        self.desk: StaffDesk | None = None
        self.window: StaffWindow | None = None

    def _set_locale(self, locale: str) -> None:
        self.locale = locale

    def show_sign_in(self) -> None:
        self.dialog.show()

    def sign_in(self, username: str, password: str) -> None:
        """Check the name and password in a worker; open the window on success."""

        def check() -> Principal:
            if self._upgrade:
                self.store.upgrade()
            return self.store.sign_in(username, password)

        run_in_thread(check, on_result=self._open_window, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        tr = translator(self.dialog.chosen_locale)
        if isinstance(exc, StoreError):
            text = tr(exc.key, **exc.params)
        else:
            log.exception("sign-in failed", exc_info=exc)
            text = tr("staff.error.unexpected", detail=type(exc).__name__)
        self.dialog.show_error(text)
        self.sign_in_failed.emit(text)

    def _open_window(self, principal: Principal) -> None:
        self.desk = StaffDesk(
            self.store,
            principal,
            self.catalogue,
            counter=self.counter,
            locale=self.locale,
            **self._desk_options,
        )
        self.window = StaffWindow(self.desk, **self._window_options)
        self.dialog.accept()
        self.desk.start()
        self.signed_in.emit(self.window)

    def close(self) -> None:
        if self.desk is not None:
            self.desk.shutdown()
        if self.window is not None:
            self.window.close()
        self.dialog.close()
        wait_for_workers(15000)
