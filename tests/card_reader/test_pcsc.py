"""Through the real stack: pyscard → libpcsclite → pcscd → vpcd → our simulated card."""

from __future__ import annotations

import threading
import time

import pytest

from card_reader import api
from card_reader.errors import (
    CardRemoved,
    CardTimeout,
    NoReader,
    NotMyNumberCard,
    PinBlocked,
    PinIncorrect,
    ReaderUnavailable,
)
from card_reader.model import CardStatus, Integrity
from card_reader.pcsc import PcscBackend
from card_reader.simulator import SimulatedCard
from tests.fixtures.card import EDGE_CASE_CARDS

pytestmark = pytest.mark.pcsc


@pytest.mark.parametrize("case", EDGE_CASE_CARDS)
def test_read_returns_exactly_the_cards_text(vpcd_card, pcsc_backend, case):
    name, address, birth, sex = EDGE_CASE_CARDS[case]
    card = vpcd_card.insert(
        SimulatedCard(name=name, address=address, birth_date_raw=birth, sex=sex)
    )
    result = api.read_basic_four(pcsc_backend, "1234")
    assert (result.name, result.address, result.birth_date_raw, result.sex) == (
        name,
        address,
        birth,
        sex,
    )
    assert result.birth_date is not None and result.birth_date.strftime("%Y%m%d") == birth
    assert result.integrity is Integrity.OK
    reads = sum(1 for a in card.apdu_log if a.ins == 0xB0)
    assert reads == (
        4 if case == "long_address" else 2
    )  # EF 0002 in 256-byte chunks + EF 0003 once


def test_status_uses_no_try_and_a_wrong_pin_exactly_one(vpcd_card, pcsc_backend):
    reader = vpcd_card.reader
    for _ in range(3):
        assert api.card_status(pcsc_backend) == CardStatus(reader, True, True, 3)
    assert vpcd_card.card.pin_verifications() == 0
    with pytest.raises(PinIncorrect) as exc:
        api.read_basic_four(pcsc_backend, "9999")
    assert exc.value.tries_left == 2 and vpcd_card.card.tries_left == 2
    assert vpcd_card.card.pin_verifications() == 1
    assert vpcd_card.card.apdu_log[-1].carries_pin  # nothing after the wrong VERIFY
    assert api.card_status(pcsc_backend).pin_tries_left == 2
    assert vpcd_card.card.pin_verifications() == 1  # no VERIFY with data until a new PIN
    api.read_basic_four(pcsc_backend, "1234")
    assert vpcd_card.card.pin_verifications() == 2 and vpcd_card.card.tries_left == 3


@pytest.mark.parametrize("blocked_sw", [0x63C0, 0x6983, 0x6984])
def test_blocked_card_is_never_sent_a_pin(vpcd_card, pcsc_backend, blocked_sw):
    card = vpcd_card.insert(SimulatedCard(tries_left=0, blocked_status=blocked_sw))
    assert api.card_status(pcsc_backend).pin_blocked
    with pytest.raises(PinBlocked):
        api.read_basic_four(pcsc_backend, "1234")
    with pytest.raises(PinBlocked):
        api.read_individual_number(pcsc_backend, "1234")
    assert card.pin_verifications() == 0


def test_pin_state_does_not_outlive_the_read(vpcd_card, pcsc_backend):
    api.read_basic_four(pcsc_backend, "1234")
    with pcsc_backend.connect(vpcd_card.reader) as conn:
        for apdu in ("00A4040C0AD3921000310001010408", "00A4020C020002", "00B0000000"):
            _, sw = conn.transmit(bytes.fromhex(apdu))
    assert sw == 0x6982  # security status not satisfied: the card was reset


@pytest.mark.parametrize("short_read_status", [0x9000, 0x6282])
def test_files_ending_before_le_either_way(vpcd_card, pcsc_backend, short_read_status):
    """Real cards answer 90 00 with fewer bytes at the end of a file (the references);
    62 82 is the other ISO answer. Either way: one READ BINARY per file."""
    card = vpcd_card.insert(SimulatedCard(short_read_status=short_read_status))
    assert api.read_individual_number(pcsc_backend, "1234") == card.individual_number
    number_read = card.apdu_log[-1]
    assert (number_read.ins, number_read.sw, len(card.individual_number_file())) == (
        0xB0,
        short_read_status,
        17,
    )
    card.apdu_log.clear()
    result = api.read_basic_four(pcsc_backend, "1234")
    assert result.name == card.name and result.integrity is Integrity.OK
    # EF 0002 ends within 256 bytes; of EF 0003 the first 256 bytes hold DF32.
    assert [a.sw for a in card.apdu_log if a.ins == 0xB0] == [short_read_status, 0x9000]


def test_other_card(vpcd_card, pcsc_backend):
    card = vpcd_card.insert(SimulatedCard(is_my_number=False))
    assert api.card_status(pcsc_backend) == CardStatus(vpcd_card.reader, True, False, None)
    with pytest.raises(NotMyNumberCard):
        api.read_basic_four(pcsc_backend, "1234")
    assert card.pin_verifications() == 0
    with pcsc_backend.connect(vpcd_card.reader) as conn:
        assert conn.atr == card.atr


def test_leading_bytes_and_integrity_variants(vpcd_card, pcsc_backend):
    vpcd_card.card.leading_bytes = b"\x00\xff\x20\x80" + bytes(260)
    assert api.read_basic_four(pcsc_backend, "1234").integrity is Integrity.OK
    vpcd_card.card.integrity_mismatch = True
    assert api.read_basic_four(pcsc_backend, "1234").integrity is Integrity.MISMATCH
    vpcd_card.card.with_integrity = False
    assert api.read_basic_four(pcsc_backend, "1234").integrity is Integrity.ABSENT


@pytest.mark.parametrize("status", [0x6981, 0x6982, 0x6A86, 0x6F00])
def test_an_unreadable_integrity_file_keeps_the_basic_four_and_is_flagged(
    vpcd_card, pcsc_backend, status
):
    """Before, any status word but 6A82 on EF 0003 failed the whole read."""
    vpcd_card.card.signature_read_status = status
    result = api.read_basic_four(pcsc_backend, "1234")
    assert (result.name, result.address) == (vpcd_card.card.name, vpcd_card.card.address)
    assert result.integrity is Integrity.MISMATCH
    assert vpcd_card.card.pin_verifications() == 1


@pytest.mark.parametrize("after", [1, 4, 6])
def test_card_removed_mid_read_is_a_typed_error_quickly(vpcd_card, pcsc_backend, after):
    vpcd_card.insert(SimulatedCard(remove_after_apdus=after))
    start = time.monotonic()
    with pytest.raises(CardRemoved):
        api.read_basic_four(pcsc_backend, "1234")
    assert time.monotonic() - start < 4  # pcscd polls vpcd every 0.4 s; we wait at most 2 s
    vpcd_card.wait_present(False)


def test_slow_card(vpcd_card, pcsc_backend):
    vpcd_card.card.delay_seconds = 0.02
    assert api.read_basic_four(pcsc_backend, "1234", timeout=10).name == vpcd_card.card.name
    vpcd_card.card.delay_seconds = 0.15
    start = time.monotonic()
    with pytest.raises(CardTimeout):
        api.read_basic_four(pcsc_backend, "1234", timeout=0.3)
    assert time.monotonic() - start < 1.5


def test_unknown_reader(vpcd_card, pcsc_backend):
    with pytest.raises(NoReader):
        api.read_basic_four(pcsc_backend, "1234", reader="No Such Reader 00")
    with pytest.raises(NoReader):
        api.card_status(pcsc_backend, reader="No Such Reader 00")


def test_service_dying_mid_read_then_coming_back(live_pcscd, vpcd_card, pcsc_backend):
    vpcd_card.card.delay_seconds = 0.2
    killer = threading.Timer(0.5, live_pcscd.stop)
    killer.start()
    start = time.monotonic()
    try:
        with pytest.raises(ReaderUnavailable):
            api.read_basic_four(pcsc_backend, "1234")
    finally:
        killer.join()
    assert time.monotonic() - start < 5
    # No service is "no reader" everywhere, never a crash.
    with pytest.raises(ReaderUnavailable):
        pcsc_backend.list_readers()
    with pytest.raises(ReaderUnavailable):
        api.card_status(pcsc_backend)
    with pytest.raises(NoReader):
        api.read_basic_four(pcsc_backend, "1234")
    live_pcscd.start()
    vpcd_card.card.delay_seconds = 0
    vpcd_card.wait_present(True)  # the card was never taken out: it reconnects
    assert api.read_basic_four(pcsc_backend, "1234").name == vpcd_card.card.name


def test_a_fresh_backend_while_the_service_is_down(live_pcscd):
    live_pcscd.stop()
    backend = PcscBackend()
    with pytest.raises(ReaderUnavailable):
        backend.list_readers()
    with pytest.raises(ReaderUnavailable):
        backend.snapshot()
    live_pcscd.start()
    assert backend.list_readers() == list(live_pcscd.reader_names)
