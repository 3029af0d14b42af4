"""Benchmarks: `make bench` (python -m bench) runs every bench/bench_*.py and prints one
table: measure, project, baseline, ratio, goal, pass/fail.

Each module has `run() -> list[Measurement]`. A measurement with a baseline is the
project against a bare-library script doing the same work, measured in the same run,
interleaved (project, baseline, project, ...) so a busy machine slows both alike, and
the median of each side; its goal is a ratio. One without a baseline may have an
absolute goal (a bound in its own unit). Results also go to bench/results/latest.json.
Speed and memory are measured here, never asserted in tests.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Runs per side for interleaved measurements (the issue asks for a median of >= 5).
RUNS = 5


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float
    unit: str
    note: str = ""
    #: The bare library doing the same work, same run, same unit.
    baseline: float | None = None
    #: With a baseline: the largest acceptable value / baseline. Without: the largest
    #: acceptable value (the smallest with `at_least`).
    goal: float | None = None
    at_least: bool = False

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.goal is None:
            return None
        measured = self.ratio if self.baseline is not None else self.value
        if measured is None:
            return None
        return measured >= self.goal if self.at_least else measured <= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        sign = ">=" if self.at_least else "<="
        return f"{sign} {self.goal:g}×" if self.baseline is not None else f"{sign} {self.goal:g}"


def interleaved(
    project: Callable[[], float | None],
    baseline: Callable[[], float | None],
    runs: int = RUNS,
) -> tuple[list[float], list[float]]:
    """Run the two sides alternately `runs` times each; each call returns its own time
    (seconds) or None to have it timed here (wall, perf_counter). Returns the times."""
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        for fn, into in ((project, ours), (baseline, bare)):
            started = time.perf_counter()
            reported = fn()
            into.append(reported if reported is not None else time.perf_counter() - started)
    return ours, bare


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], scale: float = 1.0, digits: int = 0) -> str:
    """"min-max" of `values`, for the note."""
    return f"{min(values) * scale:.{digits}f}-{max(values) * scale:.{digits}f}"
