"""`pytest --move-clock`: run the tests with the machine's clock a year ahead, on the
last minute of a month, so midnight, a month's end and a year's end pass while they run.

Every test pins the one clock (`tests.clock`), so none should notice. This proves it:
a test that reads the real date anywhere (a calendar opening on the current month, an
age, a reception number's day) fails here. `time-machine` moves Python's wall clock
(`datetime.now`, `date.today`, `time.time`...) in every test process, and leaves the
monotonic clock alone, so timeouts and thread waits behave as usual; madoguchi reads
no clock from Qt (tests/infra/test_one_clock.py), so Qt sees the moved time too.
Processes a test starts keep the real clock.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

JST = timezone(timedelta(hours=9))


def moved_moment(now: datetime) -> datetime:
    """23:59:30 at the city hall on the last day of this month, next year."""
    local = now.astimezone(JST)
    year = local.year + 1
    last = calendar.monthrange(year, local.month)[1]
    return datetime(year, local.month, last, 23, 59, 30, tzinfo=JST)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--move-clock",
        action="store_true",
        help="Run with the wall clock a year ahead, 30 s before a month's end (JST).",
    )


_travel: Any = None


def pytest_configure(config: pytest.Config) -> None:
    global _travel
    if not config.getoption("--move-clock"):
        return
    import time_machine

    target = moved_moment(datetime.now(JST))
    _travel = time_machine.travel(target, tick=True)
    _travel.start()
    config.stash[_MOVED] = target


def pytest_report_header(config: pytest.Config) -> str | None:
    target = config.stash.get(_MOVED, None)
    return f"clock moved to {target.isoformat()} (--move-clock)" if target else None


def pytest_unconfigure(config: pytest.Config) -> None:
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


_MOVED = pytest.StashKey[datetime]()
