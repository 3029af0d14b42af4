"""Printing PDFs through the OS print system with Qt print support: CUPS on Linux (Qt's
CUPS plugin, which honours CUPS_SERVER and ~/.cups/client.conf like every libcups
client), the print spooler on Windows. No dialog: the kiosk prints unattended.

There is no QtPdf in PySide6-Essentials, so each page is rendered by PDFium (pypdfium2)
at the printer's resolution, at least 300 dpi, and drawn onto the QPrinter. Under the
image goes the page's text, in the same place, so a print-to-PDF file stays searchable
(the image covers it on paper).

Threads: Qt documents QPainter on a QPrinter as usable outside the GUI thread ("Threads
and QObjects": QImage, QPrinter and QPicture), and nothing here touches a widget, so the
kiosk calls `print_pdf` from a worker (tests/ui/test_printing.py prints from a plain
thread through CUPS). A QGuiApplication must exist (the print-support plugin belongs to
the platform integration). PDFium is not thread-safe: renders take the process-wide
lock of ui/widgets/pdf_pages.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.printing import PrinterError, PrinterUnavailable
from ui.app import UI_FAMILIES
from ui.widgets.pdf_pages import _lock as pdfium_lock

#: Pages are rendered at the printer's resolution within these bounds (an A4 page at
#: 600 dpi is 35 million pixels; more only costs memory and spooling time).
MIN_DPI = 300
MAX_DPI = 600
#: The `page_printer` setting that switches page printing off.
NO_PRINTER = "none"


def available_printers() -> list[str]:
    """The print queues the OS knows (CUPS destinations, Windows printers)."""
    return list(QPrinterInfo.availablePrinterNames())


def default_printer() -> str | None:
    """The OS default printer, or None when there is none (or CUPS cannot be reached)."""
    return QPrinterInfo.defaultPrinterName() or None


def print_pdf(
    pdf: bytes,
    printer_name: str | None = None,
    *,
    copies: int = 1,
    job_name: str = "madoguchi",
) -> None:
    """Print every page of `pdf` on `printer_name` (None or "": the default printer).

    Raises PrinterUnavailable when page printing is off ("none"), there is no such
    printer or no default, the print system cannot be reached, or the queue is stopped;
    PrinterError when Qt cannot start or finish the job. The job name shows in the queue:
    give a reception number, never a resident's name.
    """
    if printer_name == NO_PRINTER:
        raise PrinterUnavailable("page printing is switched off (page_printer = none)")
    name = printer_name or default_printer()
    if not name:
        raise PrinterUnavailable("no default printer (or the print system is not reachable)")
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        known = ", ".join(available_printers()) or "none reachable"
        raise PrinterUnavailable(f"{name}: no such printer (known: {known})")
    if info.state() in (QPrinter.PrinterState.Aborted, QPrinter.PrinterState.Error):
        raise PrinterUnavailable(f"{name}: the printer queue is stopped or offline")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(job_name)
    printer.setCopyCount(max(1, copies))
    _paint_document(printer, pdf)


def print_to_pdf_file(pdf: bytes, path: str | Path) -> None:
    """The same drawing into a PDF file through Qt's PDF writer: previews, tests."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _paint_document(printer, pdf)


def _render_dpi(printer: QPrinter) -> int:
    return max(MIN_DPI, min(MAX_DPI, printer.resolution()))


def _pages(pdf: bytes, dpi: int) -> Iterator[tuple[QImage, float, float, list[tuple[QRectF, str]]]]:
    """(image, width pt, height pt, text runs) of each page, one page in memory at a time."""
    index = 0
    while True:
        with pdfium_lock:
            document = pdfium.PdfDocument(pdf)
            try:
                if index >= len(document):
                    return
                page = document[index]
                width, height = page.get_width(), page.get_height()
                pil = page.render(scale=dpi / 72.0).to_pil().convert("RGB")
                textpage = page.get_textpage()
                runs = []
                for i in range(textpage.count_rects()):
                    left, bottom, right, top = textpage.get_rect(i)
                    text = textpage.get_text_bounded(left, bottom, right, top).strip()
                    if text:
                        runs.append((QRectF(left, height - top, right - left, top - bottom), text))
                textpage.close()
                page.close()
            finally:
                document.close()
        data = pil.tobytes("raw", "RGB")
        image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
        yield image.copy(), width, height, runs  # copy: detach from the Python buffer
        index += 1


def _paint_document(printer: QPrinter, pdf: bytes) -> None:
    try:
        with pdfium_lock:
            document = pdfium.PdfDocument(pdf)
            first = document[0] if len(document) else None
            size = (first.get_width(), first.get_height()) if first else None
            document.close()
    except pdfium.PdfiumError as exc:
        raise PrinterError(f"not a printable PDF: {exc}") from exc
    if size is None:
        raise PrinterError("the PDF has no pages")
    printer.setFullPage(True)
    page_size = QPageSize(
        QSizeF(*size), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if size[0] > size[1] else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF()))
    dpi = _render_dpi(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterUnavailable(
            f"{printer.printerName() or printer.outputFileName()}: cannot start the job"
        )
    try:
        for number, (image, width, height, runs) in enumerate(_pages(pdf, dpi)):
            if number and not printer.newPage():
                raise PrinterError("the printer refused a new page")
            _paint_page(painter, printer, image, width, height, runs)
    finally:
        ended = painter.end()
    if not ended or printer.printerState() == QPrinter.PrinterState.Error:
        raise PrinterError(f"{printer.printerName() or printer.outputFileName()}: the job failed")


def _paint_page(
    painter: QPainter,
    printer: QPrinter,
    image: QImage,
    width: float,
    height: float,
    runs: list[tuple[QRectF, str]],
) -> None:
    area = printer.pageLayout().fullRectPixels(printer.resolution())
    scale = min(area.width() / width, area.height() / height)
    painter.save()
    painter.translate(
        area.left() + (area.width() - width * scale) / 2,
        area.top() + (area.height() - height * scale) / 2,
    )
    painter.scale(scale, scale)  # from here on: PDF points from the top-left corner
    painter.setPen(QColor("white"))
    for rect, text in runs:
        _text_run(painter, rect, text)
    painter.drawImage(QRectF(0, 0, width, height), image)  # opaque: covers the text
    painter.restore()


def _text_run(painter: QPainter, rect: QRectF, text: str) -> None:
    """`text` stretched into `rect` (PDF points), for search and copy, not for the eye."""
    # Work in tenths of a point: QFont pixel sizes are whole numbers.
    fine = 10.0
    font = QFont()
    font.setFamilies(UI_FAMILIES)
    font.setPixelSize(max(1, round(rect.height() * fine * 0.85)))
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    advance = metrics.horizontalAdvance(text)
    if advance <= 0:
        return
    painter.save()
    painter.translate(rect.left(), rect.top())
    painter.scale(rect.width() / advance, 1 / fine)
    painter.drawText(QPointF(0, metrics.ascent()), text)
    painter.restore()
