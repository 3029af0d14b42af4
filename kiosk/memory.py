"""The kiosk's memory back to the system between residents (glibc's allocator).

A kiosk runs for weeks, one resident after another. What a resident's session freed
stays with the allocator, spread over one heap ("arena") per thread that ever
allocated: measured over 50 residents, RSS rose in steps of ~4 MiB with no object of
ours or Qt wrapper left alive (bench/bench_kiosk.py counts both). Two arenas and a
`malloc_trim` once the session is wiped keep it flat: 275 → 251 MiB after the 50th
(make bench, 2026-12-06), within ±2 MiB from the 5th resident on.
Elsewhere (Windows, musl) both are no-ops.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache
from typing import Any

#: glibc's mallopt parameter for the most arenas (malloc.h).
_M_ARENA_MAX = -8
#: Arenas for the kiosk's few threads: the GUI, the card's, the workers'.
ARENAS = 2


@cache
def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    if not (hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim")):
        return None  # another C library (musl): nothing to tune
    return libc


def limit_arenas(count: int = ARENAS) -> bool:
    """At most `count` heaps from now on (call before the kiosk starts its threads)."""
    libc = _glibc()
    return bool(libc is not None and libc.mallopt(_M_ARENA_MAX, count))


def give_back() -> bool:
    """Return the allocator's free pages to the system; True if any went back."""
    libc = _glibc()
    return bool(libc is not None and libc.malloc_trim(0))
