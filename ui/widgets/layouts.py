"""Small layout helpers shared by screens."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLayout, QStackedWidget, QWidget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in `layout`.

    Hide and detach at once: deleteLater() alone leaves the old widgets visible (and
    tappable) until the event loop runs.
    """
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # type: ignore[call-overload]
            widget.deleteLater()


class CurrentPageStack(QStackedWidget):
    """A stacked widget as large as its current page only.

    QStackedWidget asks for the size of its largest page, so one tall input (the date
    keypad) would make every question scroll on a 1280×1024 kiosk.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
