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
from card_reader.connection import CardConnection
from card_reader.errors import CardBusy
from card_reader.model import Integrity
from card_reader.pcsc import PcscBackend
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


class _PausingConnection(CardConnection):
    """A real PC/SC connection that pauses after the PIN was accepted, until released."""

    def __init__(self, inner: CardConnection, verified: threading.Event, go: threading.Event):
        self._inner, self._verified, self._go = inner, verified, go

    @property
    def atr(self) -> bytes:
        return self._inner.atr

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        pin_command = len(apdu) > 5 and apdu[1] == 0x20
        answer = self._inner.transmit(apdu)
        if pin_command:
            self._verified.set()
            assert self._go.wait(30)
        return answer

    def close(self, *, reset: bool = False) -> None:
        self._inner.close(reset=reset)


class PausingBackend(PcscBackend):
    def __init__(self) -> None:
        super().__init__()
        self.verified = threading.Event()
        self.go = threading.Event()

    def connect(self, reader: str) -> CardConnection:
        return _PausingConnection(super().connect(reader), self.verified, self.go)


def _read_in_background(backend: PcscBackend) -> tuple[threading.Thread, dict[str, object]]:
    out: dict[str, object] = {}

    def read() -> None:
        try:
            out["result"] = api.read_basic_four(backend, "1234")
        except Exception as exc:
            out["error"] = exc

    thread = threading.Thread(target=read)
    thread.start()
    return thread, out


def test_another_client_acting_mid_read_neither_breaks_it_nor_reads_the_number(
    vpcd_card, second_client
):
    # Connected before our read, as a browser's OpenSC is all day.
    assert second_client.run("connect")["code"] == 0
    backend = PausingBackend()
    thread, out = _read_in_background(backend)
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
    thread, out = _read_in_background(backend)
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


def test_a_reset_by_another_client_mid_read_waits_for_the_read(vpcd_card, second_client):
    """Before, the reset landed mid-read: exit 13 after 3 s, with the wrong message."""
    assert second_client.run("connect")["code"] == 0
    backend = PausingBackend()
    thread, out = _read_in_background(backend)
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
