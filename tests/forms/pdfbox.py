"""What a PDF prints inside a box: `pdftotext -bbox` words whose centre lies in the box.

Boxes are in millimetres from the top-left of the page, as in the form definitions, so a
test can say "the box at [20, 88, 100, 8] shows 山田 花子" rather than "山田 花子 appears
somewhere on the page".
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # 1-based
    x: float  # centre, mm from the left
    y: float  # centre, mm from the top


def words(pdf: bytes) -> list[Word]:
    """Every word of every page with its centre in mm."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox", "-", "-"], input=pdf, capture_output=True,
        check=True,
    ).stdout.decode("utf-8")  # fmt: skip
    # pdftotext writes an XHTML document; the namespace is dropped for simple lookups
    root = ET.fromstring(out.replace(' xmlns="http://www.w3.org/1999/xhtml"', ""))
    found: list[Word] = []
    for number, page in enumerate(root.iter("page"), start=1):
        for word in page.iter("word"):
            x0, y0 = float(word.get("xMin", 0)), float(word.get("yMin", 0))
            x1, y1 = float(word.get("xMax", 0)), float(word.get("yMax", 0))
            found.append(
                Word(word.text or "", number, (x0 + x1) / 2 / PT_PER_MM, (y0 + y1) / 2 / PT_PER_MM)
            )
    return found


def text_in(pdf: bytes | list[Word], page: int, box: tuple[float, float, float, float]) -> str:
    """The words printed inside `box` (x, y, w, h in mm) on `page`, joined without spaces,
    in reading order (top to bottom, then left to right)."""
    x, y, w, h = box
    found = pdf if isinstance(pdf, list) else words(pdf)
    inside = [
        word
        for word in found
        if word.page == page and x <= word.x <= x + w and y <= word.y <= y + h
    ]
    inside.sort(key=lambda word: (round(word.y, 0), word.x))
    return "".join(word.text for word in inside)


def value_box(
    box: tuple[float, float, float, float], label_width: float | None = None
) -> tuple[float, float, float, float]:
    """A field's box without its shaded label cell (where the value is printed)."""
    x, y, w, h = box
    lw = label_width or 0.0
    return (x + lw, y, w - lw, h)


def ticked(pdf: bytes | list[Word], page: int, box: tuple[float, float, float, float]) -> list[str]:
    """The options ticked inside a checkbox `box`: for each ✓, the word right of it on its
    row. (Reading order cannot say it: a tick's centre sits a little off its label's line,
    so `text_in` may read every ✓ of a wrapped row first.)"""
    x, y, w, h = box
    found = pdf if isinstance(pdf, list) else words(pdf)
    inside = [v for v in found if v.page == page and x <= v.x <= x + w and y <= v.y <= y + h]
    labels = [v for v in inside if v.text not in ("✓", "☐", "□")]
    out = []
    for tick in sorted((v for v in inside if v.text == "✓"), key=lambda v: (v.y, v.x)):
        right = [v for v in labels if v.x > tick.x and abs(v.y - tick.y) < 2.0]
        if right:
            out.append(min(right, key=lambda v: v.x).text)
    return out
