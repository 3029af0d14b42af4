"""The day the tests live on, whatever the real date: every test pins the one clock
(`kiosk.clock.Clock.at`), so `make test` passes on any day. `make test` also runs the
time-sensitive tests with the machine's clock moved (libfaketime) to prove it."""

from __future__ import annotations

from datetime import date

from kiosk.clock import Clock

#: A Wednesday in late November: the scenarios' move dates fall in this month, and
#: the adults and children in the samples have the ages their procedures need.
TEST_DAY = date(2026, 11, 25)


def pinned_clock(day: date = TEST_DAY) -> Clock:
    """A clock that starts at 10:00 at the city hall on `day` and runs on from there."""
    return Clock.at(day)
