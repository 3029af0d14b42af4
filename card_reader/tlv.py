"""BER-TLV: multi-byte tags, short and long lengths, any file length.

Tags are ints of their bytes (`FF 20` is 0xFF20). Offsets are kept so a caller can hash
the exact bytes a TLV occupies. Anything that is not well-formed BER-TLV raises
`MalformedData`; the parser never raises anything else, whatever bytes it is given
(property-tested). Indefinite lengths (`80`) are rejected: the card never uses them.

`locate()` finds a TLV after arbitrary leading bytes (some cards put bytes before
`FF 20`), and tells an incremental reader how many bytes it still needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from card_reader.errors import MalformedData

#: A tag longer than this is not something this card uses: treat it as garbage.
MAX_TAG_BYTES = 4
#: Long-form lengths up to 4 bytes (`84 xx xx xx xx`).
MAX_LENGTH_BYTES = 4
#: READ BINARY offsets are 15 bits: no file we can read is longer than this.
MAX_FILE_SIZE = 0x7FFF + 256


class Truncated(MalformedData):
    """The buffer ends inside a TLV; `needed` is the length the buffer must reach.

    `exact` is true when that is the declared end of an object (its header arrived),
    false when only a header was cut and more is needed than we can know yet.
    """

    def __init__(self, needed: int, *, exact: bool = False) -> None:
        super().__init__(f"data ends early: {needed} bytes needed")
        self.needed = needed
        self.exact = exact


@dataclass(frozen=True)
class Need:
    """What an incremental reader must fetch before asking `locate` again."""

    length: int  # the buffer must grow to at least this many bytes
    exact: bool  # True: an object is known to end exactly there


def is_constructed(tag: int) -> bool:
    """Bit 6 of a tag's first byte: the value is TLVs itself."""
    return bool(tag >> (8 * (_byte_len(tag) - 1)) & 0x20)


class Header(NamedTuple):  # a tuple: made for every candidate, as cheaply as Python can
    tag: int
    start: int  # offset of the first tag byte
    value_start: int
    length: int

    @property
    def end(self) -> int:
        return self.value_start + self.length

    @property
    def constructed(self) -> bool:
        return is_constructed(self.tag)


@dataclass(frozen=True, slots=True)
class Tlv:
    """One data object. `start`/`value_start`/`end` are offsets in the parsed buffer."""

    tag: int
    start: int
    value_start: int
    end: int
    value: bytes

    @property
    def constructed(self) -> bool:
        return is_constructed(self.tag)

    def children(self) -> list[Tlv]:
        """The TLVs inside this one's value (offsets still relative to the outer buffer)."""
        return parse_all(self.value, base=self.value_start)


def _byte_len(tag: int) -> int:
    return max(1, (tag.bit_length() + 7) // 8)


def tag_bytes(tag: int) -> bytes:
    return tag.to_bytes(_byte_len(tag), "big")


def parse_header(buf: bytes, pos: int = 0) -> Header:
    """The tag and length at `pos`. Raises `Truncated` if `buf` ends inside them."""
    n = len(buf)
    if pos >= n:
        raise Truncated(pos + 1)
    first = buf[pos]
    i = pos + 1
    tag = first
    if first & 0x1F == 0x1F:  # multi-byte tag: following bytes while bit 8 is set
        while True:
            if i >= n:
                raise Truncated(i + 1)
            b = buf[i]
            i += 1
            tag = (tag << 8) | b
            if i - pos > MAX_TAG_BYTES:
                raise MalformedData(f"tag longer than {MAX_TAG_BYTES} bytes at offset {pos}")
            if not b & 0x80:
                break
    if i >= n:
        raise Truncated(i + 1)
    lb = buf[i]
    i += 1
    if lb < 0x80:
        length = lb
    elif lb == 0x80:
        raise MalformedData(f"indefinite length at offset {pos}")
    else:
        count = lb & 0x7F
        if count > MAX_LENGTH_BYTES:
            raise MalformedData(f"length of {count} bytes at offset {pos}")
        if i + count > n:
            raise Truncated(i + count)
        length = int.from_bytes(buf[i : i + count], "big")
        i += count
    return Header(tag, pos, i, length)


def parse_one(buf: bytes, pos: int = 0, *, base: int = 0) -> Tlv:
    """The complete TLV at `pos`; `base` is added to the offsets it reports."""
    h = parse_header(buf, pos)
    if h.end > len(buf):
        raise Truncated(h.end, exact=True)
    return Tlv(
        tag=h.tag,
        start=base + h.start,
        value_start=base + h.value_start,
        end=base + h.end,
        value=bytes(buf[h.value_start : h.end]),
    )


def parse_all(buf: bytes, *, base: int = 0) -> list[Tlv]:
    """Every TLV in `buf`, which must be nothing but TLVs back to back."""
    out: list[Tlv] = []
    pos = 0
    while pos < len(buf):
        tlv = parse_one(buf, pos, base=base)
        out.append(tlv)
        pos = tlv.end - base
    return out


def iter_children(buf: bytes, header: Header) -> Iterator[Tlv]:
    """The children of a constructed TLV, as far as `buf` holds them.

    Raises `Truncated` at the first child that runs past the end of `buf`, so a reader
    can stop as soon as the child it wants has arrived.
    """
    pos = header.value_start
    end = header.end
    while pos < end:
        tlv = parse_one(buf, pos)
        if tlv.end > end:
            raise MalformedData(f"TLV at offset {pos} runs past its parent")
        yield tlv
        pos = tlv.end


def _candidates(buf: bytes, tag: int) -> Iterator[Header | Truncated]:
    """Headers of every well-formed `tag` object start in `buf`, in order."""
    wanted = tag_bytes(tag)
    pos = buf.find(wanted)
    while pos != -1:
        try:
            yield parse_header(buf, pos)
        except Truncated as cut:
            yield cut
        except MalformedData:
            pass
        pos = buf.find(wanted, pos + 1)


def locate(
    buf: bytes,
    tag: int,
    *,
    complete: bool,
    accept: Callable[[Tlv], bool] = lambda _tlv: True,
) -> Tlv | Need:
    """The first whole TLV with `tag` that `accept`s, skipping any bytes before it.

    `complete` says whether `buf` is the whole file. If it is not, and a candidate
    is cut off (or no candidate has been seen yet), returns what to read before
    asking again. If it is, and no candidate fits, raises `MalformedData`.
    """
    for h in _candidates(buf, tag):
        if isinstance(h, Truncated):
            if not complete:
                return Need(h.needed, h.exact)
        elif h.end <= len(buf):
            tlv = parse_one(buf, h.start)
            if _accepts(accept, tlv):
                return tlv
        elif not complete and h.end <= MAX_FILE_SIZE:
            return Need(h.end, exact=True)
    if not complete:
        return Need(len(buf) + 1, exact=False)
    raise MalformedData(f"no valid {tag_bytes(tag).hex().upper()} object in {len(buf)} bytes")


def locate_child(buf: bytes, parent: int, child: int, *, complete: bool) -> Tlv | Need | None:
    """The first `child` inside the first well-formed `parent`, reading no further than needed.

    Returns the child; None if the parent is there and whole but has no such child;
    or, when `buf` is not complete, how long it must be before asking again. With
    `complete` and no readable parent, raises `MalformedData`.
    """
    for h in _candidates(buf, parent):
        if isinstance(h, Truncated):
            if not complete:
                return Need(h.needed, h.exact)
            continue
        try:
            for tlv in iter_children(buf, h):
                if tlv.tag == child:
                    return tlv
        except Truncated as cut:
            if not complete and h.end <= MAX_FILE_SIZE:
                return Need(cut.needed, cut.exact)
            continue
        except MalformedData:
            continue
        if h.end <= len(buf):
            return None
        if not complete:
            return Need(h.end, exact=True)
    if complete:
        raise MalformedData(f"no readable {tag_bytes(parent).hex().upper()} object")
    return Need(len(buf) + 1, exact=False)


def _accepts(accept: Callable[[Tlv], bool], tlv: Tlv) -> bool:
    try:
        return accept(tlv)
    except MalformedData:
        return False


def encode_length(n: int) -> bytes:
    if n < 0:
        raise ValueError("negative length")
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    if len(body) > MAX_LENGTH_BYTES:
        raise ValueError("length too large")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes, *, length_bytes: int | None = None) -> bytes:
    """One TLV. `length_bytes` forces the long form (`82 LL LL` is what cards use for FF 20)."""
    if length_bytes is None:
        length = encode_length(len(value))
    else:
        length = bytes([0x80 | length_bytes]) + len(value).to_bytes(length_bytes, "big")
    return tag_bytes(tag) + length + value
