"""Run blocking work (card, database, PDF) off the UI thread.

`run_in_thread(fn, *args, on_result=..., on_error=...)` runs `fn` on the global
QThreadPool and delivers its result or exception back on the main thread through a
queued signal; only the main thread ever touches widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], signals: _Signals) -> None:
        super().__init__()
        self._fn, self._args, self.signals = fn, args, signals

    def run(self) -> None:
        try:
            value = self._fn(*self._args)
        except BaseException as exc:
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(value)


_live: set[_Signals] = set()  # keep signal objects alive until delivered


def run_in_thread(
    fn: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    receiver: QObject | None = None,
) -> None:
    signals = _Signals()
    if receiver is not None:
        signals.moveToThread(receiver.thread())
    _live.add(signals)

    def done_result(value: Any) -> None:
        _live.discard(signals)
        on_result(value)

    def done_error(exc: BaseException) -> None:
        _live.discard(signals)
        on_error(exc)

    signals.result.connect(done_result)
    signals.error.connect(done_error)
    QThreadPool.globalInstance().start(_Job(fn, args, signals))


def wait_for_workers(msecs: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
