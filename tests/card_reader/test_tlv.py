"""BER-TLV parsing: multi-byte tags and lengths, leading bytes, and any bytes at all."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from card_reader import tlv
from card_reader.errors import MalformedData


@pytest.mark.parametrize(
    ("data", "tag", "value"),
    [
        (bytes.fromhex("5A0112"), 0x5A, b"\x12"),
        (bytes.fromhex("DF2203414243"), 0xDF22, b"ABC"),
        (bytes.fromhex("9F1F0100"), 0x9F1F, b"\x00"),
        (bytes.fromhex("5F8F01020102"), 0x5F8F01, b"\x01\x02"),  # three-byte tag
        (bytes.fromhex("DF23") + b"\x81\x80" + b"x" * 128, 0xDF23, b"x" * 128),
        (bytes.fromhex("FF20") + b"\x82\x01\x00" + b"y" * 256, 0xFF20, b"y" * 256),
        (bytes.fromhex("04") + b"\x83\x01\x00\x00" + b"z" * 65536, 0x04, b"z" * 65536),
        (bytes.fromhex("0400"), 0x04, b""),
    ],
)
def test_parse_one_reads_tags_and_lengths(data, tag, value):
    t = tlv.parse_one(data)
    assert (t.tag, t.value, t.start, t.end) == (tag, value, 0, len(data))


def test_non_minimal_long_length_is_accepted():
    assert tlv.parse_one(bytes.fromhex("DF2482000130")).value == b"0"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        bytes.fromhex("DF"),  # tag cut
        bytes.fromhex("DF22"),  # no length
        bytes.fromhex("DF2205414243"),  # value cut
        bytes.fromhex("DF2282"),  # long length cut
        bytes.fromhex("DF2280"),  # indefinite length
        bytes.fromhex("DF2285"),  # 5-byte length
        bytes.fromhex("DF8080808001"),  # tag longer than 4 bytes
    ],
)
def test_broken_data_is_malformed(data):
    with pytest.raises(MalformedData):
        tlv.parse_one(data)


def test_children_keep_offsets_in_the_outer_buffer():
    inner = tlv.encode(0xDF22, b"AB") + tlv.encode(0xDF23, b"C")
    outer = b"\x00\x00" + tlv.encode(0xFF20, inner, length_bytes=2)
    ff20 = tlv.parse_one(outer, 2)
    kids = ff20.children()
    assert [k.tag for k in kids] == [0xDF22, 0xDF23]
    assert outer[kids[0].start : kids[0].end] == tlv.encode(0xDF22, b"AB")
    assert ff20.constructed and not kids[0].constructed


def test_encode_round_trips_lengths_on_the_short_long_boundary():
    for n in (0, 1, 127, 128, 255, 256, 65535, 65536):
        data = tlv.encode(0xDF23, b"a" * n)
        assert tlv.parse_one(data).value == b"a" * n


def test_locate_skips_leading_bytes_including_a_false_start():
    real = tlv.encode(0xFF20, tlv.encode(0xDF22, b"x"), length_bytes=2)
    junk = b"\xff\x20\x80" + b"\xff\x20\x05abc"  # indefinite; then a length running into `real`
    buf = junk + real
    found = tlv.locate(buf, 0xFF20, complete=True, accept=lambda t: len(t.children()) == 1)
    assert isinstance(found, tlv.Tlv)
    assert found.start == len(junk)


def test_locate_asks_for_exactly_the_rest_of_a_cut_object():
    whole = b"\x01\x02" + tlv.encode(0xFF20, b"\xdf\x22\x01x" * 100, length_bytes=2)
    need = tlv.locate(whole[:50], 0xFF20, complete=False)
    assert need == tlv.Need(len(whole), exact=True)
    assert isinstance(tlv.locate(whole, 0xFF20, complete=False), tlv.Tlv)


def test_locate_asks_for_more_when_nothing_is_found_yet():
    assert tlv.locate(b"\x00" * 10, 0xFF20, complete=False) == tlv.Need(11, exact=False)
    with pytest.raises(MalformedData):
        tlv.locate(b"\x00" * 10, 0xFF20, complete=True)


def test_locate_child_stops_once_the_child_is_in():
    body = (
        tlv.encode(0xDF31, b"a" * 32)
        + tlv.encode(0xDF32, b"b" * 32)
        + tlv.encode(0xDF33, b"c" * 256)
    )
    ef = tlv.encode(0xFF30, body, length_bytes=2)
    found = tlv.locate_child(ef[:100], 0xFF30, 0xDF32, complete=False)
    assert isinstance(found, tlv.Tlv) and found.value == b"b" * 32
    assert tlv.locate_child(ef[:30], 0xFF30, 0xDF32, complete=False) == tlv.Need(40, exact=True)
    assert tlv.locate_child(ef, 0xFF30, 0xDF34, complete=True) is None


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_raise_malformed(data):
    try:
        tlvs = tlv.parse_all(data)
    except MalformedData:
        return
    assert b"".join(data[t.start : t.end] for t in tlvs) == data
    for t in tlvs:
        with contextlib.suppress(MalformedData):
            t.children()


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([0xFF20, 0xDF22, 0x04]), st.booleans())
def test_locate_never_raises_anything_but_malformed(data, tag, complete):
    try:
        found = tlv.locate(data, tag, complete=complete, accept=lambda t: bool(t.children()))
    except MalformedData:
        assert complete
        return
    if isinstance(found, tlv.Need):
        assert not complete and found.length > len(data)
    else:
        assert found.tag == tag


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.booleans())
def test_locate_child_never_raises_anything_but_malformed(data, complete):
    try:
        tlv.locate_child(data, 0xFF30, 0xDF32, complete=complete)
    except MalformedData:
        assert complete


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([0x04, 0x5A, 0xDF22, 0x9F1F, 0x5F8F01]), st.binary(max_size=300)),
        max_size=5,
    )
)
def test_encoded_sequences_parse_back(items):
    data = b"".join(tlv.encode(tag, value) for tag, value in items)
    assert [(t.tag, t.value) for t in tlv.parse_all(data)] == items
