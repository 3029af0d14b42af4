"""PDF pages as images (pypdfium2: small, offline, on Linux and Windows; there is no
QtPdf in PySide6-Essentials): previews for screens, and pages for printing."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
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
class PrintPage:
    """One page to print: the image, the page size in points, and its text runs
    (rectangles in points from the top-left, and the text in each)."""

    image: QImage
    width_pt: float
    height_pt: float
    runs: tuple[tuple[QRectF, str], ...]


def render_for_print(pdf: bytes, dpi: int = 300) -> list[PrintPage]:
    """Every page at `dpi`, with the text PDFium finds on it (runs of one line each)."""
    pages: list[PrintPage] = []
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width, height = page.get_width(), page.get_height()
                image = _to_qimage(page, dpi / POINTS_PER_INCH)
                textpage = page.get_textpage()
                runs = []
                for i in range(textpage.count_rects()):
                    left, bottom, right, top = textpage.get_rect(i)
                    text = textpage.get_text_bounded(left, bottom, right, top).strip()
                    if text:
                        runs.append((QRectF(left, height - top, right - left, top - bottom), text))
                textpage.close()
                pages.append(PrintPage(image, width, height, tuple(runs)))
                page.close()
        finally:
            document.close()
    return pages
