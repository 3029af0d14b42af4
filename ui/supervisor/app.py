"""`SupervisorApp`: the shared sign-in (any staff account or admin), then the view."""

from __future__ import annotations

from typing import Any

from kiosk.store import Principal
from ui.desktop.sign_in import SignInDialog
from ui.desktop.signed_in import SignedInApp
from ui.supervisor.window import SupervisorWindow


class SupervisorApp(SignedInApp):
    def __init__(
        self,
        store: Any,
        *,
        locale: str = "ja",
        upgrade: bool = True,
        fullscreen: bool = False,
        window_options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(store, SignInDialog, locale=locale, upgrade=upgrade)
        self.fullscreen = fullscreen
        self._window_options = window_options or {}
        self.window: SupervisorWindow | None = None

    def open_window(self, principal: Principal) -> SupervisorWindow:
        self.window = SupervisorWindow(
            self.store,
            principal,
            locale=self.locale,
            fullscreen=self.fullscreen,
            **self._window_options,
        )
        self.window.start()
        return self.window

    def close_window(self) -> None:
        if self.window is not None:
            self.window.close()
