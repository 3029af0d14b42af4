"""The supervisor's live view as plain rows and alerts (no Qt): what `ui.supervisor`
shows, and what the tests read.

`SupervisorModel.update(overview)` keeps the newest `Overview` and returns the flags that
were not there before: those raise the alert (a card left at a kiosk, a print that
failed, a 外字 to check). Times are shown as minutes waited, from the overview's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from i18n import Translator
from kiosk.store.supervision import ActionFlag, HeldRow, Overview, WaitRow

#: A clerk holding more than this many applications is pointed out.
HOLDING_LIMIT = 1


def minutes_since(moment: datetime | None, at: datetime) -> int | None:
    if moment is None:
        return None
    return max(0, int((at - moment).total_seconds() // 60))


@dataclass(frozen=True)
class WaitLine:
    where: str
    waiting: int
    longest_minutes: int | None


@dataclass(frozen=True)
class HeldLine:
    clerk: str
    count: int
    numbers: str
    minutes: int | None
    #: Holds more than HOLDING_LIMIT: someone should look.
    too_many: bool


@dataclass(frozen=True)
class FlagLine:
    number: str
    what: str
    where: str
    new: bool


class SupervisorModel:
    def __init__(self) -> None:
        self.overview: Overview | None = None
        self._seen: set[tuple[str, str, str]] = set()
        self._new: set[tuple[str, str, str]] = set()

    def update(self, overview: Overview) -> list[ActionFlag]:
        """Take the newest overview; the flags that appeared since the last one."""
        first = self.overview is None
        self.overview = overview
        idents = {f.ident for f in overview.flags}
        # At the first look everything is news too: it has not been seen by anyone here.
        self._new = idents if first else idents - self._seen
        self._seen = idents
        return [f for f in overview.flags if f.ident in self._new]

    def acknowledge(self) -> None:
        """The supervisor saw the alert: nothing is new any more."""
        self._new = set()

    @property
    def alerting(self) -> bool:
        return bool(self._new)

    def wait_lines(self, tr: Translator, kind: str) -> list[WaitLine]:
        o = self.overview
        if o is None:
            return []

        def where(row: WaitRow) -> str:
            return (
                row.name if kind == "department" else tr("staff.supervisor.group", group=row.name)
            )

        return [
            WaitLine(where(r), r.waiting, minutes_since(r.oldest, o.at))
            for r in o.waits
            if r.kind == kind
        ]

    def held_lines(self) -> list[HeldLine]:
        o = self.overview
        if o is None:
            return []

        def line(r: HeldRow) -> HeldLine:
            return HeldLine(
                f"{r.display_name}（{r.username}）",
                len(r.numbers),
                "、".join(r.numbers),
                minutes_since(r.since, o.at),
                len(r.numbers) > HOLDING_LIMIT,
            )

        return [line(r) for r in o.held]

    def flag_lines(self, tr: Translator) -> list[FlagLine]:
        o = self.overview
        if o is None:
            return []
        return [
            FlagLine(
                f.reception_number,
                tr(f"staff.supervisor.flag.{f.kind}"),
                f.terminal_id,
                f.ident in self._new,
            )
            for f in o.flags
        ]
