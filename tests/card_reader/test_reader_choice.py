"""Several readers through the real pcscd: another card (a SAM slot, a laptop's
built-in reader) in reader 00 must not hide the resident's My Number Card in 01."""

from __future__ import annotations

import json

import pytest

from card_reader import api
from card_reader.errors import NoCard, NoReader, NotMyNumberCard
from card_reader.model import CardStatus, Holding, ReaderInfo
from tests.card_reader.test_cli import run

pytestmark = pytest.mark.pcsc

FIRST, SECOND = "Virtual PCD 00 00", "Virtual PCD 00 01"


def test_status_and_read_use_the_reader_holding_a_my_number_card(
    other_card_in_first_reader, my_number_in_second_reader, pcsc_backend
):
    assert api.card_status(pcsc_backend) == CardStatus(SECOND, True, True, 3)
    result = api.read_basic_four(pcsc_backend, "1234")
    assert result.name == my_number_in_second_reader.card.name
    assert api.read_individual_number(pcsc_backend, "1234") == "123456789018"
    # The other card was only asked to SELECT the input-support AP: never a PIN.
    other = other_card_in_first_reader.card
    assert other.apdu_log and {a.ins for a in other.apdu_log} == {0xA4}
    assert other.pin_verifications() == 0


def test_a_name_or_pattern_picks_among_readers(
    other_card_in_first_reader, my_number_in_second_reader, pcsc_backend
):
    assert api.card_status(pcsc_backend, "*01").reader == SECOND
    assert api.card_status(pcsc_backend, SECOND).is_my_number
    assert api.card_status(pcsc_backend, "Virtual PCD 00 0[0]") == CardStatus(
        FIRST, True, False, None
    )
    with pytest.raises(NotMyNumberCard):
        api.read_basic_four(pcsc_backend, "1234", "*00 00")
    assert other_card_in_first_reader.card.pin_verifications() == 0
    with pytest.raises(NoReader):
        api.card_status(pcsc_backend, "*Sony*")


def test_readers_says_what_each_holds(other_card_in_first_reader, my_number_in_second_reader):
    from card_reader.pcsc import PcscBackend

    assert api.reader_contents(PcscBackend()) == [
        ReaderInfo(FIRST, Holding.OTHER_CARD),
        ReaderInfo(SECOND, Holding.MY_NUMBER),
    ]
    out = run("readers")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"{FIRST}\tother_card", f"{SECOND}\tmy_number"]
    assert json.loads(run("readers", "--json", "--reader", "*01").stdout) == [
        {"name": SECOND, "card_present": True, "holds": "my_number"}
    ]
    status = json.loads(run("status", "--json").stdout)
    assert status["reader"] == SECOND and status["is_my_number"]
    read = run("read", "--json", "--pin-stdin", stdin="1234\n")
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["name"] == my_number_in_second_reader.card.name


def test_only_another_card_is_not_a_my_number_card(other_card_in_first_reader, pcsc_backend):
    assert api.card_status(pcsc_backend) == CardStatus(FIRST, True, False, None)
    with pytest.raises(NotMyNumberCard):
        api.read_basic_four(pcsc_backend, "1234")
    with pytest.raises(NoCard):
        api.read_basic_four(pcsc_backend, "1234", SECOND)
