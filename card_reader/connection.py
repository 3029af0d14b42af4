"""The transport: one card in one reader, APDU bytes in, (data, status word) out.

Like yubikit's `SmartCardConnection`, this is the only thing the protocol needs, so
pyscard, the in-process simulator and a scripted fake in tests all fit behind it.
"""

from __future__ import annotations

import abc
from types import TracebackType


class CardConnection(abc.ABC):
    """An open connection to a card. Use as a context manager; `close()` is idempotent."""

    @abc.abstractmethod
    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        """Send one command APDU; return the response data and SW1 SW2 as one int.

        A VERIFY arrives as a bytearray that the caller wipes right after the call:
        never keep a reference to `apdu`.

        Raises `CardRemoved`, `ReaderUnavailable` or `CardCommunicationError` when the
        exchange itself fails (never for a status word: those are the protocol's).
        """

    @property
    @abc.abstractmethod
    def atr(self) -> bytes:
        """The card's Answer To Reset."""

    @abc.abstractmethod
    def close(self, *, reset: bool = False) -> None:
        """Release the card. `reset=True` also resets it, forgetting a verified PIN."""

    def __enter__(self) -> CardConnection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
