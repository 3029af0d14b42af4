"""card_reader.api on the in-process simulator: PIN safety, errors, timeouts."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from card_reader import api
from card_reader.errors import (
    CardRemoved,
    CardTimeout,
    InvalidPinFormat,
    NoCard,
    NoReader,
    NotMyNumberCard,
    PinBlocked,
    PinIncorrect,
    ReaderUnavailable,
)
from card_reader.model import CardStatus, Integrity
from card_reader.protocol import APDU_LEVEL
from card_reader.simulator import DEFAULT_READER, SimulatedBackend, SimulatedCard


def verifies(card: SimulatedCard) -> list[bool]:
    """Each VERIFY the card received: True if it carried a PIN."""
    return [a.carries_pin for a in card.apdu_log if a.is_verify]


def test_status_uses_no_try(sim_backend, sim_card):
    sim_card.tries_left = 2
    for _ in range(5):
        assert api.card_status(sim_backend) == CardStatus(DEFAULT_READER, True, True, 2)
    assert sim_card.tries_left == 2 and sim_card.pin_verifications() == 0


def test_read_returns_the_card_data(sim_backend, sim_card):
    result = api.read_basic_four(sim_backend, "1234")
    assert (result.name, result.address, result.birth_date_raw, result.sex) == (
        sim_card.name,
        sim_card.address,
        sim_card.birth_date_raw,
        sim_card.sex,
    )
    assert result.integrity is Integrity.OK
    assert verifies(sim_card) == [False, True]  # count first, then the PIN once


def test_wrong_pin_uses_exactly_one_try_and_nothing_follows(sim_backend, sim_card):
    with pytest.raises(PinIncorrect) as exc:
        api.read_basic_four(sim_backend, "9999")
    assert exc.value.tries_left == 2 and sim_card.tries_left == 2
    assert verifies(sim_card) == [False, True]
    assert sim_card.apdu_log[-1].carries_pin  # the wrong VERIFY was the last command
    # Status afterwards asks the count without a PIN; no VERIFY with data until a new PIN.
    assert api.card_status(sim_backend).pin_tries_left == 2
    assert sim_card.pin_verifications() == 1
    api.read_basic_four(sim_backend, "1234")
    assert sim_card.pin_verifications() == 2 and sim_card.tries_left == 3


@pytest.mark.parametrize("blocked_sw", [0x63C0, 0x6983, 0x6984])
def test_blocked_card_is_never_sent_a_pin(blocked_sw):
    card = SimulatedCard(tries_left=0, blocked_status=blocked_sw)
    backend = SimulatedBackend({DEFAULT_READER: card})
    assert api.card_status(backend).pin_tries_left == 0
    for call in (api.read_basic_four, api.read_individual_number):
        with pytest.raises(PinBlocked):
            call(backend, "1234")
    assert card.pin_verifications() == 0


def test_last_try_blocks(sim_backend, sim_card):
    sim_card.tries_left = 1
    with pytest.raises(PinBlocked):
        api.read_basic_four(sim_backend, "0000")
    assert sim_card.tries_left == 0
    with pytest.raises(PinBlocked):
        api.read_basic_four(sim_backend, "1234")
    assert sim_card.pin_verifications() == 1


def test_bad_pin_format_touches_no_card(sim_backend, sim_card):
    with pytest.raises(InvalidPinFormat):
        api.read_basic_four(sim_backend, "12345")
    assert sim_card.apdu_log == []


def test_individual_number_only_through_its_call(sim_backend, sim_card):
    api.read_basic_four(sim_backend, "1234")
    assert not any(a.data == b"\x00\x01" for a in sim_card.apdu_log)  # EF 0001 never selected
    assert api.read_individual_number(sim_backend, "1234") == sim_card.individual_number


def test_verified_state_does_not_outlive_the_call(sim_backend, sim_card):
    api.read_basic_four(sim_backend, "1234")
    conn = sim_backend.connect(DEFAULT_READER)
    for apdu in ("00A4040C0AD3921000310001010408", "00A4020C020002", "00B0000000"):
        data, sw = conn.transmit(bytes.fromhex(apdu))
    assert sw == 0x6982 and data == b""


def test_integrity_settings(sim_backend, sim_card):
    sim_card.integrity_mismatch = True
    assert api.read_basic_four(sim_backend, "1234").integrity is Integrity.MISMATCH
    sim_card.with_integrity = False
    assert api.read_basic_four(sim_backend, "1234").integrity is Integrity.ABSENT


def test_no_reader_no_card_wrong_card_service_down():
    with pytest.raises(NoReader):
        api.read_basic_four(SimulatedBackend({}), "1234")
    with pytest.raises(NoCard):
        api.read_basic_four(SimulatedBackend(), "1234")
    assert api.card_status(SimulatedBackend()) == CardStatus(None, False, False, None)
    other = SimulatedBackend({DEFAULT_READER: SimulatedCard(is_my_number=False)})
    assert api.card_status(other) == CardStatus(DEFAULT_READER, True, False, None)
    with pytest.raises(NotMyNumberCard):
        api.read_basic_four(other, "1234")
    assert other.card_in().pin_verifications() == 0
    down = SimulatedBackend({DEFAULT_READER: SimulatedCard()})
    down.stop_service()
    with pytest.raises(ReaderUnavailable):
        api.card_status(down)
    with pytest.raises(NoReader):  # "no service" is handled like "no reader"
        api.read_basic_four(down, "1234")


def test_first_reader_with_a_card_is_the_default():
    b = SimulatedBackend({"empty": None, "full": SimulatedCard(name="二番目")})
    assert api.first_reader_with_card(b) == "full"
    assert api.read_basic_four(b, "1234").name == "二番目"
    assert api.card_status(b, "empty") == CardStatus("empty", False, False, None)


@pytest.mark.parametrize("after", range(8))  # a read is 8 APDUs
def test_card_removed_at_any_point_of_the_read(after):
    card = SimulatedCard(remove_after_apdus=after)
    b = SimulatedBackend({DEFAULT_READER: card})
    with pytest.raises(CardRemoved):
        api.read_basic_four(b, "1234")
    assert not b.card_present(DEFAULT_READER)


def test_leading_bytes_before_ff20():
    card = SimulatedCard(leading_bytes=b"\xff\x20\x80" + bytes(300))
    b = SimulatedBackend({DEFAULT_READER: card})
    result = api.read_basic_four(b, "1234")
    assert result.name == card.name and result.integrity is Integrity.OK


def test_slow_card_is_read_within_the_limit_and_bounded_beyond_it():
    card = SimulatedCard(delay_seconds=0.02)
    b = SimulatedBackend({DEFAULT_READER: card})
    assert api.read_basic_four(b, "1234", timeout=5).name == card.name
    card.delay_seconds = 0.1
    start = time.monotonic()
    with pytest.raises(CardTimeout):
        api.read_basic_four(b, "1234", timeout=0.25)
    assert time.monotonic() - start < 0.25 + 2 * 0.1 + 0.2  # at most the command in flight


def test_no_pin_and_no_personal_data_in_any_log(sim_backend, sim_card, caplog):
    sim_card.pin = "8642"
    with caplog.at_level(APDU_LEVEL):
        api.read_basic_four(sim_backend, "8642")
        api.read_individual_number(sim_backend, "8642")
        with pytest.raises(PinIncorrect):
            api.read_basic_four(sim_backend, "8640")
    text = "\n".join(r.getMessage() for r in caplog.records).replace(" ", "")
    assert caplog.records
    for secret in ("8642", "8640", "38363432", sim_card.individual_number, "番号"):
        assert secret not in text
    assert all(r.levelno <= logging.DEBUG for r in caplog.records)


def test_reader_unplugged_mid_read():
    card = SimulatedCard(delay_seconds=0.05)
    backend = SimulatedBackend({DEFAULT_READER: card})
    unplug = threading.Timer(0.12, backend.remove_reader, args=(DEFAULT_READER,))
    unplug.start()
    try:
        with pytest.raises(CardRemoved):
            api.read_basic_four(backend, "1234")
    finally:
        unplug.join()
    with pytest.raises(NoReader):
        api.read_basic_four(backend, "1234")


class _CountingBackend(SimulatedBackend):
    """Counts the questions asked before connecting."""

    def __init__(self) -> None:
        super().__init__()
        self.lookups = 0

    def list_readers(self) -> list[str]:
        self.lookups += 1
        return super().list_readers()

    def card_present(self, reader: str) -> bool:
        self.lookups += 1
        return super().card_present(reader)


def test_a_reader_named_exactly_is_opened_without_a_lookup():
    backend = _CountingBackend()
    backend.insert(SimulatedCard())
    assert api.read_basic_four(backend, "1234", DEFAULT_READER).integrity is Integrity.OK
    assert api.card_status(backend, DEFAULT_READER).pin_tries_left == 3
    assert backend.lookups == 0
    # A pattern, and the errors, are as before: the lookup says what is wrong.
    assert api.card_status(backend, "*").reader == DEFAULT_READER
    assert backend.lookups > 0
    with pytest.raises(NoReader):
        api.read_basic_four(backend, "1234", "No Such Reader 00 00")
    with pytest.raises(NoReader):
        api.card_status(backend, "No Such Reader*")
    backend.remove()
    with pytest.raises(NoCard):
        api.read_basic_four(backend, "1234", DEFAULT_READER)
    assert api.card_status(backend, DEFAULT_READER) == CardStatus(
        DEFAULT_READER, False, False, None
    )
