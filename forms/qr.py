"""The QR code on every printed page: application id, form id and form version, so staff
can scan a paper form straight to the application and the definition it was printed from.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

#: Format marker: a reader can reject codes that are not ours or of a newer format.
SCHEME = "madoguchi/1"


def qr_payload(
    application_id: str,
    form_id: str,
    version: str,
    page: int | None = None,
    reception: str | None = None,
) -> str:
    """Compact JSON: ``{"s":"madoguchi/1","app":...,"form":...,"v":...}``, with the page
    ("p") of a multi-page form and the reception number ("r") once it is known."""
    body: dict[str, Any] = {"s": SCHEME, "app": application_id, "form": form_id, "v": version}
    if page is not None:
        body["p"] = page
    if reception:
        body["r"] = reception
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def parse_qr_payload(text: str) -> dict[str, Any]:
    """The fields of a payload made by `qr_payload`; ValueError if it is not one."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError("not a madoguchi QR payload") from None
    if not isinstance(body, dict) or body.get("s") != SCHEME:
        raise ValueError("not a madoguchi QR payload")
    return body


#: The data mask. Left to qrcode, it builds the symbol with all eight masks and scores
#: each (41% of a batch's render time); any mask is valid and every reader undoes it, a
#: fixed one only forgoes the best contrast pattern, which a laser print does not need.
MASK_PATTERN = 0


@lru_cache(maxsize=256)
def _matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, border=0, box_size=1, mask_pattern=MASK_PATTERN
    )
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules, row by row (made once per payload: the review redraws the
    same pages)."""
    return [list(row) for row in _matrix(payload)]


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the code as vector squares, `size` points wide, bottom-left at (x, y).

    The caller leaves a 4-module quiet zone; it is included in `size`.
    """
    matrix = _matrix(payload)
    count = len(matrix) + 8
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # One path of all dark runs, filled once (one operator per run, not a fill each).
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 4 + 1) * module
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(x + (start + 4) * module, top, (col - start) * module, module)
            else:
                col += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
