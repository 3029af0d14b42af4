"""Small layout helpers shared by screens."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in `layout`.

    Hide and detach at once: deleteLater() alone leaves the old widgets visible (and
    tappable) until the event loop runs.
    """
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


class CurrentPageStack(QWidget):
    """Pages of which one shows, sized by the page that shows.

    Unlike QStackedWidget (which asks for the size of its largest page, and whose
    layout answers height-for-width with the tallest page), hidden pages here take
    no room, so one tall input or a long list never makes the other questions scroll
    on a 1280×1024 kiosk. Long lists scroll inside their own page.
    """

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current = -1

    def addWidget(self, page: QWidget) -> int:
        self._pages.append(page)
        self._layout.addWidget(page)
        page.setVisible(len(self._pages) == 1)
        if self._current < 0:
            self._current = 0
        return len(self._pages) - 1

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentIndex(self) -> int:
        return self._current

    def currentWidget(self) -> QWidget | None:
        return self._pages[self._current] if self._current >= 0 else None

    def setCurrentWidget(self, page: QWidget) -> None:
        self.setCurrentIndex(self._pages.index(page))

    def setCurrentIndex(self, index: int) -> None:
        if index == self._current:
            return
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)
        self._current = index
        self.currentChanged.emit(index)
