"""Offline name help (kiosk.names) on the installed SKK dictionaries: load and lookup time.

- parse: reading the four required files plus the optional ones with the SKK reader,
  no cache (what every kiosk start would cost without one);
- cold: a new process whose cache does not exist yet: import, build the SQLite cache,
  first answer (once per machine, and after a dictionary package upgrade);
- warm: a new process with the cache in place: import, open, first answer (every start);
- lookups: kanji_candidates for person and place readings, name_reading_candidates for
  card names with and without a space (median and 95th percentile, warm, in-process);
- the cache file's size and the process's memory growth after opening it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import Measurement

ROOT = Path(__file__).resolve().parents[1]

_FIRST_ANSWER = """
import json, time
start = time.perf_counter()
from kiosk import names
found = names.kanji_candidates("やまだ", "surname")
print(json.dumps({"s": time.perf_counter() - start, "built": names.default_index().built,
                  "found": found[:1]}))
"""

READINGS = [
    ("やまだ", "surname"), ("さとう", "surname"), ("わたなべ", "surname"),
    ("さいとう", "surname"), ("はなこ", "given"), ("ゆうこ", "given"), ("しょうた", "given"),
    ("ﾀﾛｳ", "given"), ("さっぽろ", "place"), ("しながわ", "place"), ("みなと", "place"),
]  # fmt: skip
CARD_NAMES = [
    "見本　花子", "山田 太郎", "髙橋　一郎", "渡邊　健", "𠮷田　花子", "山﨑　裕子",
    "見本花子", "佐藤裕子", "中山美穂", "小泉純一郎", "東海林太郎", "田中",
]  # fmt: skip


def _first_answer(data_dir: str) -> tuple[float, bool]:
    """(seconds to the first answer in a new process, whether it built the cache)."""
    env = dict(os.environ, MADOGUCHI_DATA_DIR=data_dir)
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_ANSWER], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    assert result["found"] == ["山田"], result
    return float(result["s"]), bool(result["built"])


def _timed(
    calls: list[tuple[Callable[..., object], tuple[object, ...]]], rounds: int
) -> list[float]:
    times = []
    for _ in range(rounds):
        for fn, args in calls:
            start = time.perf_counter()
            fn(*args)
            times.append(time.perf_counter() - start)
    return times


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def run() -> list[Measurement]:
    sys.path.insert(0, str(ROOT))
    import psutil

    from kiosk import names
    from kiosk.japanese import skk, sources

    directory = names.require()
    start = time.perf_counter()
    entries = 0
    for _source, path in sources.present_files(directory):
        entries += sum(1 for _ in skk.read_entries(path))
    parse_s = time.perf_counter() - start

    results = [
        Measurement("names: parse all SKK files, no cache", parse_s, "s", f"{entries} entries")
    ]
    with tempfile.TemporaryDirectory() as data:
        cold_s, built = _first_answer(data)
        warm = [_first_answer(data) for _ in range(3)]
        assert built and not any(b for _, b in warm), "the cache was not reused"
        cache = next(Path(data, "cache").glob("*.sqlite3"))
        results += [
            Measurement("names: cold start, build cache + first answer", cold_s, "s",
                        "new process, import included"),
            Measurement("names: warm start, open cache + first answer",
                        statistics.median(s for s, _ in warm), "s",
                        "new process, import included, median of 3"),
            Measurement("names: cache file size", cache.stat().st_size / 2**20, "MiB"),
        ]  # fmt: skip

        saved = os.environ.get("MADOGUCHI_DATA_DIR")
        os.environ["MADOGUCHI_DATA_DIR"] = data
        names.reset()
        rss = psutil.Process().memory_info().rss
        names.preload()
        grown = (psutil.Process().memory_info().rss - rss) / 2**20
        kanji = _timed([(names.kanji_candidates, r) for r in READINGS], 50)
        readings = _timed([(names.name_reading_candidates, (n,)) for n in CARD_NAMES], 50)
        names.reset()
        if saved is None:
            os.environ.pop("MADOGUCHI_DATA_DIR")
        else:
            os.environ["MADOGUCHI_DATA_DIR"] = saved
    results += [
        Measurement("names: memory after opening the cache", grown, "MiB", "RSS growth"),
        Measurement("names: kanji_candidates median", statistics.median(kanji) * 1e3, "ms",
                    f"{len(READINGS)} readings x 50"),
        Measurement("names: kanji_candidates p95", _percentile(kanji, 0.95) * 1e3, "ms"),
        Measurement("names: name_reading_candidates median",
                    statistics.median(readings) * 1e3, "ms", f"{len(CARD_NAMES)} names x 50"),
        Measurement("names: name_reading_candidates p95", _percentile(readings, 0.95) * 1e3, "ms",
                    "no-space names try every split"),
    ]  # fmt: skip
    return results
