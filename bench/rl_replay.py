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

Calls = list[tuple[str, tuple[Any, ...]]]


def register(fonts: list[tuple[str, str]]) -> None:
    for name, path in fonts:
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        kw = {"subfontIndex": 0} if path.lower().endswith(".ttc") else {}
        pdfmetrics.registerFont(TTFont(name, path, **kw))


def replay(pagesize: tuple[float, float], calls: Calls) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=pagesize, pageCompression=1)
    path: Any = None
    for method, args in calls:
        if method == "beginPath":
            path = c.beginPath()
        elif method.startswith("path."):
            getattr(path, method[5:])(*args)
        elif method == "drawPath":
            c.drawPath(path, *args[1:])
        else:
            getattr(c, method)(*args)
    c.save()
    return buffer.getvalue()


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        fonts, pagesize, calls = pickle.load(f)  # our own recording, just written
    register(fonts)
    with open(sys.argv[2], "wb") as out:
        out.write(replay(pagesize, calls))
