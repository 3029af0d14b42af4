"""A row of keys that wraps onto more lines when the display is too narrow for it.

Qt's box and grid layouts never wrap: a row wider than the screen is simply cut at
the right edge, where nobody can reach it. `FlowRow` places its buttons itself, as
many per line as fit, and tells its layout the height that takes (height-for-width),
so the largest text and a narrow (portrait, wheelchair) display get more lines, never
keys out of reach.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.buttons import touch_button


def least_width(widget: QWidget) -> int:
    """The least width a key takes in a row: a key whose words wrap (WrapButton) its
    longest word ("Isang linggo na ang nakalipas" on one line ran past a portrait
    display's edge at the largest text); any other its wish, never under its minimum."""
    least = widget.minimumSizeHint() if widget.hasHeightForWidth() else widget.sizeHint()
    return max(least.width(), widget.minimumWidth())


def _stretch(widget: QWidget) -> int:
    """A key's share of its line's spare width (`FlowRow.add`); 0 keeps its wish."""
    stretch = widget.property("flow_stretch")
    return 1 if stretch is None else int(stretch)


class FlowRow(QWidget):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8) -> None:
        super().__init__(parent)
        self.spacing = spacing
        self.items: list[QWidget] = []
        #: Wrapped, as many keys on each line (a keypad's digits), not as many as fit.
        self.balanced = False
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add_index(
        self,
        prefix: str,
        keys: Sequence[tuple[str, str]],
        current: str,
        pick: Callable[[str], None],
        *,
        min_width: int = 0,
    ) -> None:
        """Index keys of a long list (50-on rows, letters): one checkable key
        `<prefix>_<value>` per (value, label), the current one checked."""
        for value, label in keys:
            button = touch_button(f"{prefix}_{value}", label, role="small", checkable=True)
            button.setChecked(value == current)
            if min_width:
                button.setMinimumWidth(min_width)
            button.clicked.connect(lambda _=False, v=value: pick(v))
            self.add(button, stretch=0)

    def add(self, widget: QWidget, stretch: int = 1) -> None:
        """Add a key; `stretch` is its share of its line's spare width (0: its wish,
        while another key on the line stretches; a line where none does is justified)."""
        widget.setParent(self)
        widget.show()  # a child added to a shown parent stays hidden otherwise
        widget.setProperty("flow_stretch", stretch)
        widget.installEventFilter(self)  # a key shown or hidden later: lay out again
        self.items.append(widget)
        self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.updateGeometry()
            self.relayout()
        return False

    def clear(self) -> None:
        """Remove and delete every item (hidden and detached at once, as clear_layout)."""
        for widget in self.items:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.items = []
        self.updateGeometry()

    # -- geometry -------------------------------------------------------------------------
    def _shown(self) -> list[QWidget]:
        return [w for w in self.items if not w.isHidden()]

    @staticmethod
    def _want(widget: QWidget) -> int:
        """The width a key takes: its wish, but never under its minimum (setGeometry
        enforces that, and a line counted by wishes alone ran past the right edge) nor,
        for a key whose words wrap, its least width (a short 日本語 key's touch-target
        minimum is wider than its words: counted by the words, the line's last key ran
        9 px past the edge)."""
        return max(widget.sizeHint().width(), least_width(widget))

    def _line_height(self) -> int:
        """The height of a line of keys: the tallest key's wish (keys of one size)."""
        return max(
            (w.sizeHint().height() for w in self._shown() if not w.hasHeightForWidth()),
            default=0,
        )

    def _placed(self, width: int) -> list[tuple[QWidget, QRect]]:
        """Each shown key where it goes at `width`: a line's keys share its width by
        their wishes (the space bar is wider); a line is as tall as the tallest key,
        and a key whose words wrap (WrapButton) as tall as its words at the width it
        got (at its wish's 360 px "more languages" asked for three times its height)."""
        placed = []
        fixed = self._line_height()
        y = 0
        for line in self._lines(width):
            wishes = [self._want(w) for w in line]
            stretches = [_stretch(w) for w in line]
            if not any(stretches):
                stretches = [1] * len(line)  # none stretches: the line is justified
            spare = max(0, width - sum(wishes) - self.spacing * (len(line) - 1))
            total = sum(stretches)
            widths = [
                # a key alone on a line wider than the line wraps its words instead
                max(least_width(w), min(width, wish + spare * stretch // total))
                for w, wish, stretch in zip(line, wishes, stretches, strict=True)
            ]
            height = max(
                [fixed]
                + [
                    w.heightForWidth(ww)
                    for w, ww in zip(line, widths, strict=True)
                    if w.hasHeightForWidth()
                ]
            )
            x = 0
            for widget, w in zip(line, widths, strict=True):
                placed.append((widget, QRect(x, y, w, height)))
                x += w + self.spacing
            y += height + self.spacing
        return placed

    def _lines(self, width: int) -> list[list[QWidget]]:
        lines: list[list[QWidget]] = [[]]
        used = 0
        for widget in self._shown():
            want = self._want(widget)
            if lines[-1] and used + self.spacing + want > width:
                lines.append([])
                used = 0
            used += (self.spacing if lines[-1] else 0) + want
            lines[-1].append(widget)
        lines = [line for line in lines if line]
        if self.balanced and len(lines) > 1:
            return self._balanced(lines, width)
        return lines

    def _balanced(self, lines: list[list[QWidget]], width: int) -> list[list[QWidget]]:
        """As many keys on each line, in as few lines as hold them (14 keys in 13 + 1
        stretched the last one across the display: 7 + 7)."""
        keys = [w for line in lines for w in line]
        for count in range(len(lines), len(keys) + 1):
            per = -(-len(keys) // count)
            split = [keys[i : i + per] for i in range(0, len(keys), per)]
            wide = (sum(map(self._want, line)) + self.spacing * (len(line) - 1) for line in split)
            if all(w <= width for w in wide):
                return split
        return lines

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max((r.bottom() + 1 for _w, r in self._placed(width)), default=0)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(self._want(w) for w in shown) + self.spacing * max(0, len(shown) - 1)
        return QSize(width, self._tallest())

    def minimumSizeHint(self) -> QSize:
        widest = max((least_width(w) for w in self._shown()), default=0)
        return QSize(widest, self._tallest())

    def _tallest(self) -> int:
        return max((w.sizeHint().height() for w in self._shown()), default=0)

    def event(self, event: QEvent) -> bool:
        # A key's text changed after it was placed (a screen's words are set when it is
        # shown, and by language): its wish grew, so place the keys again, or the key
        # keeps the old width and its words run past its edges.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self.relayout()
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.relayout()

    def relayout(self) -> None:
        width = self.width()
        for widget, rect in self._placed(width):
            widget.setGeometry(rect)
        if self.minimumHeight() != self.heightForWidth(width):
            self.setMinimumHeight(self.heightForWidth(width))


__all__ = ["FlowRow", "least_width"]
