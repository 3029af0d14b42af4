"""PDF pages as images (pypdfium2: small, offline, on Linux and Windows; there is no
QtPdf in PySide6-Essentials): previews for screens, and pages for printing."""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtGui import QImage

# PDFium is not thread-safe: one render at a time in the whole process.
_lock = threading.Lock()

#: PDF user space: 72 points per inch.
POINTS_PER_INCH = 72.0


def _to_qimage(page: pdfium.PdfPage, scale: float) -> QImage:
    bitmap = page.render(scale=scale)
    pil = bitmap.to_pil().convert("RGB")
    data = pil.tobytes("raw", "RGB")
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # detach from the Python buffer


def render_previews(pdf: bytes, width: int = 600) -> list[QImage]:
    """Every page of `pdf` as a QImage `width` pixels wide."""
    images: list[QImage] = []
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                images.append(_to_qimage(page, width / page.get_width()))
                page.close()
        finally:
            document.close()
    return images


@dataclass(frozen=True)
class PrintChar:
    """One character of a page's text: where its baseline starts (points from the
    top-left corner) and its font size in points."""

    x: float
    y: float
    size: float
    char: str


@dataclass(frozen=True)
class PrintPage:
    """One page to print: the image, the page size in points, and its characters."""

    image: QImage
    width_pt: float
    height_pt: float
    chars: tuple[PrintChar, ...]


def _page_chars(page: pdfium.PdfPage, height: float) -> tuple[PrintChar, ...]:
    textpage = page.get_textpage()
    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    try:
        for i in range(pdfium_c.FPDFText_CountChars(handle)):
            code = pdfium_c.FPDFText_GetUnicode(handle, i)
            if code <= 0x20 or 0xD800 <= code <= 0xDFFF or pdfium_c.FPDFText_IsGenerated(handle, i):
                continue  # spaces, line ends PDFium made up, halves of surrogate pairs
            if not pdfium_c.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y)):
                continue
            size = pdfium_c.FPDFText_GetFontSize(handle, i)
            chars.append(PrintChar(x.value, height - y.value, size, chr(code)))
    finally:
        textpage.close()
    return tuple(chars)


def render_for_print(pdf: bytes, dpi: int = 300) -> list[PrintPage]:
    """Every page at `dpi`, with each character PDFium finds on it and where."""
    pages: list[PrintPage] = []
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width, height = page.get_width(), page.get_height()
                image = _to_qimage(page, dpi / POINTS_PER_INCH)
                pages.append(PrintPage(image, width, height, _page_chars(page, height)))
                page.close()
        finally:
            document.close()
    return pages
