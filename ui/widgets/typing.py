"""One signal for every character a resident types, on any keypad or keyboard on
screen (a tap or a physical key): read-aloud echoes it (ui.kiosk.window), except on
a PIN pad, whose digits are never said."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QObject, Signal


class TypingRelay(QObject):
    #: (the keypad or keyboard, the characters it took)
    typed = Signal(QObject, str)


@lru_cache(maxsize=1)
def typing_relay() -> TypingRelay:
    """The kiosk's one relay (made on first use, once Qt runs)."""
    return TypingRelay()
