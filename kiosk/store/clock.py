"""Time: timezone-aware UTC in the database, the local calendar day for numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Japan has no daylight saving time, so a fixed offset is exact where no tz database
#: is installed (Windows without the tzdata package).
_FIXED = {"Asia/Tokyo": timezone(timedelta(hours=9), "JST"), "UTC": UTC}


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        if name in _FIXED:
            return _FIXED[name]
        raise


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The calendar day at the city hall when `moment` happened."""
    return as_utc(moment).astimezone(zone).date()


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store only takes timezone-aware times")
    return moment.astimezone(UTC)
