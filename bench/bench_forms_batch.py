"""The full moving-in batch (one adult, one child; cover + 6 forms) against bare
reportlab drawing the same pages and boxes.

The baseline is made from the project's own render: its canvas calls (strings with
their fonts and positions, rectangles, lines, the QR paths, page breaks) are recorded
once, then replayed on a plain reportlab Canvas with the same TrueType fonts. So the
baseline draws exactly the same marks with nothing of ours in between: what reportlab
alone needs for this PDF.

- warm: render_batch in a process that has rendered before, against the replay in the
  same process (fonts registered), interleaved, a new application id each time;
- cold: `madoguchi forms render --event moving_in` in a new process (imports,
  catalogue, fonts, render, write), against a new process that imports reportlab,
  registers the fonts and replays the recording, interleaved;
- size: the PDF against the replay's PDF.
The application data is the test suite's `MOVING_IN_FAMILY` (tests/forms/samples.py).
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import RUNS, Measurement, interleaved, median, spread
from bench.rl_replay import draw, program, replay

ROOT = Path(__file__).resolve().parents[1]
REPLAY = Path(__file__).with_name("rl_replay.py")

#: The Canvas methods the renderer calls; a recording keeps each top-level call.
_RECORDED = (
    "setFont", "drawString", "rect", "line", "circle", "setLineWidth", "setDash",
    "setFillColorRGB", "setFillGray", "setStrokeColorRGB", "setStrokeGray", "saveState",
    "restoreState", "showPage", "drawPath", "beginForm", "endForm", "doForm",
    "setTitle", "setAuthor", "setCreator", "addLiteral",
)  # fmt: skip
_PATH_RECORDED = ("rect", "moveTo", "lineTo", "close")

def _recording_canvas() -> tuple[type, list[tuple[str, tuple[Any, ...]]]]:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.pathobject import PDFPathObject

    calls: list[tuple[str, tuple[Any, ...]]] = []
    depth = [0]

    def wrap(cls: type, name: str, prefix: str) -> None:
        real = getattr(cls, name)

        def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0:
                if kwargs:  # keyword arguments in the signature's order
                    args = (*args, *kwargs.values())
                kept = tuple(None if isinstance(a, PDFPathObject) else a for a in args)
                calls.append((prefix + name, kept))
            depth[0] += 1
            try:
                return real(self, *args)
            finally:
                depth[0] -= 1

        setattr(cls, name, recorded)

    class RecordingPath(PDFPathObject):
        pass

    for name in _PATH_RECORDED:
        wrap(RecordingPath, name, "path.")

    class RecordingCanvas(Canvas):
        def beginPath(self) -> Any:
            calls.append(("beginPath", ()))
            return RecordingPath()

    for name in _RECORDED:
        wrap(RecordingCanvas, name, "")
    return RecordingCanvas, calls


def _inputs() -> tuple[Any, dict[str, Any], list[str], Any]:
    sys.path.insert(0, str(ROOT))
    from forms.catalogue import load_catalogue
    from tests.forms.samples import MOVING_IN_FAMILY, TODAY

    catalogue = load_catalogue()
    return catalogue, MOVING_IN_FAMILY, catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY), TODAY


def record() -> tuple[list[tuple[str, str]], tuple[float, float], list[tuple[str, tuple[Any, ...]]]]:
    """The fonts, page size and canvas calls of one render of the batch."""
    from forms import render
    from forms.fonts import load_fonts
    from kiosk.application import cover_wording

    catalogue, data, ids, today = _inputs()
    recording, calls = _recording_canvas()
    real = render.Canvas
    render.Canvas = recording  # type: ignore[misc]
    try:
        render.render_batch(catalogue, data, ids, "A-BENCH-0000", "A-001", today=today,
                            wording=cover_wording("ja"))  # fmt: skip
    finally:
        render.Canvas = real  # type: ignore[misc]
    fonts = load_fonts()
    registered = [(fonts.names[role], str(fonts.paths[role])) for role in fonts.names]
    return registered, (render.PAGE_W, render.PAGE_H), calls


def _run(args: list[str]) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True)


def run() -> list[Measurement]:
    import time

    from forms.render import render_batch
    from kiosk.application import cover_wording

    fonts, pagesize, calls = record()
    catalogue, data, ids, today = _inputs()
    render_batch(catalogue, data, ids, "A-BENCH-0001", "A-001", today=today,
                 wording=cover_wording("ja"))  # warm  # fmt: skip
    replay(pagesize, calls)
    counter = iter(range(10_000))
    batch: list[Any] = []

    def ours() -> float:
        started = time.perf_counter()
        batch[:] = [render_batch(catalogue, data, ids, f"A-BENCH-{next(counter):04d}", "A-001",
                                 today=today, wording=cover_wording("ja"))]  # fmt: skip
        return time.perf_counter() - started

    steps = program(calls)  # methods looked up once, as a script drawing these pages would
    warm, warm_bare = interleaved(ours, lambda: draw(pagesize, steps) and None, runs=2 * RUNS)
    bare_pdf = replay(pagesize, calls)

    with tempfile.TemporaryDirectory() as tmp:
        recorded = Path(tmp) / "calls.pickle"
        recorded.write_bytes(pickle.dumps((fonts, pagesize, calls)))
        data_file = Path(tmp) / "data.json"
        data_file.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        cli = ["-m", "ui.cli", "forms", "render", "--event", "moving_in", "--data",
               str(data_file), "--out", str(Path(tmp) / "ours.pdf"), "--application-id",
               "A-BENCH-0002", "--reception", "A-001", "--today", today.isoformat()]  # fmt: skip
        cold, cold_bare = interleaved(
            lambda: _run(cli),
            lambda: _run([str(REPLAY), str(recorded), str(Path(tmp) / "bare.pdf")]),
        )
    pages = batch[0].pages
    note = f"{len(ids)} forms + cover, {pages} pages"
    return [
        Measurement(
            "forms batch warm",
            median(warm) * 1000,
            "ms",
            f"{note}; median of {len(warm)} interleaved, ours {spread(warm, 1000)} ms",
            baseline=median(warm_bare) * 1000,
            goal=1.5,
        ),
        Measurement(
            "forms batch cold (new process, CLI)",
            median(cold),
            "s",
            f"`madoguchi forms render` vs a new process replaying with reportlab; "
            f"median of {len(cold)} interleaved",
            baseline=median(cold_bare),
            goal=2.5,
        ),
        Measurement(
            "forms batch PDF size",
            len(batch[0].pdf) / 1024,
            "KiB",
            "fonts embedded as subsets",
            baseline=len(bare_pdf) / 1024,
            goal=1.5,
        ),
    ]
