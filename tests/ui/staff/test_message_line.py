"""The message line: a long red refusal is shown whole (not cut top and bottom), and
messages coming, changing and going never move the window's contents (the queue and the
buttons stay under the pointer)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from tests.fixtures.qt import settle
from tests.support.read_only import read_only
from tests.ui.staff.conftest import shoot
from tests.ui.staff.seed import family, submit


def _top_of_tabs(window) -> int:  # type: ignore[no-untyped-def]
    return window.tabs.mapTo(window, window.tabs.rect().topLeft()).y()


def _shown_whole(label) -> bool:  # type: ignore[no-untyped-def]
    room = label.contentsRect()
    needed = label.fontMetrics().boundingRect(
        QRect(0, 0, room.width(), 10_000), int(Qt.TextFlag.TextWordWrap), label.text()
    )
    return room.height() >= needed.height()


def test_messages_are_whole_and_never_move_the_window(
    qtbot, desktop, store, catalogue, artifact_dir
) -> None:
    sub = submit(store, catalogue=catalogue, data=family("山田 太郎"), render=False)
    window = desktop.sign_in()
    window.resize(1000, 900)  # a narrow desk (as narrow as its layout allows)
    settle()
    top, room = _top_of_tabs(window), window.message_box.height()
    desktop.take_into_review(sub.reception_number)  # info messages meanwhile
    assert _top_of_tabs(window) == top
    first = desktop.desk.current.detail.summary.procedures[0]
    with read_only(store):  # a refused tick: the longest message the desk says
        desktop.tick(first.procedure_id)
        qtbot.waitUntil(lambda: window.message.property("severity") == "error")
        qtbot.waitUntil(lambda: _shown_whole(window.message))
        assert window.message_box.height() == room  # the banner comes; the line stays
        shoot(qtbot, window, artifact_dir / "refusal_whole.png")
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=15000)
    desktop.wait_idle()
    desktop.tick(first.procedure_id)
    qtbot.waitUntil(lambda: desktop.desk.current.detail.summary.procedures[0].state == "done")
    desktop.wait_idle()
    assert _top_of_tabs(window) == top
