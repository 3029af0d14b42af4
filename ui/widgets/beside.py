"""Parts side by side while the width holds them all, else one above the other.

A box layout asks for the sum of its parts' least widths, and a screen's body scrolls up
and down only: a row wider than the body was cut at the body's right edge (the keypad's
確定 "Confirmar" beside "Apagar" in Portuguese at the largest text on a portrait 1024 px
display, out of reach). `BesideOrBelow` asks only for its widest part's width and puts
its parts one above the other, each centred, when its width is short of the row.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget, QWidgetItem

Part = tuple[QWidget, Qt.AlignmentFlag]


class BesideOrBelow(QWidget):
    """`parts`: each widget with its alignment in the row (e.g. OK at the bottom); the
    row is centred with stretch either side, a column centres each part."""

    def __init__(self, *parts: Part, spacing: int = 24, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self.beside: bool | None = None
        self._arrange(beside=True)

    @staticmethod
    def _least(widget: QWidget) -> QSize:
        return QWidgetItem(widget).minimumSize()  # as a layout counts it (explicit minimum)

    def row_width(self) -> int:
        """The least width of the parts side by side."""
        shown = [w for w, _ in self.parts if not w.isHidden()]
        return sum(self._least(w).width() for w in shown) + self.box.spacing() * max(
            0, len(shown) - 1
        )

    def _arrange(self, *, beside: bool) -> None:
        if beside == self.beside:
            return
        self.beside = beside
        while self.box.count():
            self.box.takeAt(0)  # the widgets stay (children of this widget)
        self.box.setDirection(
            QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        )
        if beside:
            self.box.addStretch(1)
        for widget, alignment in self.parts:
            self.box.addWidget(widget, 0, alignment if beside else Qt.AlignmentFlag.AlignHCenter)
        if beside:
            self.box.addStretch(1)
        self.updateGeometry()

    def fit(self) -> None:
        if self.width() > 0:
            self._arrange(beside=self.width() >= self.row_width())

    def minimumSizeHint(self) -> QSize:
        """As wide as the widest part (stacked, it needs no more), as tall as the parts
        need as they are placed now."""
        widest = max((self._least(w).width() for w, _ in self.parts if not w.isHidden()), default=0)
        return QSize(widest, self.box.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def event(self, event: QEvent) -> bool:
        # A part's words changed (another language): its width too, so place them again.
        if event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().event(event)


__all__ = ["BesideOrBelow"]
