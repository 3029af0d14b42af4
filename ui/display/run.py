"""`madoguchi display`: the lobby board, full screen; optionally a screenshot and quit
after a while (like `madoguchi demo`)."""

from __future__ import annotations

from pathlib import Path


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
    from kiosk.config import load_config
    from kiosk.store import Store
    from ui.app import application
    from ui.display.app import LobbyDisplay
    from ui.window_run import WindowRun

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
    run = WindowRun(app, screenshot=screenshot, exit_after=exit_after, what="the lobby board")
    # The board as the database gave it, or the "not connected" banner if it did not.
    display.settled.connect(lambda: run.ready(view))
    display.start()
    try:
        app.exec()
    finally:
        display.close()
        store.close()
    return run.status
