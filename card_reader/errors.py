"""Typed errors of the card reader, each with a stable message key and CLI exit code.

`key` is the msgid in i18n/locales/*/LC_MESSAGES/card.po; `params()` gives the values
its `{placeholders}` take. Keys and exit codes never change after release. No error
ever carries a PIN, an individual number or any of the card's personal data.
"""

from __future__ import annotations

from typing import ClassVar


class CardError(Exception):
    """Base of everything the card reader raises on purpose."""

    key: ClassVar[str] = "card.error"
    exit_code: ClassVar[int] = 1

    def __init_subclass__(cls, *, key: str = "", exit_code: int = 0) -> None:
        """Each error class says its key and exit code in its `class` line."""
        super().__init_subclass__()
        cls.key = key or cls.key
        cls.exit_code = exit_code or cls.exit_code

    def __init__(self, detail: str = "", **values: object) -> None:
        #: Technical detail for logs (English, no personal data); residents see `key`.
        self.detail = detail
        #: The message's placeholders' values, also the error's attributes (tries_left).
        self.values = values
        for name, value in values.items():
            setattr(self, name, value)
        super().__init__(detail or self.key)

    def params(self) -> dict[str, object]:
        """Values for the message's placeholders."""
        return dict(self.values)

    def __str__(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in self.params().items())
        parts = [self.key] + ([extra] if extra else []) + ([self.detail] if self.detail else [])
        return ": ".join(parts)


class NoReader(CardError, key="card.no_reader", exit_code=3):
    """No card reader is connected (or the named one is not there)."""


class ReaderUnavailable(NoReader, key="card.service_unavailable", exit_code=4):
    """The smart card service is not running or not reachable.

    A subclass of `NoReader`: on Windows the service stops when the last reader is
    unplugged, so "no service" is shown and handled like "no reader".
    """


class NoCard(CardError, key="card.no_card", exit_code=5):
    """The reader has no card in it."""


class NotMyNumberCard(CardError, key="card.not_my_number_card", exit_code=6):
    """A card is there but it is not a My Number Card, or it is in upside-down."""

    WRONG_CARD: ClassVar[str] = "wrong_card"
    UNRESPONSIVE: ClassVar[str] = "unresponsive"  # contact card turned over, or mute

    def __init__(self, detail: str = "", reason: str = WRONG_CARD) -> None:
        super().__init__(detail)
        self.reason = reason


class CardRemoved(CardError, key="card.removed", exit_code=7):
    """The card was taken out while it was being read."""


class PinIncorrect(CardError, key="card.pin_incorrect", exit_code=8):
    """The PIN was wrong; the card used one try."""

    tries_left: int

    def __init__(self, tries_left: int, detail: str = "") -> None:
        super().__init__(detail, tries_left=tries_left)


class PinBlocked(CardError, key="card.pin_blocked", exit_code=9):
    """No PIN tries are left. No PIN is sent to a blocked card."""


class ApduError(CardError, key="card.unexpected_status", exit_code=10):
    """The card answered with a status word we do not expect at that point."""

    sw: int

    def __init__(self, sw: int, detail: str = "") -> None:
        super().__init__(detail, sw=sw)

    def params(self) -> dict[str, object]:
        return {"sw": f"{self.sw:04X}"}


class MalformedData(CardError, key="card.malformed_data", exit_code=11):
    """The card's data does not have the structure the protocol defines."""


class CardTimeout(CardError, key="card.timeout", exit_code=12):
    """The card took longer than the read's time limit."""


class CardCommunicationError(CardError, key="card.communication_error", exit_code=13):
    """The reader could not exchange data with the card (and it still seems inserted)."""


class CardBusy(CardError, key="card.busy", exit_code=16):
    """Another program on this computer holds the card (or reset it under us).

    Raised after waiting a bounded time for it to let go; nothing was read.
    """


class InvalidPinFormat(CardError, key="card.pin_format", exit_code=14):
    """The PIN passed is not 4 digits; nothing was sent to the card."""


#: Every error class, for catalogue checks and the exit-code table in the docs.
ALL_ERRORS: tuple[type[CardError], ...] = (
    NoReader,
    ReaderUnavailable,
    NoCard,
    NotMyNumberCard,
    CardRemoved,
    PinIncorrect,
    PinBlocked,
    ApduError,
    MalformedData,
    CardTimeout,
    CardCommunicationError,
    CardBusy,
    InvalidPinFormat,
)
