"""PDF pages as images for previews (pypdfium2: small, offline, on Linux and Windows)."""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

# PDFium is not thread-safe: one render at a time in the whole process.
_lock = threading.Lock()


def render_previews(pdf: bytes, width: int = 600) -> list[QImage]:
    """Every page of `pdf` as a QImage `width` pixels wide."""
    images: list[QImage] = []
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                scale = width / page.get_width()
                bitmap = page.render(scale=scale)
                pil = bitmap.to_pil().convert("RGB")
                data = pil.tobytes("raw", "RGB")
                image = QImage(
                    data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888
                )
                images.append(image.copy())  # detach from the Python buffer
                page.close()
        finally:
            document.close()
    return images
