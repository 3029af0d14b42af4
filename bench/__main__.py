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


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
    width = max([len(m.name) for _, m in rows] + [10])
    print(f"\n{'benchmark':<{width}}  {'value':>12}  unit   note")
    print("-" * (width + 40))
    for _, m in rows:
        print(f"{m.name:<{width}}  {m.value:>12.3f}  {m.unit:<5}  {m.note}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "machine": platform.platform(),
                "python": sys.version.split()[0],
                "results": [
                    {
                        "module": mod,
                        "name": m.name,
                        "value": m.value,
                        "unit": m.unit,
                        "note": m.note,
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
