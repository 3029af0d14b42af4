"""Typed results: the basic four items (基本4情報) and a reader's card status.

`BasicFour` is personal data: its repr shows no values, so it cannot leak into a log
by accident. Text is kept exactly as the card stores it (no trimming, no Unicode
normalisation): characters outside the BMP, full-width spaces and long addresses
survive unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum, unique


@unique
class Integrity(StrEnum):
    """Whether EF 0003's SHA-256 (DF32) matches the basic-four bytes read."""

    OK = "ok"
    MISMATCH = "mismatch"
    ABSENT = "absent"  # the card has no EF 0003, or it holds no DF32


#: ISO 5218 codes and their meanings (English labels; `card.sex.<code>` translates).
SEX_LABELS: dict[str, str] = {
    "0": "not known",
    "1": "male",
    "2": "female",
    "9": "not applicable",
}


@dataclass(frozen=True, repr=False)
class BasicFour:
    name: str
    address: str
    birth_date: date | None  # None when the card's text is not a valid YYYYMMDD date
    birth_date_raw: str
    sex: str  # ISO 5218 code
    sex_label: str
    integrity: Integrity

    @property
    def sex_label_key(self) -> str:
        """Message key for the sex label in the resident's language."""
        return f"card.sex.{self.sex}"

    def to_json_dict(self) -> dict[str, str | None]:
        """Exactly the keys of `madoguchi card read --json`."""
        return {
            "name": self.name,
            "address": self.address,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_date_raw": self.birth_date_raw,
            "sex": self.sex,
            "sex_label": self.sex_label,
            "integrity": self.integrity.value,
        }

    def __repr__(self) -> str:
        return "BasicFour(<redacted>)"

    __str__ = __repr__


@dataclass(frozen=True)
class CardStatus:
    """What `card_status` learns without using a PIN try."""

    reader: str | None
    present: bool
    is_my_number: bool
    pin_tries_left: int | None  # None: no My Number card, or the card did not say

    @property
    def pin_blocked(self) -> bool:
        return self.pin_tries_left == 0

    def to_json_dict(self) -> dict[str, object]:
        return {
            "reader": self.reader,
            "present": self.present,
            "is_my_number": self.is_my_number,
            "pin_tries_left": self.pin_tries_left,
            "pin_blocked": self.pin_blocked,
        }


@unique
class Holding(StrEnum):
    """What a reader holds, as `madoguchi card readers` shows it."""

    MY_NUMBER = "my_number"  # the input-support AP answered its SELECT
    OTHER_CARD = "other_card"  # a card that is not a My Number Card (SAM, bank card...)
    UNRESPONSIVE = "unresponsive"  # a card that gives no ATR (upside-down)
    BUSY = "busy"  # another program held it longer than we waited
    EMPTY = "empty"


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    holds: Holding

    def to_json_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "card_present": self.holds is not Holding.EMPTY,
            "holds": self.holds.value,
        }
