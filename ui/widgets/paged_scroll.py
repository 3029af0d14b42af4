"""A list a finger can move: kinetic (swipe) scrolling and large page up/down buttons.

A thin scroll bar is no use to a resident with a tremor or from a wheelchair: every
scrolling list of the kiosk goes through `paged()`, which lets the finger drag the
list (QScroller, touch and mouse) and puts ▲ / ▼ page buttons of at least 15 mm
beside it, shown only while there is more to see. Three rows of a list at least stay
in sight at every text size (`keep_rows_in_sight`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from i18n.ruby import plain
from ui.widgets.buttons import set_button_text, touch_button
from ui.widgets.flow_row import least_width

#: Touch targets at least this big, either way (JIS X 8341 / ISO 9241 guidance).
MIN_TARGET_MM = 15
#: A page moves this much of what shows, so the resident keeps a line to follow.
PAGE_FRACTION = 0.8


class PagedScroll(QWidget):
    """`area` with ▲ / ▼ beside it (`page_up`, `page_down`)."""

    def __init__(self, area: QAbstractScrollArea, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paged_scroll")
        self.area = area
        # Lists move up and down only: what is wider than the display must reflow
        # (a sideways scroll bar is one more thing out of reach).
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if isinstance(area, QScrollArea):
            # Tab walks the controls inside; the area scrolls to the focused one itself.
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(area, 1)
        column = QVBoxLayout()
        column.setSpacing(16)
        self.up = touch_button("page_up", "▲", role="page")
        self.down = touch_button("page_down", "▼", role="page")
        for button in (self.up, self.down):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab walks the list itself
            side = round(MIN_TARGET_MM / 25.4 * (self.logicalDpiX() or 96)) + 8
            button.setMinimumSize(side, side)
        self.up.clicked.connect(lambda: self.page(-1))
        self.down.clicked.connect(lambda: self.page(1))
        column.addWidget(self.up)
        column.addStretch(1)
        column.addWidget(self.down)
        self.buttons = QWidget()
        self.buttons.setLayout(column)
        # Hidden buttons keep their room: the list must not reflow (and its length
        # change, and the buttons come back) each time they show or hide.
        policy = self.buttons.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.buttons.setSizePolicy(policy)
        row.addWidget(self.buttons)
        self.retranslate("▲", "▼")
        bar = area.verticalScrollBar()
        bar.rangeChanged.connect(lambda _lo, _hi: self._update())
        bar.valueChanged.connect(lambda _v: self._update())
        enable_kinetic_scrolling(area)
        self._update()

    def retranslate(self, up: str, down: str) -> None:
        """Accessible names in the resident's language (the arrows stay arrows)."""
        for button, name, arrow in ((self.up, up, "▲"), (self.down, down, "▼")):
            set_button_text(button, arrow)
            button.setAccessibleName(plain(name))

    def page(self, direction: int) -> None:
        bar = self.area.verticalScrollBar()
        step = max(1, int(self.area.viewport().height() * PAGE_FRACTION))
        bar.setValue(bar.value() + direction * step)

    def _update(self) -> None:
        bar = self.area.verticalScrollBar()
        scrolls = bar.maximum() > bar.minimum()
        self.buttons.setVisible(scrolls)
        self.up.setEnabled(bar.value() > bar.minimum())
        self.down.setEnabled(bar.value() < bar.maximum())


def enable_kinetic_scrolling(area: QAbstractScrollArea) -> None:
    """Drag the list with a finger (touch) or the mouse, and it glides on a little."""
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    # No overshoot past the ends: a list that bounces looks broken to many residents.
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    scroller.setScrollerProperties(props)


def paged(area: QAbstractScrollArea) -> PagedScroll:
    return PagedScroll(area)


#: Rows of a list always in sight, at every text size: with fewer (one, one and a half at
#: the largest text) a list reads as a single answer and the resident does not see
#: that there are more; the screen scrolls to what is below the list instead.
ROWS_IN_SIGHT = 3


class RowsInSight(QObject):
    """Keeps the first `rows` rows of a scroll area's grid (or column) inside it: the
    area's least height follows its rows' heights as their texts and the size change."""

    def __init__(
        self, area: QScrollArea, rows: int = ROWS_IN_SIGHT, layout: QLayout | None = None
    ) -> None:
        super().__init__(area)
        self.area, self.rows = area, rows
        holder = area.widget()
        assert holder is not None
        self.rows_layout = layout or holder.layout()  # the holder's own, or a grid in it
        holder.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self.fit()
        return False

    def fit(self) -> None:
        layout = self.rows_layout
        if layout is None:
            return
        heights: dict[int, int] = {}
        for index in range(layout.count()):
            item = layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is None or widget.isHidden():
                continue
            row = index
            if isinstance(layout, QGridLayout):
                row = int(layout.getItemPosition(index)[0])  # type: ignore[index]
            # Not yet laid out (no width): as wide as it asks, not one pixel (a
            # wrapping button one pixel wide is one character a line, very tall).
            width = widget.width() if widget.width() > 48 else widget.sizeHint().width()
            need = widget.heightForWidth(width) if widget.hasHeightForWidth() else -1
            need = max(need, widget.sizeHint().height(), widget.minimumHeight())
            heights[row] = max(heights.get(row, 0), need)
        first = [heights[r] for r in sorted(heights)[: self.rows]]
        if not first:
            return
        margins = margins_around(self.area, layout)
        frame = self.area.frameWidth() * 2
        need = (sum(first) + layout.spacing() * (len(first) - 1) + margins.top()
                + margins.bottom() + frame)  # fmt: skip
        if need != self.area.minimumHeight():
            self.area.setMinimumHeight(need)


class FittedColumns(QObject):
    """A scrolling grid's buttons in as many columns as its area's width holds, up to
    `most`: six prefectures a row at the largest text ran past a portrait display's
    edge (the list moves up and down only, never sideways); two choices a row, a word
    wider than its button ("Kalusugan", Filipino at the largest text). Buttons whose
    words wrap count their longest word (`least_width`)."""

    def __init__(self, area: QScrollArea, grid: QGridLayout, most: int) -> None:
        super().__init__(area)
        self.area, self.grid, self.most = area, grid, most
        area.viewport().installEventFilter(self)

    def set_most(self, most: int) -> None:
        self.most = most
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        grid = self.grid
        items = (grid.itemAt(i) for i in range(grid.count()))
        widgets = [w for item in items if item is not None and (w := item.widget()) is not None]
        if not widgets:
            return
        spacing = grid.spacing()
        margins = margins_around(self.area, grid)
        room = self.area.viewport().width() - margins.left() - margins.right()
        widest = max(least_width(w) for w in widgets)
        columns = max(1, min(self.most, (room + spacing) // (widest + spacing)))
        placed = [grid.getItemPosition(grid.indexOf(w))[:2] for w in widgets]  # type: ignore[index]
        if placed == [(i // columns, i % columns) for i in range(len(widgets))]:
            return
        for widget in widgets:
            grid.removeWidget(widget)
        for i, widget in enumerate(widgets):
            grid.addWidget(widget, i // columns, i % columns)


def margins_around(area: QScrollArea, layout: QLayout) -> QMargins:
    """The margins between a scroll area's holder and `layout`'s buttons: the layout's
    own, and the holder's column's where the layout sits in one (`scrolling_grid(top=)`)."""
    margins = layout.contentsMargins()
    holder = area.widget()
    column = holder.layout() if holder is not None else None
    if column is not None and column is not layout:
        margins += column.contentsMargins()
    return margins


def keep_rows_in_sight(
    area: QScrollArea, rows: int = ROWS_IN_SIGHT, layout: QLayout | None = None
) -> None:
    RowsInSight(area, rows, layout)


class WhollyInSight(QObject):
    """The scroll area `widget` sits in scrolls, each time the widget is laid out or
    asked to (`now`), so that all of it is in sight where all of it fits the area: a
    keyboard with its OK under a question's help. Scrolled, the widget starts at the
    top and fills the area (what is above it, ▲, is never cut through a line)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self._waits = 0
        self._later = QTimer(self)  # dies with the widget, unlike a bare singleShot
        self._later.setSingleShot(True)
        self._later.timeout.connect(self.scroll)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            self._later.start(0)  # once the layout has settled
        return False

    def now(self) -> None:
        """Anew (another question): as laid out, without the room taken last time."""
        self.widget.setMinimumHeight(0)  # 0: its layout's minimum again
        self._later.start(0)

    def scroll(self) -> None:
        widget, area = self.widget, self.widget.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        content = area.widget() if area is not None else None
        if area is None or content is None or not widget.isVisible():
            return
        room, bar = area.viewport().height(), area.verticalScrollBar()
        top = widget.mapTo(content, QPoint(0, 0)).y()
        in_sight = bar.value() <= top and top + widget.height() <= bar.value() + room
        if in_sight or widget.height() > room:
            return
        if widget.height() < room:
            widget.setMinimumHeight(room)  # laid out again, then scrolled (Resize)
            return
        if bar.maximum() < top and self._waits < 5:
            self._waits += 1  # the area's range follows the content's new height
            self._later.start(0)
            return
        self._waits = 0
        bar.setValue(top)


def keep_wholly_in_sight(widget: QWidget) -> WhollyInSight:
    return WhollyInSight(widget)


def pager_of(area: QAbstractScrollArea) -> PagedScroll | None:
    parent = area.parentWidget()
    return parent if isinstance(parent, PagedScroll) else None


def scrolling_grid(spacing: int = 16, *, top: bool = False) -> tuple[QScrollArea, QGridLayout]:
    """A scroll area holding a grid of buttons (towns, banks), its height given by the
    screen rather than by its contents: wrap the area in `paged()`. `top`: the rows at
    the top, each as tall as its buttons need at the width they get, the room left
    below them (a grid aligned to the top itself measured its rows at its wish's width:
    choice buttons shorter than their wrapped words)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
    holder = QWidget()
    grid = QGridLayout()
    grid.setSpacing(spacing)
    if top:
        column = QVBoxLayout(holder)
        column.addLayout(grid)
        column.addStretch(1)
    else:
        holder.setLayout(grid)
    area.setWidget(holder)
    keep_rows_in_sight(area, layout=grid)
    return area, grid


def paged_grid(spacing: int, *, top: bool = False) -> tuple[PagedScroll, QScrollArea, QGridLayout]:
    """A list of buttons in a grid that takes the room left and scrolls itself: never
    asking for its full height (the whole screen would scroll instead of the list)."""
    area, grid = scrolling_grid(spacing, top=top)
    return paged(area), area, grid


__all__ = [
    "MIN_TARGET_MM",
    "FittedColumns",
    "PagedScroll",
    "enable_kinetic_scrolling",
    "keep_rows_in_sight",
    "keep_wholly_in_sight",
    "paged",
    "paged_grid",
    "pager_of",
    "scrolling_grid",
]
