"""Bounded retries with exponential back-off, for momentary reader conditions.

A card just inserted, another program finishing its exchange, a contact that
bounced: PC/SC reports these as errors that are gone a moment later (Windows answers
SCARD_E_COMM_DATA_LOST right at insertion). Opening the card is tried again a few
times, never for longer than `budget`; nothing that has sent a command is retried.
`sleep` and `clock` are injectable, so tests never wait for real.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    #: Tries in all, the first included.
    attempts: int = 5
    #: The pause before the first retry (seconds), multiplied by `factor` each time up
    #: to `max_delay`: 0.05, 0.1, 0.2, 0.4 by default (0.75 s in all).
    first_delay: float = 0.05
    factor: float = 2.0
    max_delay: float = 0.8
    #: No retry starts later than this many seconds after the first try.
    budget: float = 3.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def pauses(self) -> Iterator[float]:
        """The pause before each retry; ends when the tries or the budget are used up."""
        start = self.clock()
        delay = self.first_delay
        for _ in range(self.attempts - 1):
            if self.clock() + delay - start > self.budget:
                return
            yield delay
            delay = min(delay * self.factor, self.max_delay)
