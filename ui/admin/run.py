"""`madoguchi admin`: open the store, sign in (dialog, or scripted), show the editor;
optionally open a file, render a form preview, save a screenshot and quit after a while
(like `madoguchi staff`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

#: The scripted sign-in's password, when not on stdin.
PASSWORD_ENV = "MADOGUCHI_ADMIN_PASSWORD"


def read_password(from_stdin: bool, env: dict[str, str]) -> str | None:
    """One line of stdin, or MADOGUCHI_ADMIN_PASSWORD; never the command line."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return env.get(PASSWORD_ENV)


def run_admin(
    *,
    database_url: str | None,
    username: str | None,
    password: str | None,
    locale: str,
    draft_dir: Path | None,
    catalogue_dir: Path | None,
    open_file: str | None,
    preview: str | None,
    size: tuple[int, int],
    screenshot: Path | None,
    exit_after: float | None,
) -> int:
    from PySide6.QtCore import QTimer

    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.admin.app import AdminApp
    from ui.admin.workspace import Workspace, default_draft_dir
    from ui.app import application

    app = application()
    config = load_config()
    published = catalogue_dir or (Path(config.catalogue_dir) if config.catalogue_dir else None)
    workspace = Workspace(draft_dir or default_draft_dir(), published)
    store = Store.open(database_url, config)
    admin = AdminApp(store, workspace, locale=locale)
    status = {"code": 0}

    def shoot(widget: Any) -> None:
        if screenshot is not None:
            widget.grab().save(str(screenshot))
            click.echo(f"saved {screenshot}", err=True)

    def ready(window: Any) -> None:
        window.resize(*size)
        window.show()
        desk = window.desk
        if open_file:
            if open_file not in desk.files():
                click.echo(f"{open_file}: not a file of the catalogue", err=True)
                status["code"] = 1
            window.open_file(open_file)
        waiting = {"check": True, "preview": bool(preview)}

        def maybe_shoot() -> None:
            if not any(waiting.values()):
                QTimer.singleShot(300, lambda: shoot(window))

        def checked(_result: Any) -> None:
            if not desk.current or not waiting["check"]:
                return
            waiting["check"] = False
            if preview:
                window.previews.setCurrentWidget(window.form_preview)
                window.form_preview.choose(preview)
            maybe_shoot()

        def previewed(*_args: Any) -> None:
            if waiting["preview"] and not waiting["check"]:
                waiting["preview"] = False
                maybe_shoot()

        desk.checked.connect(checked)
        desk.preview_ready.connect(previewed)
        desk.preview_failed.connect(previewed)

    def failed(text: str) -> None:
        click.echo(text, err=True)
        status["code"] = 1
        if username and password is not None:
            shoot(admin.dialog)
            app.quit()

    admin.signed_in.connect(ready)
    admin.sign_in_failed.connect(failed)
    if username and password is not None:
        admin.sign_in(username, password)
    else:
        admin.dialog.username.setText(username or "")
        admin.show_sign_in()
        QTimer.singleShot(400, lambda: shoot(admin.dialog))
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), app.quit)
    try:
        app.exec()
    finally:
        admin.close()
        store.close()
    return status["code"]
