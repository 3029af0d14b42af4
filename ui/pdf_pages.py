"""PDF pages as images (pypdfium2: small, offline, on Linux and Windows; there is no
QtPdf in PySide6-Essentials), for the previews on screens and for printing. `lock`
serialises every use of PDFium in the process (ui.printing takes it too)."""

from __future__ import annotations

import threading
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

# PDFium is not thread-safe: one render at a time in the whole process.
lock = threading.Lock()


def _to_qimage(page: pdfium.PdfPage, scale: float) -> QImage:
    return qimage(page.render(scale=scale).to_pil())


def qimage(picture: Any) -> QImage:
    """A PIL image as a QImage of its own (RGB)."""
    pil = picture.convert("RGB")
    data = pil.tobytes("raw", "RGB")
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # detach from the Python buffer


def render_previews(pdf: bytes, width: int = 600) -> list[QImage]:
    """Every page of `pdf` as a QImage `width` pixels wide."""
    images: list[QImage] = []
    with lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                images.append(_to_qimage(page, width / page.get_width()))
                page.close()
        finally:
            document.close()
    return images
