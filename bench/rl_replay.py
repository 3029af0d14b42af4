"""Replays recorded reportlab canvas calls on a plain Canvas: the bare-reportlab
baseline of bench_forms_batch. Imports nothing of the project (the cold baseline runs
this file in a new process: `python bench/rl_replay.py CALLS.pickle OUT.pdf`)."""

from __future__ import annotations

import io
import pickle
import sys
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

Calls = list[tuple[str, tuple[Any, ...]]]
Program = list[tuple[int, Any, tuple[Any, ...]]]


def register(fonts: list[tuple[str, str]]) -> None:
    for name, path in fonts:
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        kw = {"subfontIndex": 0} if path.lower().endswith(".ttc") else {}
        pdfmetrics.registerFont(TTFont(name, path, **kw))


def program(calls: Calls) -> Program:
    """The calls with their methods looked up beforehand, so the replay spends its time
    in reportlab, not in finding methods by name: (target, function, arguments), target
    0 the canvas, 1 the current path, 2 a new path, 3 drawing the path."""
    steps: Program = []
    for method, args in calls:
        if method == "beginPath":
            steps.append((2, Canvas.beginPath, args))
        elif method.startswith("path."):
            steps.append((1, getattr(PDFPathObject, method[5:]), args))
        elif method == "drawPath":
            steps.append((3, Canvas.drawPath, args[1:]))
        else:
            steps.append((0, getattr(Canvas, method), args))
    return steps


def replay(pagesize: tuple[float, float], calls: Calls) -> bytes:
    return draw(pagesize, program(calls))


def draw(pagesize: tuple[float, float], steps: Program) -> bytes:
    """Draw a `program` on a new canvas; the PDF."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    path: Any = None
    for target, function, args in steps:
        if target == 0:
            function(c, *args)
        elif target == 1:
            function(path, *args)
        elif target == 2:
            path = function(c)
        else:
            function(c, path, *args)
    c.save()
    return buffer.getvalue()


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        fonts, pagesize, calls = pickle.load(f)  # our own recording, just written
    register(fonts)
    with open(sys.argv[2], "wb") as out:
        out.write(replay(pagesize, calls))
