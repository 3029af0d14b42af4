"""Workers leave nothing behind: after delivery, no result, argument or callback of a
job is still alive (a kiosk that served many residents must hold none of them)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent

from ui.threads import run_in_thread


class Resident:
    """Stands for a resident's data (a name, an application) handed to a worker."""


def alive() -> int:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    return sum(isinstance(o, Resident) for o in gc.get_objects())


def test_nothing_of_a_job_survives_its_delivery(qtbot) -> None:
    assert alive() == 0
    delivered: list[int] = []
    for n in range(12):
        given = Resident()
        state = {"resident": Resident()}  # what a callback closes over

        def work(resident: Resident) -> Resident:
            return Resident() if resident else resident

        def took(result: Resident, state: dict = state, n: int = n) -> None:
            delivered.append(n)
            assert isinstance(result, Resident) and state["resident"]

        run_in_thread(work, given, on_result=took, on_error=lambda e: None)
        del given, state, took
    qtbot.waitUntil(lambda: len(delivered) == 12)
    assert alive() == 0


def test_a_failed_job_leaves_nothing_either(qtbot) -> None:
    errors: list[str] = []

    def fail(resident: Resident) -> None:
        raise ValueError("no")

    held = {"resident": Resident()}
    run_in_thread(
        fail,
        Resident(),
        on_result=lambda _v: None,
        on_error=lambda exc, h=held: errors.append(str(exc)) or h.clear(),
    )
    del held
    qtbot.waitUntil(lambda: errors == ["no"])
    assert alive() == 0


def test_a_job_ending_after_its_signals_are_gone_says_nothing(qtbot, capfd) -> None:
    """At exit, interpreter finalisation deletes the signal objects while a job may
    still run (`madoguchi demo` once printed "Signal source has been deleted"): the
    job's late result goes nowhere, quietly."""
    import threading

    import shiboken6
    from PySide6.QtCore import QThreadPool

    from ui import threads

    release = threading.Event()
    before = set(threads._live)
    run_in_thread(release.wait, 30, on_result=lambda _v: None, on_error=lambda _e: None)
    (signals,) = set(threads._live) - before
    shiboken6.delete(signals)  # what finalisation does to the C++ object
    release.set()
    assert QThreadPool.globalInstance().waitForDone(30000)
    threads._live.discard(signals)
    assert "Signal source has been deleted" not in capfd.readouterr().err
