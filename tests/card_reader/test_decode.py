"""EF 0002 / 0001 / 0003 bytes → typed values, built by the simulator's file builders."""

from __future__ import annotations

import contextlib
import hashlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from card_reader import decode, tlv
from card_reader.errors import MalformedData
from card_reader.model import BasicFour, Integrity
from card_reader.simulator import files
from tests.fixtures.card import EDGE_CASE_CARDS, LONG_ADDRESS


def ef2(
    name="山田　太郎", address="東京都千代田区千代田１－１", birth="19850412", sex="1", leading=b""
):
    return files.basic_four_file(name, address, birth, sex, leading)


def ef3_for(ef0002: bytes, leading: bytes = b"", mismatch: bool = False) -> bytes:
    hashed = files.basic_four_hash_input(ef0002, leading)
    return files.signature_file(
        files.individual_number_file("123456789018"), hashed, mismatch=mismatch
    )


def test_long_address_is_200_characters_outside_the_bmp():
    assert len(LONG_ADDRESS) == 200 and "𠮷" in LONG_ADDRESS and "　" in LONG_ADDRESS
    assert len(LONG_ADDRESS.encode()) > 256  # more than one READ BINARY


@pytest.mark.parametrize("case", EDGE_CASE_CARDS)
def test_items_decode_exactly(case):
    name, address, birth, sex = EDGE_CASE_CARDS[case]
    data = ef2(name, address, birth, sex)
    result = decode.basic_four_from_file(data, ef3_for(data))
    assert (result.name, result.address, result.birth_date_raw, result.sex) == (
        name,
        address,
        birth,
        sex,
    )
    assert result.birth_date == date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    assert result.integrity is Integrity.OK


@pytest.mark.parametrize(
    ("sex", "label"), [("0", "not known"), ("1", "male"), ("2", "female"), ("9", "not applicable")]
)
def test_sex_codes_and_labels(sex, label):
    result = decode.basic_four_from_file(ef2(sex=sex))
    assert (result.sex, result.sex_label, result.sex_label_key) == (sex, label, f"card.sex.{sex}")


def test_text_is_not_trimmed_or_normalised():
    name, address = "　ｶﾞ　", "  ascii spaces kept  "
    result = decode.basic_four_from_file(ef2(name=name, address=address))
    assert (result.name, result.address) == (name, address)


def test_dfe21_offsets_built_by_the_simulator_point_at_the_items():
    data = ef2(leading=b"\x00\x01\x02")
    ff20 = tlv.parse_one(data, 3)
    offsets = ff20.children()[0].value
    starts = [int.from_bytes(offsets[i : i + 2], "big") for i in range(0, 8, 2)]
    assert starts == [c.start for c in ff20.children()[1:]]


@pytest.mark.parametrize(
    "leading", [b"", b"\x00" * 7, b"\xff\x20\x80", b"\xff\x20\x05\x00", bytes(range(200))]
)
def test_bytes_before_ff20_are_skipped(leading):
    data = ef2(leading=leading)
    result = decode.basic_four_from_file(data, ef3_for(data, leading))
    assert result.name == "山田　太郎" and result.integrity is Integrity.OK


def test_hash_covers_the_four_items_from_df22_to_the_end():
    data = ef2()
    ff20 = decode.basic_four_object(tlv.parse_one(data))
    hashed = decode.hashed_bytes(ff20)
    assert hashed.startswith(b"\xdf\x22") and data.endswith(hashed)
    df32 = hashlib.sha256(hashed).digest()
    assert decode.integrity_of(ff20, df32) is Integrity.OK
    assert decode.integrity_of(ff20, bytes(32)) is Integrity.MISMATCH
    assert decode.integrity_of(ff20, None) is Integrity.ABSENT


def test_integrity_results():
    data = ef2()
    assert decode.basic_four_from_file(data, None).integrity is Integrity.ABSENT
    assert (
        decode.basic_four_from_file(data, ef3_for(data, mismatch=True)).integrity
        is Integrity.MISMATCH
    )
    assert decode.basic_four_from_file(data, b"\x00garbage").integrity is Integrity.MISMATCH
    no_df32 = tlv.encode(0xFF30, tlv.encode(0xDF31, bytes(32)))
    assert decode.basic_four_from_file(data, no_df32).integrity is Integrity.ABSENT


@pytest.mark.parametrize(
    "raw", ["", "1985041", "198504120", "19850230", "S60.4.12", "１９８５０４１２", "1985-04-12"]
)
def test_birth_date_that_is_not_yyyymmdd_is_kept_raw(raw):
    result = decode.basic_four_from_file(ef2(birth=raw))
    assert result.birth_date is None and result.birth_date_raw == raw


@pytest.mark.parametrize("sex", ["3", "", "男", "10"])
def test_sex_outside_iso_5218_is_malformed(sex):
    with pytest.raises(MalformedData):
        decode.basic_four_from_file(ef2(sex=sex))


def _ff20(*items: tuple[int, bytes]) -> bytes:
    body = tlv.encode(0xDF21, bytes(8)) + b"".join(tlv.encode(t, v) for t, v in items)
    return tlv.encode(0xFF20, body, length_bytes=2)


@pytest.mark.parametrize(
    "data",
    [
        _ff20((0xDF22, b"a"), (0xDF23, b"b"), (0xDF24, b"19850412")),  # no sex
        _ff20((0xDF22, b"a"), (0xDF22, b"a"), (0xDF23, b"b"), (0xDF24, b"1"), (0xDF25, b"1")),
        _ff20((0xDF22, b"\xff\xfe"), (0xDF23, b"b"), (0xDF24, b"19850412"), (0xDF25, b"1")),
        _ff20((0xDF22, "𠮷".encode()[:3]), (0xDF23, b"b"), (0xDF24, b"19850412"), (0xDF25, b"1")),
        ef2()[:-3],
        b"",
        tlv.encode(0xDF20, b"not a basic four"),
    ],
)
def test_broken_files_are_malformed(data):
    with pytest.raises(MalformedData):
        decode.basic_four_from_file(data)


def test_basic_four_repr_shows_no_personal_data():
    result = decode.basic_four_from_file(ef2(name="個人　情報"))
    assert "個人" not in repr(result) and "個人" not in str(result) and "1985" not in repr(result)
    assert repr(result) == "BasicFour(<redacted>)"
    assert isinstance(result, BasicFour)


def test_json_dict_has_exactly_the_cli_keys():
    assert decode.basic_four_from_file(ef2()).to_json_dict() == {
        "name": "山田　太郎",
        "address": "東京都千代田区千代田１－１",
        "birth_date": "1985-04-12",
        "birth_date_raw": "19850412",
        "sex": "1",
        "sex_label": "male",
        "integrity": "absent",
    }


def test_individual_number():
    assert (
        decode.decode_individual_number(files.individual_number_file("123456789018"))
        == "123456789018"
    )
    for bad in (tlv.encode(0xDF10, b"12345678901"), tlv.encode(0xDF10, b"12345678901X"), b""):
        with pytest.raises(MalformedData):
            decode.decode_individual_number(bad)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_malformed(data):
    with contextlib.suppress(MalformedData):
        decode.basic_four_from_file(data, data)


text = st.text(st.characters(codec="utf-8"), max_size=250)


@settings(max_examples=200, deadline=None)
@given(
    text,
    text,
    st.text("0123456789", min_size=8, max_size=8),
    st.sampled_from("0129"),
    st.binary(max_size=40),
)
def test_any_text_round_trips_exactly(name, address, birth, sex, leading):
    data = ef2(name, address, birth, sex, leading)
    result = decode.basic_four_from_file(data, ef3_for(data, leading))
    assert (result.name, result.address, result.birth_date_raw, result.sex) == (
        name,
        address,
        birth,
        sex,
    )
    assert result.integrity is Integrity.OK
