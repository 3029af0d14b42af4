"""`madoguchi display`: the lobby board, full screen; optionally a screenshot and quit
after a while (like `madoguchi demo`)."""

from __future__ import annotations

from pathlib import Path

import click


def run_display(
    *,
    database_url: str | None,
    counter_group: str | None,
    high_contrast: bool,
    chime: bool,
    size: tuple[int, int],
    windowed: bool,
    screenshot: Path | None,
    exit_after: float | None,
) -> int:
    from PySide6.QtCore import QTimer

    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.app import application
    from ui.display.app import LobbyDisplay

    app = application()
    store = Store.open(database_url, load_config())
    display = LobbyDisplay(
        store, counter_group=counter_group, high_contrast=high_contrast, chime=chime, upgrade=True
    )
    view = display.view
    view.resize(*size)
    if windowed:
        view.show()
    else:
        view.showFullScreen()
    if screenshot is not None:
        shot = {"done": False}

        def shoot(_board: object = None) -> None:
            if not shot["done"]:
                shot["done"] = True
                view.grab().save(str(screenshot))
                click.echo(f"saved {screenshot}", err=True)

        display.updated.connect(lambda b: QTimer.singleShot(200, shoot))
        QTimer.singleShot(8000, shoot)  # the database may be away: show the banner then
    display.start()
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), app.quit)
    try:
        app.exec()
    finally:
        display.close()
        store.close()
    return 0
