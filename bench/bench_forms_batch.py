"""The full moving-in batch (one adult, one child; cover + 6 forms): cold and warm render
time, and the PDF size.

cold: a new Python process that imports forms, loads the catalogue, finds and registers
the fonts and renders (what the first print after a kiosk starts costs).
warm: the same render again in a process that has done it once.
The application data is the test suite's `MOVING_IN_FAMILY` (tests/forms/samples.py).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import Measurement

ROOT = Path(__file__).resolve().parents[1]

_COLD = """
import json, sys, time
start = time.perf_counter()
from forms.catalogue import load_catalogue
from forms.render import render_batch
from tests.forms.samples import MOVING_IN_FAMILY, TODAY
catalogue = load_catalogue()
ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
batch = render_batch(catalogue, MOVING_IN_FAMILY, ids, "A-BENCH-0001", "A-001", today=TODAY)
print(json.dumps({"render_s": time.perf_counter() - start, "pages": batch.pages,
                  "forms": len(ids), "bytes": len(batch.pdf)}))
"""


def run() -> list[Measurement]:
    sys.path.insert(0, str(ROOT))
    colds = []
    for _ in range(3):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - started
        colds.append((wall, json.loads(out.stdout.strip().splitlines()[-1])))
    cold_wall = statistics.median(w for w, _ in colds)
    cold_render = statistics.median(r["render_s"] for _, r in colds)
    info = colds[0][1]

    from forms.catalogue import load_catalogue
    from forms.render import render_batch
    from tests.forms.samples import MOVING_IN_FAMILY, TODAY

    catalogue = load_catalogue()
    ids = catalogue.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    render_batch(catalogue, MOVING_IN_FAMILY, ids, "A-BENCH-0001", "A-001", today=TODAY)
    times = []
    for _ in range(10):
        started = time.perf_counter()
        batch = render_batch(catalogue, MOVING_IN_FAMILY, ids, "A-BENCH-0001", "A-001", today=TODAY)
        times.append(time.perf_counter() - started)
    note = f"{info['forms']} forms + cover, {info['pages']} pages"
    return [
        Measurement("forms batch cold (new process, wall)", cold_wall, "s", note),
        Measurement("forms batch cold (imports+fonts+render)", cold_render, "s", note),
        Measurement("forms batch warm (median of 10)", statistics.median(times), "s", note),
        Measurement(
            "forms batch PDF size", len(batch.pdf) / 1024, "KiB", "fonts embedded as subsets"
        ),
    ]
