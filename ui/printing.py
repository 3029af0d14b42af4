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
lock of ui/pdf_pages.py.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.printing import PrinterError, PrinterUnavailable
from ui.app import UI_FAMILIES
from ui.pdf_pages import lock as pdfium_lock
from ui.pdf_pages import qimage

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
    paint_pdf(printer, pdf)


def print_to_pdf_file(pdf: bytes, path: str | Path) -> None:
    """The same drawing into a PDF file through Qt's PDF writer: previews, tests."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    paint_pdf(printer, pdf)


def _render_dpi(printer: QPrinter) -> int:
    return max(MIN_DPI, min(MAX_DPI, printer.resolution()))


@dataclass(frozen=True)
class PrintChar:
    """One character of a page's text: where its baseline starts (points from the
    top-left corner) and its font size in points."""

    x: float
    y: float
    size: float
    char: str


def _page_chars(page: pdfium.PdfPage, height: float) -> tuple[PrintChar, ...]:
    """Every character PDFium finds on the page, where it is (one by one: text runs
    lose characters that sit between boxes, such as the 昭 of 昭和)."""
    textpage = page.get_textpage()
    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    try:
        for i in range(pdfium_c.FPDFText_CountChars(handle)):
            code = pdfium_c.FPDFText_GetUnicode(handle, i)
            if code < 0x20 or 0xD800 <= code <= 0xDFFF or pdfium_c.FPDFText_IsGenerated(handle, i):
                continue  # line ends PDFium made up, control codes, halves of surrogate pairs
            if not pdfium_c.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y)):
                continue
            size = pdfium_c.FPDFText_GetFontSize(handle, i)
            chars.append(PrintChar(x.value, height - y.value, size, chr(code)))
    finally:
        textpage.close()
    return tuple(chars)


def _pages(pdf: bytes, dpi: int) -> Iterator[tuple[QImage, float, float, tuple[PrintChar, ...]]]:
    """(image, width pt, height pt, characters) of each page, one page in memory at a time."""
    index = 0
    while True:
        with pdfium_lock:
            document = pdfium.PdfDocument(pdf)
            try:
                if index >= len(document):
                    return
                page = document[index]
                width, height = page.get_width(), page.get_height()
                pil = page.render(scale=dpi / 72.0).to_pil()
                chars = _page_chars(page, height)
                page.close()
            finally:
                document.close()
        yield qimage(pil), width, height, chars
        index += 1


def paint_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Draw every page of `pdf` on `printer` (any QPrinter: one from a print dialog, or
    a PDF file): pages as images at the printer's resolution, with the text laid under
    them so print-to-PDF stays searchable. Usable from a worker thread."""
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
        for number, (image, width, height, chars) in enumerate(_pages(pdf, dpi)):
            if number and not printer.newPage():
                raise PrinterError("the printer refused a new page")
            _paint_page(painter, printer, image, width, height, chars)
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
    chars: tuple[PrintChar, ...],
) -> None:
    area = printer.pageLayout().fullRectPixels(printer.resolution())
    scale = min(area.width() / width, area.height() / height)
    painter.save()
    painter.translate(
        area.left() + (area.width() - width * scale) / 2,
        area.top() + (area.height() - height * scale) / 2,
    )
    painter.scale(scale, scale)  # from here on: PDF points from the top-left corner
    _text_layer(painter, chars)
    painter.drawImage(QRectF(0, 0, width, height), image)  # opaque: covers the text
    painter.restore()


def _runs(chars: tuple[PrintChar, ...]) -> list[tuple[float, float, float, float, str]]:
    """Characters that follow each other on one line, as (x, y, size, width, text).

    One string per run keeps words whole for search and copy (a character drawn on its
    own comes out of pdftotext with spaces around it), and a run is built from the
    characters themselves, so none is lost at the edge of a box."""
    runs: list[tuple[float, float, float, float, str]] = []
    for c in chars:
        if runs:
            x, y, size, width, text = runs[-1]
            end = x + width
            same_line = abs(c.y - y) <= 0.3 * size and abs(c.size - size) <= 0.15 * size
            if same_line and end - 0.5 * size <= c.x <= end + 1.5 * size:
                runs[-1] = (x, y, size, c.x + c.size - x, text + c.char)
                continue
        runs.append((c.x, c.y, c.size, c.size, c.char))
    return runs


def _text_layer(painter: QPainter, chars: tuple[PrintChar, ...]) -> None:
    """The page's text at its places and sizes, for search and copy, not for the eye."""
    fine = 10.0  # tenths of a point: QFont pixel sizes are whole numbers
    painter.save()
    painter.setPen(QColor("white"))
    fonts: dict[int, QFont] = {}
    for x, y, size, width, text in _runs(chars):
        pixels = max(1, round(size * fine))
        font = fonts.get(pixels)
        if font is None:
            font = fonts[pixels] = QFont()
            font.setFamilies(UI_FAMILIES)
            font.setPixelSize(pixels)
        painter.setFont(font)
        advance = QFontMetricsF(font).horizontalAdvance(text) / fine
        painter.save()
        painter.translate(x, y)
        # Stretch the run over the width its characters take on the page.
        painter.scale((width / advance if advance > 0 else 1.0) / fine, 1 / fine)
        painter.drawText(QPointF(0, 0), text)
        painter.restore()
    painter.restore()
