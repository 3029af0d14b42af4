"""`madoguchi supervisor`: open the store, sign in (dialog, or scripted), show the live
view (full screen with --fullscreen); optionally a screenshot and quit after a while."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def run_supervisor(
    *,
    database_url: str | None,
    username: str | None,
    password: str | None,
    locale: str,
    fullscreen: bool,
    size: tuple[int, int],
    screenshot: Path | None,
    exit_after: float | None,
) -> int:
    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.desktop.signed_in import run_signed_in
    from ui.supervisor.app import SupervisorApp

    store = Store.open(database_url, load_config())
    app = SupervisorApp(store, locale=locale, fullscreen=fullscreen)

    def show(window: Any, shown: Callable[[], None], fail: Callable[[str], None]) -> None:
        window.resize(*size)
        window.show_window()
        window.refreshed.connect(shown)  # the first figures are there

    return run_signed_in(
        app,
        username=username,
        password=password,
        screenshot=screenshot,
        exit_after=exit_after,
        on_window=show,
    )
