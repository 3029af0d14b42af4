"""The bytes of a simulated card's files, built the way the real card lays them out."""

from __future__ import annotations

import hashlib

from card_reader import tlv
from card_reader.constants import Tag

#: A filler signature: the simulator has no JLIS key, and nothing here checks DF33.
_FAKE_SIGNATURE = bytes(range(256))


def basic_four_file(
    name: str, address: str, birth_date_raw: str, sex: str, leading: bytes = b""
) -> bytes:
    """EF 0002: `FF 20 82 LL LL {DF21 offsets, DF22..DF25}` after `leading` bytes.

    DF21 holds the four items' offsets from the start of the file, big-endian.
    """
    items = [
        tlv.encode(tag, text.encode("utf-8"))
        for tag, text in (
            (Tag.NAME, name),
            (Tag.ADDRESS, address),
            (Tag.BIRTH_DATE, birth_date_raw),
            (Tag.SEX, sex),
        )
    ]
    header_len = 2 + 3  # FF 20 82 LL LL
    offsets_len = 2 + 1 + 8  # DF 21 08 + four 16-bit offsets
    offset = len(leading) + header_len + offsets_len
    offsets = b""
    for item in items:
        offsets += offset.to_bytes(2, "big")
        offset += len(item)
    body = tlv.encode(Tag.OFFSETS, offsets) + b"".join(items)
    return leading + tlv.encode(Tag.BASIC_FOUR, body, length_bytes=2)


def basic_four_hash_input(ef0002: bytes, leading: bytes = b"") -> bytes:
    """What DF32 hashes: the item TLVs, from DF22 to the end of FF 20."""
    ff20 = tlv.parse_one(ef0002, len(leading))
    first_item = ff20.children()[1]  # after DF21
    return ef0002[first_item.start : ff20.end]


#: What follows the number's TLV in EF 0001: the references read 17 bytes from it, 2
#: more than `DF 10 0C` + 12 digits. Their content is not published; `FF FF` (erased
#: memory) also makes the parser skip bytes that look like the start of a tag.
INDIVIDUAL_NUMBER_PADDING = b"\xff\xff"


def individual_number_file(number: str) -> bytes:
    """EF 0001, 17 bytes: `DF 10 0C` + 12 ASCII digits, then 2 bytes of padding."""
    return tlv.encode(Tag.INDIVIDUAL_NUMBER, number.encode("ascii")) + INDIVIDUAL_NUMBER_PADDING


def signature_file(ef0001: bytes, basic_four_hashed: bytes, *, mismatch: bool = False) -> bytes:
    """EF 0003: `FF 30 {DF31 SHA-256 of EF 0001, DF32 SHA-256 of the basic four, DF33}`."""
    four = hashlib.sha256(basic_four_hashed + (b"tampered" if mismatch else b"")).digest()
    body = (
        tlv.encode(Tag.NUMBER_HASH, hashlib.sha256(ef0001).digest())
        + tlv.encode(Tag.BASIC_FOUR_HASH, four)
        + tlv.encode(Tag.SIGNATURE, _FAKE_SIGNATURE)
    )
    return tlv.encode(Tag.SIGNATURE_DATA, body, length_bytes=2)
