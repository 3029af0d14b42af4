"""The input-support protocol against scripted card answers (exact APDU sequences)."""

from __future__ import annotations

import hashlib

import pytest

from card_reader import tlv
from card_reader.errors import (
    ApduError,
    CardTimeout,
    InvalidPinFormat,
    MalformedData,
    NotMyNumberCard,
    PinBlocked,
    PinIncorrect,
)
from card_reader.model import Integrity
from card_reader.protocol import APDU_LEVEL, InputSupportProtocol, redact
from card_reader.simulator import files
from tests.card_reader.fakes import (
    SELECT_AP,
    SELECT_EF1,
    SELECT_EF2,
    SELECT_EF3,
    SELECT_PIN,
    VERIFY_EMPTY,
    FakeCardConnection,
    read_binary,
    verify,
)
from tests.fixtures.card import LONG_ADDRESS

OK = 0x9000
EF2 = files.basic_four_file("山田　太郎", "東京都千代田区千代田１－１", "19850412", "1")
EF3 = files.signature_file(
    files.individual_number_file("123456789018"), files.basic_four_hash_input(EF2)
)


def proto(script) -> tuple[InputSupportProtocol, FakeCardConnection]:
    fake = FakeCardConnection(list(script))
    return InputSupportProtocol(fake), fake


#: The whole read of an ordinary card: the minimum sequence (docs/card-reader.md).
ORDINARY_READ = [
    (SELECT_AP, b"", OK),
    (SELECT_PIN, b"", OK),
    (VERIFY_EMPTY, b"", 0x63C3),
    (verify("1234"), b"", OK),
    (SELECT_EF2, b"", OK),
    (read_binary(0, 256), EF2, 0x6282),
    (SELECT_EF3, b"", OK),
    (read_binary(0, 256), EF3[:256], OK),
]


def test_ordinary_read_is_the_minimal_sequence():
    p, fake = proto(ORDINARY_READ)
    p.select_input_support()
    p.verify_pin("1234")
    result = p.read_basic_four()
    assert fake.done and len(fake.sent) == 8
    assert (result.name, result.integrity) == ("山田　太郎", Integrity.OK)


def test_status_is_three_apdus_and_no_pin():
    p, fake = proto([(SELECT_AP, b"", OK), (SELECT_PIN, b"", OK), (VERIFY_EMPTY, b"", 0x63C2)])
    p.select_input_support()
    assert p.pin_tries_left() == 2
    assert fake.done


@pytest.mark.parametrize("sw", [0x6A82, 0x6A86, 0x6D00, 0x6E00, 0x6999])
def test_any_refused_select_means_not_a_my_number_card(sw):
    p, _ = proto([(SELECT_AP, b"", sw)])
    with pytest.raises(NotMyNumberCard):
        p.select_input_support()


@pytest.mark.parametrize("blocked_sw", [0x63C0, 0x6983, 0x6984])
def test_blocked_card_is_never_sent_a_pin(blocked_sw):
    p, fake = proto([(SELECT_PIN, b"", OK), (VERIFY_EMPTY, b"", blocked_sw)])
    with pytest.raises(PinBlocked):
        p.verify_pin("1234")
    assert fake.done and all(len(c) <= 5 for c in fake.sent if c[1] == 0x20)


def test_wrong_pin_reports_tries_left_and_is_not_retried():
    p, fake = proto(
        [(SELECT_PIN, b"", OK), (VERIFY_EMPTY, b"", 0x63C3), (verify("9999"), b"", 0x63C2)]
    )
    with pytest.raises(PinIncorrect) as exc:
        p.verify_pin("9999")
    assert exc.value.tries_left == 2 and exc.value.params() == {"tries_left": 2}
    assert fake.done


def test_last_wrong_try_is_reported_as_blocked():
    p, _ = proto(
        [(SELECT_PIN, b"", OK), (VERIFY_EMPTY, b"", 0x63C1), (verify("9999"), b"", 0x63C0)]
    )
    with pytest.raises(PinBlocked):
        p.verify_pin("9999")


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "１２３４", "", " 123"])
def test_a_pin_that_is_not_4_digits_is_never_sent(pin):
    p, fake = proto([])
    with pytest.raises(InvalidPinFormat):
        p.verify_pin(pin)
    assert fake.sent == []


def test_already_verified_card_gives_no_count():
    p, _ = proto([(SELECT_PIN, b"", OK), (VERIFY_EMPTY, b"", OK)])
    assert p.pin_tries_left() is None


def test_unexpected_verify_status_is_an_apdu_error_with_the_sw():
    p, _ = proto(
        [(SELECT_PIN, b"", OK), (VERIFY_EMPTY, b"", 0x63C3), (verify("1234"), b"", 0x6A80)]
    )
    with pytest.raises(ApduError) as exc:
        p.verify_pin("1234")
    assert exc.value.sw == 0x6A80 and exc.value.params() == {"sw": "6A80"}


def test_reading_without_verify_is_an_apdu_error():
    p, _ = proto([(SELECT_EF2, b"", OK), (read_binary(0, 256), b"", 0x6982)])
    with pytest.raises(ApduError) as exc:
        p.read_basic_four()
    assert exc.value.sw == 0x6982


def test_long_file_is_read_in_256_byte_chunks_then_exactly_the_rest():
    ef2 = files.basic_four_file("名前", LONG_ADDRESS, "19850412", "2")
    assert 512 < len(ef2) < 768
    p, fake = proto(
        [
            (SELECT_EF2, b"", OK),
            (read_binary(0, 256), ef2[:256], OK),
            (read_binary(256, 256), ef2[256:512], OK),
            (read_binary(512, len(ef2) - 512), ef2[512:], OK),
            (SELECT_EF3, b"", 0x6A82),
        ]
    )
    result = p.read_basic_four()
    assert result.address == LONG_ADDRESS and result.integrity is Integrity.ABSENT
    assert fake.done


def test_wrong_le_is_resent_with_the_length_the_card_names():
    p, fake = proto(
        [
            (SELECT_EF2, b"", OK),
            (read_binary(0, 256), b"", 0x6C00 | len(EF2)),
            (read_binary(0, len(EF2)), EF2, OK),
            (SELECT_EF3, b"", 0x6A82),
        ]
    )
    assert p.read_basic_four().name == "山田　太郎"
    assert fake.done


def test_t0_response_chaining_is_followed():
    p, _fake = proto(
        [
            (SELECT_EF2, b"", OK),
            (read_binary(0, 256), EF2[:40], 0x6100 | (len(EF2) - 40)),
            (bytes([0x00, 0xC0, 0x00, 0x00, len(EF2) - 40]), EF2[40:], 0x6282),
            (SELECT_EF3, b"", 0x6A82),
        ]
    )
    assert p.read_basic_four().name == "山田　太郎"


def test_leading_bytes_push_ff20_past_the_first_chunk():
    leading = b"\x00" * 300
    ef2 = files.basic_four_file("名前", "住所", "19850412", "1", leading)
    p, _fake = proto(
        [
            (SELECT_EF2, b"", OK),
            (read_binary(0, 256), ef2[:256], OK),
            (read_binary(256, 256), ef2[256:512], 0x6282 if len(ef2) < 512 else OK),
            (SELECT_EF3, b"", 0x6A82),
        ]
    )
    assert p.read_basic_four().address == "住所"


def test_file_that_ends_before_its_data_is_malformed():
    p, _ = proto([(SELECT_EF2, b"", OK), (read_binary(0, 256), EF2[:50], 0x6282)])
    with pytest.raises(MalformedData):
        p.read_basic_four()


def test_signature_read_stops_at_df32():
    assert len(EF3) > 256  # DF33 (256 bytes) is never needed
    p, fake = proto(ORDINARY_READ[4:])
    assert p.read_basic_four().integrity is Integrity.OK
    assert fake.done


def test_signature_mismatch_and_unreadable_signature():
    bad = files.signature_file(b"", files.basic_four_hash_input(EF2), mismatch=True)
    p, _ = proto([*ORDINARY_READ[4:6], (SELECT_EF3, b"", OK), (read_binary(0, 256), bad[:256], OK)])
    assert p.read_basic_four().integrity is Integrity.MISMATCH
    p, _ = proto(
        [*ORDINARY_READ[4:6], (SELECT_EF3, b"", OK), (read_binary(0, 256), b"\x00" * 20, 0x6282)]
    )
    assert p.read_basic_four().integrity is Integrity.MISMATCH


def test_df32_is_compared_with_the_hash_of_the_items():
    ff20 = tlv.parse_one(EF2)
    df32 = tlv.locate_child(EF3, 0xFF30, 0xDF32, complete=True)
    assert isinstance(df32, tlv.Tlv)
    assert df32.value == hashlib.sha256(EF2[ff20.children()[1].start :]).digest()


def test_individual_number_only_through_its_own_call():
    p, fake = proto(
        [
            (SELECT_EF1, b"", OK),
            (read_binary(0, 256), files.individual_number_file("123456789018"), 0x6282),
        ]
    )
    assert p.read_individual_number() == "123456789018"
    assert fake.done


def test_deadline_stops_before_the_next_command():
    p, fake = proto([(SELECT_AP, b"", OK)])
    p.deadline = 0.0  # long past
    with pytest.raises(CardTimeout):
        p.select_input_support()
    assert fake.sent == []


def test_apdu_log_redacts_the_pin_and_response_data(caplog):
    p, _ = proto(ORDINARY_READ)
    with caplog.at_level(APDU_LEVEL, logger="card_reader.apdu"):
        p.select_input_support()
        p.verify_pin("1234")
        p.read_basic_four()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "00 20 00 80 04 ** ** ** **" in text
    assert "31 32 33 34" not in text and "1234" not in text
    assert "山田" not in text and EF2[10:20].hex(" ").upper() not in text
    assert len(caplog.records) == 16


def test_the_verify_command_is_wiped_after_sending():
    kept: list[bytearray] = []

    class Keeping(FakeCardConnection):
        def transmit(self, apdu):
            if isinstance(apdu, bytearray):
                kept.append(apdu)  # a careless transport keeping a reference
            return super().transmit(apdu)

    fake = Keeping(list(ORDINARY_READ[1:4]))
    InputSupportProtocol(fake).verify_pin("1234")
    assert kept and kept[0] == bytearray(9)


def test_redact():
    assert redact(verify("0000")) == "00 20 00 80 04 ** ** ** **"
    assert redact(SELECT_PIN) == "00 A4 02 0C 02 00 11"
