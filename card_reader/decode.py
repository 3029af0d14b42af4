"""Bytes of the input-support files → typed values.

Pure functions over file contents: every malformed input gives `MalformedData`, with a
detail that names the problem but never the data.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date

from card_reader import tlv
from card_reader.constants import Tag
from card_reader.errors import MalformedData
from card_reader.model import SEX_LABELS, BasicFour, Integrity

#: The four items, in the order they appear on the card.
ITEM_TAGS = (Tag.NAME, Tag.ADDRESS, Tag.BIRTH_DATE, Tag.SEX)
INDIVIDUAL_NUMBER_DIGITS = 12
_YYYYMMDD = re.compile(r"[0-9]{8}")


def _items(ff20: tlv.Tlv) -> dict[int, tlv.Tlv]:
    if not ff20.constructed:
        raise MalformedData("FF20 is not constructed")
    found: dict[int, tlv.Tlv] = {}
    for child in ff20.children():
        if child.tag in found:
            raise MalformedData(f"tag {child.tag:X} appears twice")
        found[child.tag] = child
    missing = [f"{t:X}" for t in ITEM_TAGS if t not in found]
    if missing:
        raise MalformedData(f"basic four lacks {', '.join(missing)}")
    return found


@dataclass(frozen=True)
class BasicFourObject:
    """FF 20 and its items, parsed once: the hash check and the decoding both use them."""

    ff20: tlv.Tlv
    items: dict[int, tlv.Tlv]


def basic_four_object(ff20: tlv.Tlv) -> BasicFourObject:
    """`ff20` with its items; `MalformedData` unless it holds all four, once each."""
    return BasicFourObject(ff20, _items(ff20))


def find_basic_four(buf: bytes, *, complete: bool) -> BasicFourObject | tlv.Need:
    """The FF 20 object in EF 0002's bytes (after any leading bytes), or bytes still needed."""
    parsed: dict[int, BasicFourObject] = {}

    def accept(candidate: tlv.Tlv) -> bool:  # keeps what it parsed, by the object's offset
        parsed[candidate.start] = basic_four_object(candidate)
        return True

    found = tlv.locate(buf, Tag.BASIC_FOUR, complete=complete, accept=accept)
    return found if isinstance(found, tlv.Need) else parsed[found.start]


def _text(item: tlv.Tlv, what: str) -> str:
    try:
        return item.value.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedData(f"{what} is not UTF-8") from None


def parse_birth_date(raw: str) -> date | None:
    """`YYYYMMDD` as a date; None for any other text (the format is not confirmed)."""
    if not _YYYYMMDD.fullmatch(raw):
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def hashed_bytes(found: BasicFourObject) -> bytes:
    """The bytes DF32 hashes: the four item TLVs as stored, to the end of FF 20.

    That is, from the first of DF22..DF25 (after the DF21 offsets) through the end
    of FF 20's value, as AokiApp/jsapdu's `calculateBasicFourHash` does
    (`offsets[0]` to the end of the object).
    """
    ff20 = found.ff20
    first = min(found.items[t].start for t in ITEM_TAGS)
    return ff20.value[first - ff20.value_start :]


def integrity_of(found: BasicFourObject, expected: bytes | None) -> Integrity:
    if expected is None:
        return Integrity.ABSENT
    actual = hashlib.sha256(hashed_bytes(found)).digest()
    return Integrity.OK if hmac.compare_digest(actual, expected) else Integrity.MISMATCH


def decode_basic_four(found: BasicFourObject, integrity: Integrity) -> BasicFour:
    items = found.items
    birth_raw = _text(items[Tag.BIRTH_DATE], "birth date")
    sex = _text(items[Tag.SEX], "sex")
    if sex not in SEX_LABELS:
        raise MalformedData("sex is not an ISO 5218 code")
    return BasicFour(
        name=_text(items[Tag.NAME], "name"),
        address=_text(items[Tag.ADDRESS], "address"),
        birth_date=parse_birth_date(birth_raw),
        birth_date_raw=birth_raw,
        sex=sex,
        sex_label=SEX_LABELS[sex],
        integrity=integrity,
    )


def basic_four_from_file(ef0002: bytes, ef0003: bytes | None = None) -> BasicFour:
    """Decode whole files (for tests and tools; the protocol reads incrementally)."""
    found = find_basic_four(ef0002, complete=True)
    assert isinstance(found, BasicFourObject)  # complete=True returns it or raises
    return decode_basic_four(found, integrity_from_file(found, ef0003))


def integrity_from_file(found: BasicFourObject, ef0003: bytes | None) -> Integrity:
    if ef0003 is None:
        return Integrity.ABSENT
    try:
        df32 = tlv.locate_child(ef0003, Tag.SIGNATURE_DATA, Tag.BASIC_FOUR_HASH, complete=True)
    except MalformedData:
        return Integrity.MISMATCH  # EF 0003 is there but unreadable: the check cannot pass
    assert not isinstance(df32, tlv.Need)  # complete=True never asks for more
    return integrity_of(found, df32.value if df32 else None)


def decode_individual_number(buf: bytes) -> str:
    """EF 0001: `DF 10 0C` + 12 ASCII digits (after any leading bytes)."""
    found = tlv.locate(buf, Tag.INDIVIDUAL_NUMBER, complete=True, accept=is_individual_number)
    assert isinstance(found, tlv.Tlv)
    return found.value.decode("ascii")


def is_individual_number(candidate: tlv.Tlv) -> bool:
    v = candidate.value
    return len(v) == INDIVIDUAL_NUMBER_DIGITS and all(0x30 <= b <= 0x39 for b in v)
