"""Staff-assisted mode: a member of staff runs the same kiosk flow on behalf of a
resident who cannot or will not use the touchscreen.

A staff PIN unlocks it. The kiosk keeps only an argon2 hash of that PIN in its
configuration (`staff_pin_hash`, made with `madoguchi staff-pin`); repeated wrong PINs
lock the mode for a while. Applications made in this mode carry a flag, so the
counter knows who filled them in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

#: Staff PINs are at least this long (a kiosk is in a public place).
MIN_PIN_LENGTH = 6
#: Wrong PINs in a row before the mode locks, and for how long.
MAX_FAILURES = 5
LOCK_SECONDS = 300.0


def hash_staff_pin(pin: str) -> str:
    if not pin.isdigit() or len(pin) < MIN_PIN_LENGTH:
        raise ValueError(f"a staff PIN is at least {MIN_PIN_LENGTH} digits")
    return _hasher().hash(pin)


@cache
def _hasher() -> PasswordHasher:
    """argon2, loaded when a staff PIN is first hashed or checked, not at the kiosk's start."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@dataclass
class StaffPinCheck:
    """Checks staff PINs against the configured hash, with a lock after failures."""

    pin_hash: str
    failures: int = 0
    locked_until: float = 0.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    @property
    def enabled(self) -> bool:
        return bool(self.pin_hash)

    def locked(self) -> bool:
        return self.clock() < self.locked_until

    def verify(self, pin: str) -> bool:
        """True for the right PIN. Never raises for a wrong or malformed one."""
        if not self.enabled or self.locked():
            return False
        from argon2.exceptions import InvalidHashError, VerificationError

        ok: bool
        try:
            ok = bool(_hasher().verify(self.pin_hash, pin))
        except (VerificationError, InvalidHashError):
            ok = False
        if ok:
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.failures = 0
            self.locked_until = self.clock() + LOCK_SECONDS
        return False
