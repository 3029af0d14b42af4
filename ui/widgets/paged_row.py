"""A row of keys that pages rather than wraps: one line of a fixed height, and ◀ ▶
for the keys that do not fit (`<name>_prev`, `<name>_next`).

Where a wrapping row (FlowRow) would push what comes under it below the fold, as the
name keyboard's kanji candidates pushed its 消す and 決定 at the largest text, this one
keeps its height whatever it holds: nothing under it moves when keys come or go.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from ui.widgets.buttons import touch_button
from ui.widgets.flow_row import FlowRow


class PagedRow(FlowRow):
    def __init__(self, name: str, parent: QWidget | None = None, *, spacing: int = 8) -> None:
        super().__init__(parent, spacing=spacing)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.page = 0
        self._out: set[QWidget] = set()  # hidden by paging, not by their owner
        self._placing = False
        self.prev = self._turn_key(f"{name}_prev", "◀", -1)
        self.next = self._turn_key(f"{name}_next", "▶", 1)

    def _turn_key(self, name: str, arrow: str, step: int) -> QPushButton:
        key = touch_button(name, arrow, role="kbd", parent=self)
        key.clicked.connect(lambda: self.turn(step))
        key.hide()
        return key

    def retranslate(self, earlier: str, more: str) -> None:
        self.prev.setAccessibleName(earlier)
        self.next.setAccessibleName(more)

    def turn(self, step: int) -> None:
        self.page += step
        self.relayout()

    def clear(self) -> None:
        super().clear()
        self._out.clear()
        self.page = 0

    def page_of(self, widget: QWidget) -> int | None:
        """The page `widget` is on (None: not one of this row's keys)."""
        for i, line in enumerate(self._pages(self.width())):
            if widget in line:
                return i
        return None

    # -- geometry -------------------------------------------------------------------------
    def _shown(self) -> list[QWidget]:
        return [w for w in self.items if not w.isHidden() or w in self._out]

    def _pages(self, width: int) -> list[list[QWidget]]:
        lines = self._lines(width)
        if len(lines) <= 1:
            return lines
        keys = self._want(self.prev) + self._want(self.next) + 2 * self.spacing
        return self._lines(max(1, width - keys))

    def hasHeightForWidth(self) -> bool:
        return False

    def heightForWidth(self, width: int) -> int:
        return self._height()

    def _height(self) -> int:
        """One key high, also while empty (the turn keys are keys like the others)."""
        return max(self._line_height(), self.prev.sizeHint().height())

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def minimumSizeHint(self) -> QSize:
        widest = max((self._want(w) for w in self._shown()), default=0)
        keys = self._want(self.prev) + self._want(self.next) + 2 * self.spacing
        return QSize(widest + keys, self._height())

    def relayout(self) -> None:
        if self._placing:  # hiding a key below asks for a layout again
            return
        self._placing = True
        try:
            width, height = self.width(), self._height()
            pages = self._pages(width)
            self.page = max(0, min(self.page, len(pages) - 1))
            current = pages[self.page] if pages else []
            x = 0
            for widget in current:
                widget.setGeometry(QRect(x, 0, self._want(widget), height))
                x += self._want(widget) + self.spacing
            for widget in self._shown():
                if widget in current:
                    self._out.discard(widget)
                    widget.show()
                else:
                    self._out.add(widget)
                    widget.hide()
            turns = len(pages) > 1
            right = width
            for key in (self.next, self.prev):
                right -= self._want(key)
                key.setGeometry(QRect(right, 0, self._want(key), height))
                right -= self.spacing
                key.setVisible(turns)
            self.prev.setEnabled(self.page > 0)
            self.next.setEnabled(self.page < len(pages) - 1)
            if self.minimumHeight() != height:
                self.setMinimumHeight(height)
                self.setMaximumHeight(height)
        finally:
            self._placing = False


__all__ = ["PagedRow"]
