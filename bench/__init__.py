"""Benchmarks: `make bench` (python -m bench) runs every bench/bench_*.py and prints a table.

Each module has `run() -> list[Measurement]`. Results also go to bench/results/latest.json.
Speed and memory are measured here, never asserted in timed tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float
    unit: str
    note: str = ""
