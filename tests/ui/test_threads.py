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


def test_no_job_object_outlives_its_run(qtbot) -> None:
    """The pool's runnable and the job's signal object are gone too, not only what
    they held: a kiosk that ran thousands of jobs keeps none of their wrappers."""
    from ui import threads

    def jobs_alive() -> int:
        threads.wait_for_workers()
        for _ in range(3):
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        kinds = tuple(v for v in vars(threads).values() if isinstance(v, type))
        return sum(type(o) in kinds for o in gc.get_objects())

    before = jobs_alive()
    delivered: list[int] = []
    for n in range(20):
        run_in_thread(lambda n=n: n, on_result=delivered.append, on_error=lambda e: None)
    qtbot.waitUntil(lambda: len(delivered) == 20)
    assert jobs_alive() == before
