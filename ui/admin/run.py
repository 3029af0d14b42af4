"""`madoguchi admin`: open the store, sign in (dialog, or scripted), show the editor;
optionally open a file, render a form preview, save a screenshot and quit after a while
(like `madoguchi staff`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The scripted sign-in's password, when not on stdin (the variable's name: bandit's
#: B105 takes it for a password).
PASSWORD_ENV = "MADOGUCHI_ADMIN_PASSWORD"  # nosec B105


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
    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.admin.app import AdminApp
    from ui.admin.workspace import Workspace, default_draft_dir
    from ui.desktop.signed_in import run_signed_in

    config = load_config()
    published = catalogue_dir or (Path(config.catalogue_dir) if config.catalogue_dir else None)
    workspace = Workspace(draft_dir or default_draft_dir(), published)
    store = Store.open(database_url, config)
    admin = AdminApp(
        store, workspace, locale=locale,
        desk_options={"needs_approval": config.publish_approval},
    )  # fmt: skip

    def show(window: Any, shown: Callable[[], None], fail: Callable[[str], None]) -> None:
        window.resize(*size)
        window.show()
        desk = window.desk
        if open_file:
            if open_file not in desk.files():
                fail(f"{open_file}: not a file of the catalogue")
            window.open_file(open_file)
        waiting = {"check": True, "preview": bool(preview)}

        def maybe_shoot() -> None:
            if not any(waiting.values()):
                shown()

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

    return run_signed_in(
        admin,
        username=username,
        password=password,
        screenshot=screenshot,
        exit_after=exit_after,
        on_window=show,
    )
