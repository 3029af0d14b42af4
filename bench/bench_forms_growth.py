"""How a batch's render time grows with its number of forms: 1, 5, 10 and all 17 of
the catalogue (a batch holds each form once), warm, interleaved size by size, median
of 5. Each size against its linear share of the one-form batch (its time per page ×
the pages): "linear or better" is a ratio of at most 1 (1.1 for noise)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from bench import RUNS, Measurement, median

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1, 5, 10, 17)


def run() -> list[Measurement]:
    sys.path.insert(0, str(ROOT))
    from forms.catalogue import load_catalogue
    from forms.render import render_batch
    from kiosk.application import cover_wording
    from tests.forms.samples import MOVING_IN_FAMILY, TODAY

    catalogue = load_catalogue()
    every = catalogue.batch_order(catalogue.forms)
    if len(every) < SIZES[-1]:
        raise RuntimeError(f"the catalogue has {len(every)} forms, the bench {SIZES[-1]}")
    # Spread over the departments: every k-th form of the fixed order.
    batches = {n: every[:: max(1, len(every) // n)][:n] for n in SIZES}
    wording = cover_wording("ja")
    counter = iter(range(100_000))

    def render(ids: list[str]) -> Any:
        return render_batch(catalogue, MOVING_IN_FAMILY, ids, f"G-{next(counter):05d}", "A-001",
                            today=TODAY, wording=wording)  # fmt: skip

    pages = {n: render(ids).pages for n, ids in batches.items()}  # warm-up, and pages
    times: dict[int, list[float]] = {n: [] for n in SIZES}
    for _ in range(RUNS):
        for n, ids in batches.items():
            started = time.perf_counter()
            render(ids)
            times[n].append(time.perf_counter() - started)
    one = median(times[1]) * 1000 / pages[1]
    out = []
    for n in SIZES:
        ms = median(times[n]) * 1000
        out.append(
            Measurement(
                f"forms growth: {n} form{'s' if n > 1 else ''}",
                ms,
                "ms",
                f"{pages[n]} pages (cover included), {ms / pages[n]:.1f} ms a page"
                + ("" if n == 1 else f"; baseline: the 1-form batch's ms a page × {pages[n]}"),
                baseline=None if n == 1 else one * pages[n],
                goal=None if n == 1 else 1.1,
            )
        )
    return out
