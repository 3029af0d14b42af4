"""Run blocking work (card, database, PDF) off the UI thread.

`run_in_thread(fn, *args, on_result=..., on_error=...)` runs `fn` on the global
QThreadPool and delivers its result or exception back on the main thread through a
queued signal; only the main thread ever touches widgets.

Nothing of a job outlives its delivery: the function, its arguments, the result and the
callbacks (which close over a resident's data) are dropped once delivered, and the
signal object is deleted, so a kiosk that served many residents holds none of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object)


def _job(fn: Callable[..., Any], args: tuple[Any, ...], signals: _Signals) -> Callable[[], None]:
    """The work as a plain callable for QThreadPool.start(): a QRunnable subclass's
    Python wrapper stayed alive after the pool deleted the runnable (two per resident,
    each holding its signal object), a callable leaves nothing behind. The cell is
    emptied as the work starts, so nothing of the job outlives its run either way."""
    cell: list[Any] = [fn, args, signals]

    def run() -> None:
        work, work_args, sink = cell
        cell.clear()
        try:
            value = work(*work_args)
        except BaseException as exc:
            _deliver(sink.error, exc)
        else:
            _deliver(sink.result, value)
        del work, work_args, sink

    return run


def _deliver(signal: Any, value: Any) -> None:
    # RuntimeError: the signal object is gone, the process is shutting down
    # (interpreter finalisation deletes it) and nobody waits for this result any more.
    with contextlib.suppress(RuntimeError):
        signal.emit(value)


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

    def finished() -> None:
        # The connections hold the callbacks (and what they close over): cut them.
        signals.result.disconnect()
        signals.error.disconnect()
        _live.discard(signals)
        signals.deleteLater()

    def done_result(value: Any) -> None:
        try:
            on_result(value)
        finally:
            finished()

    def done_error(exc: BaseException) -> None:
        try:
            on_error(exc)
        finally:
            finished()

    signals.result.connect(done_result)
    signals.error.connect(done_error)
    QThreadPool.globalInstance().start(_job(fn, args, signals))


def undelivered() -> int:
    """Jobs started whose result or error has not been delivered yet."""
    return len(_live)


def wait_for_workers(msecs: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
