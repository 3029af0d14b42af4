"""How long a resident will wait: the people ahead in their counter group and, from
today's live statistics, the typical wait (submitted → called) — for the done screen.

Qt-free and I/O only through the store given, so the kiosk runs it in a worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any


@dataclass(frozen=True)
class WaitEstimate:
    #: Applications of the group waiting before this one (it is not counted).
    ahead: int
    #: Today's typical wait in whole minutes (at least 1), or None before anyone of
    #: today was called (a guess would be worse than saying nothing).
    minutes: int | None


def estimate_wait(store: Any, counter_group: str, now: datetime) -> WaitEstimate:
    """For an application just submitted to `counter_group` at `now`."""
    board = store.lobby_board(counter_group)
    waiting = board.waiting_by_group.get(counter_group, board.waiting)
    start = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    rows = store.stats(start, now + timedelta(minutes=1), by="day")
    # Each procedure's median wait, weighted by the applications called: one number.
    weighted = [(r.waiting_median_s, r.called) for r in rows if r.waiting_median_s is not None]
    called = sum(n for _, n in weighted)
    minutes = None
    if called:
        seconds = sum(s * n for s, n in weighted) / called
        minutes = max(1, math.ceil(seconds / 60))
    return WaitEstimate(ahead=max(0, waiting - 1), minutes=minutes)
