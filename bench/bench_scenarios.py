"""Touches and screens of every example scenario (tests/scenarios/*.yaml), through the
real kiosk widgets: the numbers the README's table shows. Touches are what a resident
taps or presses, counted by the kiosk window itself."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench import Measurement

SCENARIOS = Path(__file__).resolve().parents[1] / "tests" / "scenarios"


def run() -> list[Measurement]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.config import Config
    from kiosk.scenario import load_scenario
    from ui.kiosk.run_script import run_scenario

    results = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        with tempfile.TemporaryDirectory() as data:
            config = Config(
                database_url=f"sqlite:///{data}/bench.sqlite3",
                spool_dir=f"{data}/spool",
                card_backend="simulator",
            )
            summary = run_scenario(load_scenario(path), Path(data) / "out", config)
        note = f"{len(summary['screens'])} screens, {len(summary['procedures'])} procedures"
        if not summary["completed"]:
            note += " — DID NOT COMPLETE"
        results.append(Measurement(f"touches: {path.stem}", summary["touches"], "taps", note))
    return results
