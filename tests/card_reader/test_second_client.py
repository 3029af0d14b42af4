"""Another PC/SC client on the same card, in its own process, through the real pcscd.

Our read holds the card in a transaction from the tries query to the reset; the other
client can neither break the read (select another file under it) nor read anything
protected, before, during or after it. While the other client holds the card, we wait
a bounded time and then say so (`CardBusy`).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator

import pytest

from card_reader import api
from card_reader.errors import CardBusy
from card_reader.model import Integrity
from card_reader.pcsc import PcscBackend
from tests.support.pausing import PausingBackend, read_in_background
from tests.support.pcsc_client import SecondClient

pytestmark = pytest.mark.pcsc

SELECT_AP = "00A4040C0AD3921000310001010408"
SELECT_EF_0001 = "00A4020C020001"
READ = "00B0000000"
#: How long the other client's command gets to go through while our read is paused:
#: without a transaction it is answered in milliseconds.
MID_READ_WINDOW = 3.0


@pytest.fixture
def second_client(pcscd, vpcd_card) -> Iterator[SecondClient]:
    client = SecondClient(vpcd_card.reader, dict(os.environ))
    try:
        yield client
    finally:
        client.close()


def test_another_client_acting_mid_read_neither_breaks_it_nor_reads_the_number(
    vpcd_card, second_client
):
    # Connected before our read, as a browser's OpenSC is all day.
    assert second_client.run("connect")["code"] == 0
    backend = PausingBackend()
    thread, out = read_in_background(backend, "1234")
    assert backend.verified.wait(30), out  # the PIN is verified; we are mid-read
    # It rides on our selected application: SELECT EF 0001, then READ BINARY.
    second_client.send(f"apdu {SELECT_EF_0001}")
    with pytest.raises(queue.Empty):  # it waits for our transaction ...
        answered = second_client.answer(timeout=MID_READ_WINDOW)
        pytest.fail(f"the other client got through mid-read: {answered}")
    backend.go.set()
    thread.join(30)
    result = out.get("result")
    assert result is not None, out
    assert result.name == vpcd_card.card.name and result.integrity is Integrity.OK  # type: ignore[attr-defined]
    # ... and then finds a card that was reset: no application, no verified PIN.
    select = second_client.answer(timeout=30)
    assert select["reset"] and select["sw"] != 0x9000
    read = second_client.run(f"apdu {READ}")
    assert read["sw"] == 0x6986 and read["data"] == ""  # no file selected
    # Selecting the application itself does not bring the PIN back.
    assert second_client.run(f"apdu {SELECT_AP}")["sw"] == 0x9000
    assert second_client.run(f"apdu {SELECT_EF_0001}")["sw"] == 0x9000
    read = second_client.run(f"apdu {READ}")
    assert read["sw"] == 0x6982 and read["data"] == ""
    assert vpcd_card.card.individual_number.encode().hex() not in str(read)


def test_a_client_arriving_mid_read_waits_and_gets_nothing(vpcd_card, second_client):
    backend = PausingBackend()
    thread, out = read_in_background(backend, "1234")
    assert backend.verified.wait(30), out
    second_client.send("connect")  # pcscd makes it wait for our transaction
    with pytest.raises(queue.Empty):
        second_client.answer(timeout=MID_READ_WINDOW)
    backend.go.set()
    thread.join(30)
    assert out.get("result") is not None, out
    assert second_client.answer(timeout=30)["code"] == 0
    for apdu, sw in ((SELECT_AP, 0x9000), (SELECT_EF_0001, 0x9000), (READ, 0x6982)):
        assert second_client.run(f"apdu {apdu}")["sw"] == sw


def test_a_card_held_by_another_client_is_waited_for_then_busy(vpcd_card, second_client):
    assert second_client.run("connect")["code"] == 0
    assert second_client.run("begin")["code"] == 0
    before = len(vpcd_card.card.apdu_log)
    with pytest.raises(CardBusy) as exc:
        api.read_basic_four(PcscBackend(busy_timeout=0.5), "1234")
    assert exc.value.key == "card.busy" and exc.value.exit_code == 16
    with pytest.raises(CardBusy):
        api.card_status(PcscBackend(busy_timeout=0.5))
    assert len(vpcd_card.card.apdu_log) == before  # we sent nothing, least of all a PIN
    assert second_client.run("end")["code"] == 0
    # The abandoned attempts let go of the card once they got it: we can read now.
    assert api.read_basic_four(PcscBackend(busy_timeout=30), "1234").name == vpcd_card.card.name


def test_waiting_again_for_a_held_card_starts_no_new_thread(vpcd_card, second_client):
    assert second_client.run("connect")["code"] == 0
    assert second_client.run("begin")["code"] == 0
    backend = PcscBackend(busy_timeout=0.3)
    before = set(threading.enumerate())
    for _ in range(5):  # the kiosk asking again and again while the card is held
        with pytest.raises(CardBusy):
            api.card_status(backend)
    blocked = [t for t in set(threading.enumerate()) - before if t.name.startswith("pcsc-open")]
    assert len(blocked) == 1, blocked
    assert second_client.run("end")["code"] == 0
    # The next call takes over the blocked opening, which now gets the card.
    backend.busy_timeout = 30
    assert api.card_status(backend).pin_tries_left == 3
    assert vpcd_card.card.pin_verifications() == 0


def test_a_reset_by_another_client_mid_read_waits_for_the_read(vpcd_card, second_client):
    """Before, the reset landed mid-read: exit 13 after 3 s, with the wrong message."""
    assert second_client.run("connect")["code"] == 0
    backend = PausingBackend()
    thread, out = read_in_background(backend, "1234")
    assert backend.verified.wait(30), out
    second_client.send("reset")
    with pytest.raises(queue.Empty):
        second_client.answer(timeout=MID_READ_WINDOW)
    backend.go.set()
    thread.join(30)
    result = out.get("result")
    assert result is not None, out
    assert result.integrity is Integrity.OK  # type: ignore[attr-defined]
    assert second_client.answer(timeout=30)["code"] == 0  # its reset came after ours
    assert vpcd_card.card.pin_verifications() == 1
