"""The open application at one staff desk: which one shows, which one is being read,
and when it must be read again.

One load runs at a time: asking for another meanwhile (a click on another row, a
change elsewhere) remembers only the last wish, and the result that arrives for one no
longer asked for is dropped for it. The audit log gets one `view` per opening: reading
the same application again (after an action, a change elsewhere) is not another view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from kiosk.store import ApplicationDetail, QueueItem


@dataclasses.dataclass(frozen=True)
class Opened:
    """One application as the detail view shows it."""

    detail: ApplicationDetail
    history: tuple[Any, ...]
    pages: tuple[Any, ...]  # one page image each (QImage at the staff desktop)


@dataclasses.dataclass(frozen=True)
class Load:
    """Read this application now; `record_view`: this reading is a new view."""

    application_id: str
    record_view: bool


class OpenApplication:
    def __init__(self) -> None:
        self.current: Opened | None = None
        #: The application whose opening is recorded as a view (being opened or open).
        self._viewed: str | None = None
        self.opening: str | None = None
        self._again = False
        #: The last confirmed action, for the window to move the focus on.
        self.focus_hint: tuple[str, str] | None = None

    @property
    def current_id(self) -> str | None:
        return self.current.detail.summary.application_id if self.current else None

    @property
    def number(self) -> str:
        return self.current.detail.summary.reception_number if self.current else ""

    @property
    def idle(self) -> bool:
        """Nothing open nor being opened (a new catalogue may be taken up)."""
        return self.current is None and self.opening is None

    def close(self) -> None:
        self.current = self._viewed = None

    def request(self, application_id: str) -> Load | None:
        """Show this application: the load to start, or None when one is in flight
        (this one is then read once that one arrives)."""
        if self.opening is not None:
            self.opening, self._again = application_id, True
            return None
        self.opening = application_id
        first = application_id != self._viewed
        self._viewed = application_id
        return Load(application_id, first)

    def loaded(self, opened: Opened) -> str | None:
        """A load arrived: None when it now shows, else the application asked for
        meanwhile, to be read instead (this result is dropped)."""
        wanted, again = self.opening, self._again
        self.opening, self._again = None, False
        if again:
            return wanted
        self.current = opened
        return None

    def failed(self) -> None:
        self.opening, self._again = None, False
        self._viewed = self.current_id  # that view was not recorded

    def showing(self, application_id: str | None) -> bool:
        """This application is open and stays so (no other one is being opened: reading
        it again then would replace what the staff member just asked for)."""
        return (
            application_id is not None
            and application_id == self.current_id
            and self.opening in (None, application_id)
        )

    def stale_in(self, items: Iterable[QueueItem]) -> str | None:
        """The open application's id if its row in this queue shows another version
        than the one displayed (another desk, or this one, changed it), else None."""
        if self.current is None:
            return None
        shown = self.current.detail.summary
        row = next((i for i in items if i.application_id == shown.application_id), None)
        if row is not None and row.version != shown.version and self.showing(row.application_id):
            return shown.application_id
        return None

    def procedure_title_ja(self, procedure_id: str) -> str:
        """The stored Japanese title of one of the open application's procedures."""
        if self.current is None:
            return ""
        procedures = self.current.detail.summary.procedures
        return next((p.title_ja for p in procedures if p.procedure_id == procedure_id), "")

    def take_focus_hint(self) -> tuple[str, str] | None:
        """What was last done (and confirmed) here, once: ("procedure", its id) etc."""
        hint, self.focus_hint = self.focus_hint, None
        return hint
