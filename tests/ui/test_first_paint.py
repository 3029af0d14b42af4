"""`after_first_paint` calls back once the widget has painted, and never after the widget
is gone: a kiosk window closed right after its first paint was called back into deleted
widgets (the lazy screens' build_rest: "Internal C++ object already deleted")."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRect
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.window_run import after_first_paint


def test_called_after_the_first_paint(qtbot) -> None:
    called: list[int] = []
    widget = QWidget()
    qtbot.addWidget(widget)
    after_first_paint(widget, lambda: called.append(1))
    widget.show()
    qtbot.waitUntil(lambda: called == [1])


def test_not_called_once_the_widget_is_gone(qapp) -> None:
    called: list[int] = []
    widget = QWidget()
    after_first_paint(widget, lambda: called.append(1))
    # A paint event handled now: the call-back is queued for the next turn...
    QApplication.sendEvent(widget, QPaintEvent(QRect(0, 0, 10, 10)))
    shiboken6.delete(widget)  # ...and the window is gone before it
    qapp.processEvents()
    qapp.processEvents()
    assert called == []
