"""`CatalogueSwitch`: a running kiosk or staff desk takes up a new publication of the
catalogue, at a point its owner says is safe.

    switch = CatalogueSwitch(LiveCatalogue(root, catalogue), seconds=30,
                             is_safe=lambda: at_first_screen, apply=use, parent=owner)
    switch.start()        # check every `seconds` (0: only when asked)
    switch.check_now()    # a check in a worker; a valid new version waits in `pending`
    switch.safe_point()   # the owner reached a safe point: switch if one is pending

The check (reading and validating the files) runs in a worker, never on the screen's
thread; the switch itself happens on the main thread, only when `is_safe()` holds at
a safe point (the kiosk: between residents, never in a session), and is logged by
`kiosk.live_catalogue`. A broken publication is never pending.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.live_catalogue import LiveCatalogue
from ui.threads import run_in_thread

log = logging.getLogger(__name__)


class CatalogueSwitch(QObject):
    #: A valid new version was found (its version label); it waits for a safe point.
    found = Signal(str)
    #: The terminal now uses a new catalogue (the Catalogue).
    switched = Signal(object)
    #: A check finished (tests wait for it instead of sleeping).
    checked = Signal()

    def __init__(
        self,
        watch: LiveCatalogue,
        *,
        seconds: float,
        is_safe: Callable[[], bool],
        apply: Callable[[Any], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.watch = watch
        self.is_safe = is_safe
        self.apply = apply
        #: A checked new version waiting for a safe point.
        self.pending: Any = None
        self._checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(seconds * 1000)))
        self._timer.timeout.connect(self.check_now)
        self._seconds = seconds

    def start(self) -> None:
        if self._seconds > 0 and self.watch.root is not None:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check_now(self) -> None:
        if self._checking:
            return
        self._checking = True

        def done(catalogue: Any) -> None:
            self._checking = False
            if catalogue is not None and catalogue.version != self.watch.current.version:
                self.pending = catalogue
                self.found.emit(catalogue.version)
                self.safe_point()
            self.checked.emit()

        def failed(exc: BaseException) -> None:  # a bug: say so, keep the catalogue
            self._checking = False
            log.error("checking for a new catalogue failed", exc_info=exc)
            self.checked.emit()

        run_in_thread(self.watch.check, on_result=done, on_error=failed, receiver=self)

    def safe_point(self) -> None:
        """Switch now if a new version waits and the owner says it is safe."""
        catalogue = self.pending
        if catalogue is None or not self.is_safe():
            return
        self.pending = None
        self.watch.switched(catalogue)
        self.apply(catalogue)
        self.switched.emit(catalogue)
