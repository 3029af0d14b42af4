"""Run the benchmarks: python -m bench [NAME_SUBSTRING...]."""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

from bench import Measurement

HERE = Path(__file__).parent


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}" if value else "0"
    return f"{text} {unit}".rstrip()


def table(rows: list[tuple[str, Measurement]]) -> str:
    """One Markdown table (the README quotes it as printed)."""
    lines = [
        "| measure | project | baseline | ratio | goal | pass/fail | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for _, m in rows:
        verdict = {True: "pass", False: "FAIL", None: ""}[m.passed]
        ratio = f"{m.ratio:.2f}×" if m.ratio is not None else ""
        goal = m.goal_text() + ("" if m.baseline is not None or m.goal is None else f" {m.unit}")
        lines.append(
            f"| {m.name} | {_number(m.value, m.unit)} | {_number(m.baseline, m.unit)} | "
            f"{ratio} | {goal} | {verdict} | {m.note} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cores = os.cpu_count() or 0
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}, Python {sys.version.split()[0]}"


PACKAGES = ("card_reader", "forms", "i18n", "kiosk", "ui")


def compile_bytecode() -> None:
    """Measure the product as installed: an install has its bytecode compiled (pip
    does it), an editable checkout under PYTHONDONTWRITEBYTECODE would recompile every
    module on every start."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(str(HERE.parent / package), quiet=1, workers=0)


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    compile_bytecode()
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if argv:
        modules = [m for m in modules if any(a in m for a in argv)]
    rows: list[tuple[str, Measurement]] = []
    failed = 0
    for name in modules:
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            rows += [(name, m) for m in module.run()]
        except Exception:
            failed += 1
            traceback.print_exc()
    print()
    print(table(rows))
    goals = [m for _, m in rows if m.passed is not None]
    print(
        f"\n{sum(1 for m in goals if m.passed)} of {len(goals)} goals met; "
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {machine()}"
    )
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "machine": machine(),
                "python": sys.version.split()[0],
                "results": [
                    {
                        "module": mod,
                        "name": m.name,
                        "value": m.value,
                        "unit": m.unit,
                        "note": m.note,
                        "baseline": m.baseline,
                        "ratio": m.ratio,
                        "goal": m.goal_text(),
                        "passed": m.passed,
                    }
                    for mod, m in rows
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
