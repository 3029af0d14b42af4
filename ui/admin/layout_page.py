"""`PageView`: one page of a form in millimetres, with its field boxes to select, drag
and resize (scene units are mm: the page is 210 x 297). Where a drag ends and how it
snaps is `forms.layout.dragged`; the view reports the result (`box_changed`) and the
layout editor writes it into the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
)

from forms.layout import GRIDS, MOVE, LayoutBox, PathT, dragged
from forms.schema import PAGE_HEIGHT_MM, PAGE_WIDTH_MM, Box
from forms.yamlsource import format_path

#: Space around the page, so a box off the page can still be seen and grabbed (mm).
MARGIN_MM = 12.0
#: How near an edge (pixels on screen) grabs it for a resize.
EDGE_PX = 5
BOX_PEN = QColor("#1F5FBF")
SELECTED_PEN = QColor("#D9480F")
PROBLEM = QColor("#C8102E")


class BoxItem(QGraphicsRectItem):
    """One field's box on the page (scene units: mm)."""

    def __init__(self, box: LayoutBox) -> None:
        super().__init__(QRectF(*box.box))
        self.layout_box = box
        self.selected = False
        self.problems: list[str] = []
        self.setZValue(10)
        self.restyle()

    def restyle(self) -> None:
        color = PROBLEM if self.problems else (SELECTED_PEN if self.selected else BOX_PEN)
        pen = QPen(color, 2.5 if self.selected or self.problems else 1.2)
        pen.setCosmetic(True)  # the same width on screen at any zoom
        self.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(70 if self.problems else (55 if self.selected else 22))
        self.setBrush(QBrush(fill))
        tip = self.layout_box.title + f"  ({format_path(self.layout_box.path)})"
        self.setToolTip("\n".join([tip, *self.problems]))

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: Any = None
    ) -> None:
        super().paint(painter, option, widget)
        if not self.selected:
            return
        # corner handles, a few pixels whatever the zoom
        side = 6 / max(painter.worldTransform().m11(), 0.01)
        rect = self.rect()
        painter.setBrush(QBrush(SELECTED_PEN))
        for corner in (rect.topLeft(), rect.topRight(), rect.bottomLeft(), rect.bottomRight()):
            painter.drawRect(QRectF(corner.x() - side / 2, corner.y() - side / 2, side, side))


@dataclass
class _Drag:
    item: BoxItem
    edges: frozenset[str]
    start: QPointF
    box: Box
    now: Box


class PageView(QGraphicsView):
    """The page with its boxes: press a box to select it, drag to move it, drag an edge
    or a corner to resize it; arrow keys move the selected box one grid step, Delete
    removes it."""

    #: (path, box in mm) when a drag or a key moved or resized a box.
    box_changed = Signal(object, object)
    #: The selected box's path, or None.
    selection_changed = Signal(object)
    delete_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("layout_page")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.grid = GRIDS[0]
        scene = QGraphicsScene(self)
        scene.setSceneRect(QRectF(-MARGIN_MM, -MARGIN_MM, PAGE_WIDTH_MM + 2 * MARGIN_MM,
                                  PAGE_HEIGHT_MM + 2 * MARGIN_MM))  # fmt: skip
        self.setScene(scene)
        self.sheet = scene.addRect(QRectF(0, 0, PAGE_WIDTH_MM, PAGE_HEIGHT_MM),
                                   QPen(QColor("#9AA5B1")), QBrush(Qt.GlobalColor.white))  # fmt: skip
        self.image = QGraphicsPixmapItem()
        self.image.setZValue(1)
        self.image.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        scene.addItem(self.image)
        self.items_by_path: dict[PathT, BoxItem] = {}
        self.marks: list[QGraphicsRectItem] = []
        self.selected: PathT | None = None
        self._drag: _Drag | None = None

    # -- what is shown -------------------------------------------------------------------

    def show_image(self, pixmap: QPixmap | None) -> None:
        if pixmap is None or pixmap.isNull():
            self.image.setPixmap(QPixmap())
            return
        self.image.setPixmap(pixmap)
        self.image.setScale(PAGE_WIDTH_MM / pixmap.width())

    def show_boxes(self, shown: list[LayoutBox]) -> None:
        """Replace the box items (not during a drag: the text is read back after it)."""
        for item in self.items_by_path.values():
            self.scene().removeItem(item)
        self.items_by_path = {b.path: BoxItem(b) for b in shown}
        for item in self.items_by_path.values():
            item.selected = item.layout_box.path == self.selected
            item.restyle()
            self.scene().addItem(item)
        if self.selected not in self.items_by_path:
            self.select(None)

    def mark_problems(self, problems: dict[PathT, list[str]], overlaps: list[Box]) -> None:
        """Problems on their boxes (red, the message as tooltip), overlaps hatched."""
        for item in self.items_by_path.values():
            item.problems = problems.get(item.layout_box.path, [])
            item.restyle()
        for mark in self.marks:
            self.scene().removeItem(mark)
        self.marks = []
        pen = QPen(PROBLEM, 1)
        pen.setCosmetic(True)
        for area in overlaps:
            mark = self.scene().addRect(QRectF(*area), pen,
                                        QBrush(PROBLEM, Qt.BrushStyle.BDiagPattern))  # fmt: skip
            mark.setZValue(20)
            mark.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.marks.append(mark)

    def select(self, path: PathT | None, reveal: bool = False) -> None:
        """Select a box (None: none); `reveal` scrolls to it (never under the pointer)."""
        if reveal and path in self.items_by_path:
            self.ensureVisible(self.items_by_path[path], 20, 20)
        if path == self.selected:
            return
        self.selected = path
        for item in self.items_by_path.values():
            item.selected = item.layout_box.path == path
            item.restyle()
        self.selection_changed.emit(path)

    def view_point(self, x_mm: float, y_mm: float) -> QPoint:
        """Where a page point is on the viewport (tests press the mouse there)."""
        return self.mapFromScene(QPointF(x_mm, y_mm))

    # -- zoom: the page's width fills the view -------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = max(self.viewport().width(), 100)
        scale = width / (PAGE_WIDTH_MM + 2 * MARGIN_MM)
        self.setTransform(QTransform.fromScale(scale, scale))
        if not self._placed:  # the page's top first, not its middle
            self._placed = True
            self.to_top()

    _placed = False

    def to_top(self) -> None:
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """A faint 10 mm grid over the page, to place boxes by eye."""
        pen = QPen(QColor(31, 95, 191, 28), 0)
        painter.setPen(pen)
        for x in range(10, int(PAGE_WIDTH_MM), 10):
            painter.drawLine(QPointF(x, 0), QPointF(x, PAGE_HEIGHT_MM))
        for y in range(10, int(PAGE_HEIGHT_MM), 10):
            painter.drawLine(QPointF(0, y), QPointF(PAGE_WIDTH_MM, y))

    # -- the pointer -------------------------------------------------------------------------

    def _grab(self, point: QPointF) -> tuple[BoxItem, frozenset[str]] | None:
        """The box under the pointer and which of its edges it grabs (MOVE: none, the
        inside). The selected box first, then the smallest, so a small box inside a
        large one can be taken."""
        tol = EDGE_PX / max(self.transform().m11(), 0.01)
        candidates = sorted(
            self.items_by_path.values(),
            key=lambda i: (not i.selected, i.rect().width() * i.rect().height()),
        )
        for item in candidates:
            rect = item.rect()
            if not rect.adjusted(-tol, -tol, tol, tol).contains(point):
                continue
            edges = {
                name
                for name, near in (
                    ("left", abs(point.x() - rect.left()) <= tol),
                    ("right", abs(point.x() - rect.right()) <= tol),
                    ("top", abs(point.y() - rect.top()) <= tol),
                    ("bottom", abs(point.y() - rect.bottom()) <= tol),
                )
                if near
            }
            if edges:
                return item, frozenset(edges)
            if rect.contains(point):
                return item, MOVE
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus()
        point = self.mapToScene(event.position().toPoint())
        grabbed = self._grab(point)
        if grabbed is None:
            self.select(None)
            return
        item, edges = grabbed
        self.select(item.layout_box.path)
        box = item.layout_box.box
        self._drag = _Drag(item, edges, point, box, box)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.mapToScene(event.position().toPoint())
        drag = self._drag
        if drag is None:
            grabbed = self._grab(point)
            self.viewport().setCursor(_cursor(grabbed[1] if grabbed else None))
            return
        drag.now = dragged(drag.box, drag.edges, point.x() - drag.start.x(),
                           point.y() - drag.start.y(), self.grid)  # fmt: skip
        drag.item.setRect(QRectF(*drag.now))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is not None and drag.now != drag.box:
            self.box_changed.emit(drag.item.layout_box.path, drag.now)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.items_by_path.get(self.selected) if self.selected else None
        steps = {
            Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1),
        }  # fmt: skip
        if item is not None and event.key() in steps:
            dx, dy = steps[Qt.Key(event.key())]
            box = dragged(item.layout_box.box, MOVE, dx * self.grid, dy * self.grid, self.grid)
            self.box_changed.emit(item.layout_box.path, box)
        elif item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit()
        else:
            super().keyPressEvent(event)


def _cursor(edges: frozenset[str] | None) -> Qt.CursorShape:
    if edges is None:
        return Qt.CursorShape.ArrowCursor
    if edges == MOVE:
        return Qt.CursorShape.SizeAllCursor
    if edges in ({"left", "top"}, {"right", "bottom"}):
        return Qt.CursorShape.SizeFDiagCursor
    if edges in ({"right", "top"}, {"left", "bottom"}):
        return Qt.CursorShape.SizeBDiagCursor
    if edges & {"left", "right"}:
        return Qt.CursorShape.SizeHorCursor
    return Qt.CursorShape.SizeVerCursor
