"""The queue as one staff desk reads it: its filter and the coalesced reloads.

Live updates can arrive faster than the database answers; reloads are coalesced: one
in flight, at most one more queued (whatever asked meanwhile is seen by that one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from kiosk.store import QueueFilter, QueueItem, lifecycle


class QueueReloads:
    def __init__(self) -> None:
        self.filter = QueueFilter()
        #: Reloads finished so far (tests and the benchmark wait on it).
        self.loads = 0
        self._loading = False
        self._again = False

    def set_filter(self, **changes: Any) -> QueueFilter:
        self.filter = dataclasses.replace(self.filter, **changes)
        return self.filter

    def begin(self) -> bool:
        """A reload is asked for: True to start one now, False when one is in flight
        (it is then started again once that one arrives)."""
        if self._loading:
            self._again = True
            return False
        self._loading = True
        return True

    def arrived(self) -> bool:
        """The reload in flight arrived: True if another must start now."""
        self.loads += 1
        self._loading = False
        again, self._again = self._again, False
        return again

    def failed(self) -> None:
        """It failed: nothing stays queued (the retry, or the next change, asks again)."""
        self._loading = self._again = False


def held_numbers(records: Iterable[QueueItem], username: str) -> list[str]:
    """Reception numbers this staff member holds now (called or in review)."""
    return [
        i.reception_number for i in records if i.holder == username and i.state in lifecycle.HELD
    ]
