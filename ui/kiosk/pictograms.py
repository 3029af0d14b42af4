"""Pictograms: line drawings in ui/assets/pictograms/*.svg, recoloured per theme.

Events name their pictogram in the catalogue data; an unknown name gets `default.svg`.
SVG rather than emoji: no colour-emoji font is needed, and the drawings follow the
high-contrast theme.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "pictograms"
_color = "#0B3D70"


def set_pictogram_color(color: str) -> None:
    global _color
    _color = color
    _pixmap.cache_clear()


def _svg(name: str) -> bytes:
    path = ASSETS / f"{name}.svg"
    if not path.exists():
        path = ASSETS / "default.svg"
    return path.read_bytes()


@cache
def _pixmap(name: str, size: int, color: str) -> QPixmap:
    data = _svg(name).replace(b"COLOR", color.encode())
    renderer = QSvgRenderer(QByteArray(data))
    box = renderer.defaultSize().scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio)
    pixmap = QPixmap(box)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, box.width(), box.height()))
    painter.end()
    return pixmap


def pictogram_icon(name: str, size: int = 128) -> QIcon:
    return QIcon(_pixmap(name, size, _color))


def pictogram_label(name: str, size: int) -> QLabel:
    label = QLabel()
    label.setObjectName(f"picture_{name}")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setPixmap(_pixmap(name, size, _color))
    label.setProperty("pictogram", name)
    label.setProperty("pictogram_size", size)
    return label


def refresh_label(label: QLabel) -> None:
    """Redraw a pictogram label in the current colour (after a theme change)."""
    name, size = label.property("pictogram"), label.property("pictogram_size")
    if name:
        label.setPixmap(_pixmap(str(name), int(size), _color))
