"""Printing the forms through Qt's print system (QtPrintSupport: the OS printers).

There is no QtPdf in PySide6-Essentials, so pages go to the printer as images at up
to 300 dpi (rendered by PDFium in a worker), each with its characters laid over it in
transparent ink at their places and sizes: a printer prints only the image, and a
"print to PDF" file stays searchable and copyable, like a scanned page with a text
layer. (Qt's PDF writer drops the text of characters above U+FFFF such as 𠮷 from that
layer; the image shows them.)
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from kiosk.store import StoreError
from ui.app import UI_FAMILIES
from ui.widgets.pdf_pages import PrintPage

#: Text runs are drawn in tenths of a point (QFont pixel sizes are whole numbers).
_FINE = 10.0


class PrintFailed(StoreError):
    """The printer could not be opened (offline, no permission, bad output file)."""

    key = "staff.print.failed"


def paint_pages(printer: QPrinter, pages: Sequence[PrintPage]) -> None:
    """Draw `pages` on `printer`, one sheet each, scaled to the paper (main thread)."""
    if not pages:
        return
    first = pages[0]
    printer.setFullPage(True)
    printer.setPageSize(
        QPageSize(
            QSizeF(first.width_pt, first.height_pt),
            QPageSize.Unit.Point,
            "",
            QPageSize.SizeMatchPolicy.FuzzyMatch,
        )
    )
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if first.width_pt > first.height_pt
        else QPageLayout.Orientation.Portrait
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(printer.printerName() or printer.outputFileName())
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            _paint_page(painter, printer, page)
    finally:
        painter.end()


def _paint_page(painter: QPainter, printer: QPrinter, page: PrintPage) -> None:
    area = printer.pageRect(QPrinter.Unit.DevicePixel)
    scale = min(area.width() / page.width_pt, area.height() / page.height_pt)
    painter.save()
    painter.translate(
        area.left() + (area.width() - page.width_pt * scale) / 2,
        area.top() + (area.height() - page.height_pt * scale) / 2,
    )
    painter.scale(scale, scale)  # from here on: PDF points from the top-left corner
    painter.drawImage(QRectF(0, 0, page.width_pt, page.height_pt), page.image)
    painter.scale(1 / _FINE, 1 / _FINE)
    painter.setPen(QPen(QColor(0, 0, 0, 0)))
    fonts: dict[int, QFont] = {}
    for c in page.chars:
        pixels = max(1, round(c.size * _FINE))
        font = fonts.get(pixels)
        if font is None:
            font = fonts[pixels] = QFont()
            font.setFamilies(UI_FAMILIES)
            font.setPixelSize(pixels)
        painter.setFont(font)
        painter.drawText(QPointF(c.x * _FINE, c.y * _FINE), c.char)
    painter.restore()
