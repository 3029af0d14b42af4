"""Whether the database answers one staff desk, and why not.

Two witnesses: the change watcher (lost / reconnected) and the desk's own calls (a
DatabaseUnavailable, then a call that succeeds). The desk is connected while both are
fine. Each method returns whether the desk must say so (the banner shows or goes); a
change of reason while away is said again.
"""

from __future__ import annotations


class Connection:
    def __init__(self) -> None:
        self._watch_ok = True
        self._calls_ok = True
        #: Why the database is away, in words (the banner); "" while connected.
        self.outage = ""

    @property
    def connected(self) -> bool:
        return self._watch_ok and self._calls_ok

    @property
    def calls_failing(self) -> bool:
        """The last call found the database away: the desk retries soon."""
        return not self._calls_ok

    def call_failed(self, reason: str) -> bool:
        """A call found the database away: True to announce "not connected" (it was,
        or the reason changed)."""
        before, said = self.connected, self.outage
        self._calls_ok, self.outage = False, reason
        return before or said != reason

    def call_ok(self) -> bool:
        """A call succeeded: True when the desk is connected again (recovered)."""
        before = self.connected
        self._calls_ok = True
        return self._came_back(before)

    def watch_lost(self) -> bool:
        """The watcher lost the database: True to announce "not connected"."""
        before = self.connected
        self._watch_ok = False
        return before

    def watch_back(self) -> bool:
        """The watcher reconnected: True when the desk is connected again (recovered)."""
        before = self.connected
        self._watch_ok = True
        return self._came_back(before)

    def _came_back(self, before: bool) -> bool:
        if before or not self.connected:
            return False
        self.outage = ""  # the stale reason goes with the banner
        return True
