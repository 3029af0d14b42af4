"""The queue as one staff desk reads it: its filter, its pages and the coalesced reloads.

Live updates can arrive faster than the database answers; reloads are coalesced: one
in flight, at most one more queued (whatever asked meanwhile is seen by that one).
The desk reads the list in keyset pages (`Store.queue_page`): first `PAGE` rows, then
a page more each time the clerk scrolls to the end; a reload reads again as many rows
as are shown, so 100,000 queued never means 100,000 rows in a window.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from kiosk.store import QueueFilter, QueueItem, QueuePage, lifecycle

#: Rows read at first, and added by each page more.
PAGE = 100


class QueueReloads:
    def __init__(self, page: int = PAGE) -> None:
        self.filter = QueueFilter()
        self.page = page
        #: Reloads finished so far (tests and the benchmark wait on it).
        self.loads = 0
        #: All rows the filter matches (counted by the database), and the rows shown.
        self.total = 0
        self.rows: tuple[QueueItem, ...] = ()
        self._next_after: tuple[Any, ...] | None = None
        self._wanted = page
        self._loading = False
        self._again = False
        self._more = False

    def set_filter(self, **changes: Any) -> QueueFilter:
        """Another filter or order: the list starts again from its first page."""
        self.filter = dataclasses.replace(self.filter, **changes)
        self._wanted = self.page
        return self.filter

    @property
    def reload_size(self) -> int:
        """How many rows a reload reads: as many as are shown (at least a page)."""
        return max(self._wanted, self.page)

    def has_more(self) -> bool:
        return self._next_after is not None

    def begin_more(self) -> tuple[Any, ...] | None:
        """Scrolled to the end: the key to read the next page after, or None (no more
        rows, or a read already in flight: the reload brings them)."""
        if self._next_after is None or self._loading or self._more:
            return None
        self._more = True
        return self._next_after

    def more_arrived(self, page: QueuePage) -> tuple[QueueItem, ...]:
        """The next page came: the rows to show (rows already shown are not repeated)."""
        self._more = False
        shown = {r.application_id for r in self.rows}
        self.rows += tuple(r for r in page.items if r.application_id not in shown)
        self.total, self._next_after = page.total, page.next_after
        self._wanted = len(self.rows)
        return self.rows

    def more_failed(self) -> None:
        self._more = False

    def page_arrived(self, page: QueuePage) -> tuple[QueueItem, ...]:
        """A reload came: its rows replace those shown."""
        self.rows, self.total, self._next_after = page.items, page.total, page.next_after
        return self.rows

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
