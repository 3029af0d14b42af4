"""`madoguchi staff`: open the store, sign in (dialog, or scripted), show the window;
optionally save a screenshot and quit after a while (like `madoguchi demo`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click


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
    from PySide6.QtCore import QTimer

    from forms.catalogue import load_catalogue
    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.app import application
    from ui.staff.app import StaffApp

    app = application()
    config = load_config()
    store = Store.open(database_url, config)
    # The published catalogue (madoguchi admin), else the packaged default.
    catalogue = load_catalogue(Path(config.catalogue_dir)) if config.catalogue_dir else None
    staff = StaffApp(store, catalogue=catalogue, counter=counter, locale=locale)
    status = {"code": 0}

    def shoot(widget: Any) -> None:
        if screenshot is not None:
            widget.grab().save(str(screenshot))
            click.echo(f"saved {screenshot}", err=True)

    def ready(window: Any) -> None:
        window.resize(*size)
        window.show()
        desk = staff.desk
        assert desk is not None
        if open_number:

            def open_it() -> None:
                desk.queue_loaded.disconnect(open_it)
                if not window.queue.select_number(open_number):
                    click.echo(f"{open_number}: not in the queue", err=True)
                    status["code"] = 1
                    QTimer.singleShot(300, lambda: shoot(window))

            desk.queue_loaded.connect(open_it)
            desk.opened.connect(lambda _o: QTimer.singleShot(500, lambda: shoot(window)))
        else:
            desk.queue_loaded.connect(lambda: QTimer.singleShot(300, lambda: shoot(window)))

    def failed(text: str) -> None:
        click.echo(text, err=True)
        status["code"] = 1
        if username and password is not None:
            shoot(staff.dialog)
            app.quit()

    staff.signed_in.connect(ready)
    staff.sign_in_failed.connect(failed)
    if username and password is not None:
        staff.sign_in(username, password)
    else:
        staff.dialog.username.setText(username or "")
        staff.show_sign_in()
        QTimer.singleShot(400, lambda: shoot(staff.dialog))
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), app.quit)
    try:
        app.exec()
    finally:
        staff.close()
        store.close()
    return status["code"]


def read_password(from_stdin: bool, env: dict[str, str]) -> str | None:
    """The scripted sign-in's password: one line of stdin, or MADOGUCHI_STAFF_PASSWORD."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return env.get("MADOGUCHI_STAFF_PASSWORD")
