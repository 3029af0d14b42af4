"""The read tests against a physical reader and a real My Number Card (`--reader`).

Also what docs/card-reader.md lists as "not confirmed on a real card": the birth-date
format, the status words at and past the end of a file, the 17 bytes of EF 0001, the
span DF32 hashes, the blocked status words (on a blocked test card only). Skipped
without `--reader` (tests/fixtures/device.py). Nothing personal is printed: values
are checked for their form, and failures say what was wrong, not what was read.
"""

from __future__ import annotations

import os
import queue
import re

import pytest

from card_reader import api, decode, tlv
from card_reader.constants import EF, MAX_SHORT_LE, PIN_BLOCKED_SW, SW, Tag
from card_reader.model import SEX_LABELS, Holding, Integrity
from card_reader.protocol import InputSupportProtocol
from tests.fixtures.device import FULL_TRIES, PhysicalCard
from tests.support.pausing import PausingBackend, read_in_background
from tests.support.pcsc_client import SecondClient

pytestmark = pytest.mark.device

#: Status words after which `read_binary` knows a file ended (`67 00` would not be one).
END_ANSWERS = {SW.OK, SW.END_OF_FILE, SW.WRONG_P1P2}


def test_the_reader_is_seen_holding_a_my_number_card(physical_card: PhysicalCard) -> None:
    held = {i.name: i.holds for i in api.reader_contents(physical_card.backend)}
    assert held.get(physical_card.reader) is Holding.MY_NUMBER, held


def test_status_uses_no_pin_try(physical_card: PhysicalCard) -> None:
    first = api.card_status(physical_card.backend, physical_card.reader)
    again = api.card_status(physical_card.backend, physical_card.reader)
    assert first.is_my_number and first == again
    if physical_card.blocked:
        assert first.pin_blocked
    else:
        assert first.pin_tries_left is not None and 1 <= first.pin_tries_left <= FULL_TRIES


def test_a_blocked_card_answers_a_status_word_we_know(physical_card: PhysicalCard) -> None:
    """Confirms 63 C0 / 69 83 / 69 84 (only on a card known to be blocked: no PIN sent)."""
    if not physical_card.blocked:
        pytest.skip("needs a blocked test card (--card-blocked); never block one to test")
    with physical_card.backend.connect(physical_card.reader) as conn:
        proto = InputSupportProtocol(conn)
        proto.select_input_support()
        proto.select_ef(EF.PIN)
        _, sw = proto.send(bytes([0x00, 0x20, 0x00, 0x80]))
    assert sw in PIN_BLOCKED_SW, f"{sw:04X}"


def test_read_basic_four(physical_card: PhysicalCard) -> None:
    result = api.read_basic_four(physical_card.backend, physical_card.pin(), physical_card.reader)
    ok_name, ok_address = bool(result.name.strip()), bool(result.address.strip())
    assert ok_name and ok_address, "name or address empty"
    # Not confirmed before: the birth date is YYYYMMDD and a real date.
    form = re.sub(r"\d", "9", result.birth_date_raw)
    assert form == "99999999" and result.birth_date is not None, f"birth date form {form!r}"
    assert result.sex in SEX_LABELS, "sex is not an ISO 5218 code"
    # Not confirmed before: DF32 hashes DF22..end of FF20 (jsapdu's span).
    assert result.integrity is Integrity.OK, result.integrity
    # The right PIN gave the tries back, and the card was reset after the read.
    assert api.card_status(physical_card.backend, physical_card.reader).pin_tries_left == 3


def test_end_of_file_answers_and_ef_0001_size(physical_card: PhysicalCard) -> None:
    """Not confirmed before: what READ BINARY answers at and past the end of EF 0002,
    and that EF 0001 is 17 bytes with 90 00 (as the references read it)."""
    pin = physical_card.pin()
    with physical_card.backend.connect(physical_card.reader) as conn:
        proto = InputSupportProtocol(conn)
        try:
            proto.select_input_support()
            proto.verify_pin(pin)
            proto.select_ef(EF.BASIC_FOUR)
            size, last_sw = 0, SW.OK
            while True:
                command = bytes([0x00, 0xB0, size >> 8, size & 0xFF, 0x00])
                data, last_sw = proto.send(command)
                size += len(data)
                if last_sw != SW.OK or len(data) < MAX_SHORT_LE:
                    break
            assert last_sw in (SW.OK, SW.END_OF_FILE), f"{last_sw:04X} at the end of EF 0002"
            _, past_sw = proto.send(bytes([0x00, 0xB0, size >> 8, size & 0xFF, 0x10]))
            assert past_sw in END_ANSWERS, f"{past_sw:04X} past EF 0002"
            assert proto.read_binary(size, 16) == (b"", True)
            proto.select_ef(EF.INDIVIDUAL_NUMBER)
            number_file, sw = proto.send(bytes([0x00, 0xB0, 0x00, 0x00, 0x00]))
            found = tlv.locate(
                number_file,
                Tag.INDIVIDUAL_NUMBER,
                complete=True,
                accept=decode.is_individual_number,
            )
            shape = (len(number_file), sw, not isinstance(found, tlv.Need))
            number_file = b""
        finally:
            conn.close(reset=True)
    assert shape == (17, SW.OK, True), f"EF 0001: {shape[0]} bytes, {shape[1]:04X}"


def test_another_client_waits_for_our_read_on_a_real_reader(physical_card: PhysicalCard) -> None:
    pin = physical_card.pin()
    client = SecondClient(physical_card.reader, dict(os.environ))
    try:
        assert client.run("connect")["code"] == 0
        backend = PausingBackend()
        thread, out = read_in_background(backend, pin, physical_card.reader)
        assert backend.verified.wait(30), out
        client.send("apdu 00A4020C020001")  # EF 0001, riding on our selection
        with pytest.raises(queue.Empty):
            client.answer(timeout=3)
        backend.go.set()
        thread.join(30)
        assert "result" in out, out.get("error")
        answered = client.answer(timeout=30)
        read = client.run("apdu 00B0000000")
        assert read["sw"] != 0x9000 and read["data"] == "", "the other client read EF 0001"
        assert answered["reset"], "the card was not reset after our read"
    finally:
        client.close()
