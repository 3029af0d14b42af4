"""Kiosk benchmarks: cold start to the attract screen, the thin path, screen changes,
memory over back-to-back sessions.

- cold start: a new `madoguchi demo --offscreen` process, from spawn until the attract
  screen has been drawn (it prints a marker then) — imports, fonts, catalogue, window;
- thin path: the moving-in scenario through the real widgets (simulated card, SQLite),
  in a new process (cold) and in this one (warm), with its touches and screens;
- screen changes: median and worst time between consecutive screens in that run;
- memory: RSS after 1 and after 10 back-to-back sessions in one kiosk (must not grow).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Measurement

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "tests" / "scenarios" / "moving_in_card.yaml"


def _env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", MADOGUCHI_DATA_DIR=data_dir)
    return env


def cold_start(runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ui.cli",
                    "demo",
                    "--offscreen",
                    "--exit-after",
                    "0.1",
                    "--report-ready",
                ],
                cwd=ROOT,
                env=_env(data),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("ready"):
                    times.append(time.perf_counter() - start)
                    break
            proc.wait(timeout=60)
    return times


def thin_path_cold() -> tuple[float, dict]:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as data:
        out = Path(data) / "out"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ui.cli",
                "kiosk",
                "--script",
                str(SCENARIO),
                "--offscreen",
                "--out",
                str(out),
                "--card-backend",
                "simulator",
            ],
            cwd=ROOT,
            env=_env(data),
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        return wall, json.loads((out / "summary.json").read_text())


def warm_runs(sessions: int = 10) -> tuple[list[dict], list[float]]:  # type: ignore[type-arg]
    """Back-to-back residents on ONE kiosk (each ends with "finish"); RSS after each."""
    import gc
    from dataclasses import asdict

    import psutil

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.config import Config
    from kiosk.scenario import Step, load_scenario
    from ui.kiosk.run_script import scenario_kiosk

    scenario = load_scenario(SCENARIO)
    scenario = scenario.model_copy(update={"steps": [*scenario.steps, Step(tap="finish")]})
    process = psutil.Process()
    summaries, rss = [], []
    with tempfile.TemporaryDirectory() as data:
        config = Config(
            database_url=f"sqlite:///{data}/bench.sqlite3",
            spool_dir=f"{data}/spool",
            card_backend="simulator",
        )
        with scenario_kiosk(scenario, Path(data) / "run0", config) as run:
            for i in range(sessions):
                summary = run.runner.run(scenario, Path(data) / f"run{i}")
                assert summary.completed, summary.errors
                summaries.append(asdict(summary))
                gc.collect()
                rss.append(process.memory_info().rss / 2**20)
    return summaries, rss


def run() -> list[Measurement]:
    starts = cold_start()
    cold_wall, cold = thin_path_cold()
    summaries, rss = warm_runs()
    warm = summaries[-1]
    changes = [ms for s in summaries[1:] for ms in s["screen_change_ms"]]
    return [
        Measurement(
            "kiosk cold start to attract screen (median of 3)",
            statistics.median(starts),
            "s",
            f"min {min(starts):.2f}, max {max(starts):.2f}",
        ),
        Measurement(
            "thin path, new process (scripted)",
            cold_wall,
            "s",
            f"{cold['touches']} touches, {len(cold['screens'])} screens",
        ),
        Measurement(
            "thin path, warm (scripted, in process)",
            warm["wall_seconds"],
            "s",
            f"{warm['touches']} touches, {len(warm['screens'])} screens",
        ),
        Measurement(
            "screen change, median",
            statistics.median(changes),
            "ms",
            "between consecutive screens, warm runs, includes scripted taps",
        ),
        Measurement("screen change, worst", max(changes), "ms", "usually the review (PDF render)"),
        Measurement("RSS after 1 session (one kiosk)", rss[0], "MiB"),
        Measurement(
            "RSS after 2 sessions (one kiosk)",
            rss[1],
            "MiB",
            "caches warm: fonts, name dictionary, postal data",
        ),
        Measurement(
            "RSS after 10 sessions (one kiosk)",
            rss[-1],
            "MiB",
            f"growth {rss[-1] - rss[1]:+.1f} MiB over sessions 3-10",
        ),
    ]
