"""The one clock: every "what day is it, what time is it" in madoguchi asks a `Clock`.

The calendar's first month, ages, the 受付日 on the cover sheet, the day of a reception
number, the time a row is saved: all come from the clock the application was built
with. `forms` sits below this layer and takes `today` as an argument; `kiosk` and `ui`
pass `clock.today()`. Tests and scenario files pin the clock (`Clock.at`), so nothing
depends on the day the suite runs.

Times in the database are timezone-aware UTC; "today" is the calendar day at the city
hall (`zone`).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Japan has no daylight saving time, so a fixed offset is exact where no tz database
#: is installed (Windows without the tzdata package).
_FIXED = {"Asia/Tokyo": timezone(timedelta(hours=9), "JST"), "UTC": UTC}

#: The hour of the day a clock pinned to a date starts at: inside office hours, far
#: from midnight, so a test that runs for minutes stays on its day.
PINNED_HOUR = 10


def local_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name in _FIXED:
            return _FIXED[name]
        raise


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: madoguchi only takes timezone-aware times")
    return moment.astimezone(UTC)


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day at the city hall when `moment` happened."""
    return as_utc(moment).astimezone(zone).date()


class Clock:
    """The system clock, or one pinned to a moment that then runs on (`at`).

    A pinned clock keeps real seconds between readings (timestamps stay ordered, waits
    stay waits) but starts where the test or scenario says; `advance` moves it on
    without waiting (lock-out minutes, retention days)."""

    def __init__(self, zone: tzinfo | str = "Asia/Tokyo", start: datetime | None = None) -> None:
        self.zone = local_zone(zone) if isinstance(zone, str) else zone
        self._start = as_utc(start) if start is not None else None
        self._origin = time.monotonic()
        self._offset = timedelta()

    @classmethod
    def at(cls, when: date | datetime, zone: tzinfo | str = "Asia/Tokyo") -> Clock:
        """A clock that starts at `when` (a date: at PINNED_HOUR o'clock there)."""
        clock = cls(zone)
        if not isinstance(when, datetime):
            when = datetime(when.year, when.month, when.day, PINNED_HOUR, tzinfo=clock.zone)
        elif when.tzinfo is None:
            when = when.replace(tzinfo=clock.zone)
        clock._start = as_utc(when)
        return clock

    @property
    def pinned(self) -> bool:
        return self._start is not None

    def now(self) -> datetime:
        """Now, timezone-aware, in UTC."""
        if self._start is None:
            moment = datetime.now(UTC)
        else:
            moment = self._start + timedelta(seconds=time.monotonic() - self._origin)
        return moment + self._offset

    def local_now(self) -> datetime:
        """Now at the city hall."""
        return self.now().astimezone(self.zone)

    def today(self) -> date:
        """Today's date at the city hall."""
        return self.local_now().date()

    def day_of(self, moment: datetime) -> date:
        """The city hall's calendar day of `moment`."""
        return local_day(moment, self.zone)

    def advance(self, delta: timedelta) -> None:
        """Move this clock on by `delta` (tests: a lock that expires, data that ages)."""
        self._offset += delta

    def __repr__(self) -> str:
        where = f"pinned {self.local_now():%Y-%m-%d %H:%M}" if self.pinned else "system"
        return f"Clock({where}, {self.zone})"
