"""Build and run the staff desktop: the store, the sign-in dialog, then the window.

The sign-in (and the schema check before it) runs in a worker; the window is built
only for a signed-in `Principal`. Scripted runs (`--user` with `--password-stdin` or
MADOGUCHI_STAFF_PASSWORD) sign in without the dialog; a password never comes from the
command line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool

from forms.catalogue import Catalogue, load_catalogue
from kiosk.store import Principal
from ui.desktop.sign_in import SignInDialog
from ui.desktop.signed_in import SignedInApp
from ui.staff.desk import StaffDesk
from ui.staff.window import StaffWindow

#: Database calls wait on the network, not the CPU: allow more than one per core.
MIN_WORKERS = 6


class StaffApp(SignedInApp):
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
        super().__init__(store, SignInDialog, locale=locale, upgrade=upgrade)
        pool = QThreadPool.globalInstance()
        pool.setMaxThreadCount(max(pool.maxThreadCount(), MIN_WORKERS))
        self.catalogue = catalogue or load_catalogue()
        self.counter = counter
        self._window_options = window_options or {}
        self._desk_options = desk_options or {}
        self.desk: StaffDesk | None = None
        self.window: StaffWindow | None = None

    def open_window(self, principal: Principal) -> StaffWindow:
        self.desk = StaffDesk(
            self.store,
            principal,
            self.catalogue,
            counter=self.counter,
            locale=self.locale,
            **self._desk_options,
        )
        self.window = StaffWindow(self.desk, **self._window_options)
        self.desk.start()
        return self.window

    def close_window(self) -> None:
        if self.desk is not None:
            self.desk.shutdown()
        if self.window is not None:
            self.window.close()
