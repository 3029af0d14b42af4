"""`madoguchi staff`: open the store, sign in (dialog, or scripted), show the window;
optionally open a number, save a screenshot and quit after a while."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The scripted sign-in's password, when not on stdin (the variable's name: bandit's
#: B105 takes it for a password).
PASSWORD_ENV = "MADOGUCHI_STAFF_PASSWORD"  # nosec B105


def run_staff(
    *,
    database_url: str | None,
    username: str | None,
    password: str | None,
    counter: str,
    locale: str,
    open_number: str | None,
    size: tuple[int, int],
    screenshot: Path | None,
    exit_after: float | None,
) -> int:
    from forms.catalogue import load_catalogue
    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.desktop.signed_in import run_signed_in
    from ui.staff.app import StaffApp

    config = load_config()
    store = Store.open(database_url, config)
    # The published catalogue (madoguchi admin), else the packaged default.
    catalogue = load_catalogue(Path(config.catalogue_dir)) if config.catalogue_dir else None
    # New publications are taken up while running, when no application is open.
    live = {
        "catalogue_dir": Path(config.catalogue_dir) if config.catalogue_dir else None,
        "catalogue_check_seconds": config.catalogue_check_seconds,
    }
    staff = StaffApp(
        store, catalogue=catalogue, counter=counter, locale=locale, desk_options=live
    )

    def show(window: Any, shown: Callable[[], None], fail: Callable[[str], None]) -> None:
        window.resize(*size)
        window.show()
        desk = staff.desk
        assert desk is not None
        if open_number:

            def open_it() -> None:
                desk.queue_loaded.disconnect(open_it)
                if not window.queue.select_number(open_number):
                    fail(f"{open_number}: not in the queue")
                    shown()

            desk.queue_loaded.connect(open_it)
            desk.opened.connect(lambda _o: shown())
        else:
            desk.queue_loaded.connect(shown)

    return run_signed_in(
        staff,
        username=username,
        password=password,
        screenshot=screenshot,
        exit_after=exit_after,
        on_window=show,
    )
