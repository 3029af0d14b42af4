"""One clock: only kiosk/clock.py reads the wall clock; everything else asks a Clock.

A calendar that opened on "this month" from the system date was the date bomb that
broke main; this keeps any new one out, and `pytest --move-clock` (make test) proves
the tests pin the clock everywhere."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

from tests.support.moved_clock import JST, moved_moment

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["kiosk", "ui", "forms", "card_reader", "i18n"]
THE_CLOCK = ROOT / "kiosk" / "clock.py"

#: (object, attribute) calls that read the wall clock.
WALL_CLOCK = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QTime", "currentTime"),
}


def wall_clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in WALL_CLOCK:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_only_the_clock_reads_the_wall_clock() -> None:
    reads = [
        read
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != THE_CLOCK
        for read in wall_clock_reads(path)
    ]
    assert reads == [], "ask kiosk.clock.Clock (or take `today`) instead:\n" + "\n".join(reads)


def test_the_check_finds_a_wall_clock_read(tmp_path: Path) -> None:
    sample = tmp_path / "kiosk" / "sample.py"
    sample.parent.mkdir()
    sample.write_text(
        "from datetime import date, datetime\nx = date.today()\ny = datetime.now(tz)\n",
        encoding="utf-8",
    )
    assert wall_clock_reads(sample, tmp_path) == [
        "kiosk/sample.py:2: date.today()",
        "kiosk/sample.py:3: datetime.now()",
    ]


def test_the_moved_clock_is_a_months_last_minute_a_year_ahead() -> None:
    for now, moved in [
        (datetime(2026, 12, 1, 9, 0, tzinfo=JST), datetime(2027, 12, 31, 23, 59, 30, tzinfo=JST)),
        (datetime(2027, 2, 10, 9, 0, tzinfo=JST), datetime(2028, 2, 29, 23, 59, 30, tzinfo=JST)),
        (datetime(2026, 4, 30, 20, 0, tzinfo=JST), datetime(2027, 4, 30, 23, 59, 30, tzinfo=JST)),
    ]:
        assert moved_moment(now) == moved
