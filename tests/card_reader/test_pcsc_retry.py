"""Momentary PC/SC conditions at connect and status, retried with back-off, through
the real pcscd + vpcd.

Windows' SCARD_E_COMM_DATA_LOST at insertion, a contact that bounces
(W_UNRESPONSIVE_CARD), another program's exclusive use (E_SHARING_VIOLATION) cannot be
made to happen with a virtual reader. So the real `smartcard.scard` module is wrapped:
the named calls return the scripted codes first, then go to pcscd as usual. Time is
a fake clock that the fake sleep moves on: nothing waits for real.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from card_reader import api, pcsc
from card_reader.errors import CardBusy, CardCommunicationError, NotMyNumberCard
from card_reader.pcsc import PcscBackend, PcscCode
from card_reader.retry import Backoff

pytestmark = pytest.mark.pcsc

#: What each wrapped call returns besides its code, when it fails.
_FAILED_SHAPE: dict[str, tuple[Any, ...]] = {
    "SCardConnect": (0, 0),
    "SCardStatus": ("", 0, 0, []),
    "SCardBeginTransaction": (),
    "SCardReconnect": (0,),
    "SCardTransmit": ([],),
}


class FlakyScard:
    """The real pyscard module, but `failures[name]` codes come back first."""

    def __init__(self, real: ModuleType, failures: dict[str, list[int]]) -> None:
        self._real = real
        self.failures = failures
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._real, name)
        if not name.startswith("SCard"):
            return real

        def call(*args: Any) -> Any:
            self.calls.append(name)
            pending = self.failures.get(name)
            if pending:
                code = pending.pop(0)
                shape = _FAILED_SHAPE[name]
                return (code, *shape) if shape else code
            return real(*args)

        return call


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def flaky(vpcd_card, monkeypatch) -> Iterator[FlakyScard]:
    wrapper = FlakyScard(pcsc._scard(), {})
    monkeypatch.setattr(pcsc, "_scard_module", wrapper)
    yield wrapper


def backend(fake_time: FakeTime, **kw: Any) -> PcscBackend:
    return PcscBackend(backoff=Backoff(sleep=fake_time.sleep, clock=fake_time.clock, **kw))


def test_data_lost_at_insertion_is_tried_again_with_growing_pauses(vpcd_card, flaky, fake_time):
    flaky.failures["SCardConnect"] = [PcscCode.E_COMM_DATA_LOST] * 3
    status = api.card_status(backend(fake_time))
    assert status.is_my_number and status.pin_tries_left == 3
    assert fake_time.slept == [0.05, 0.1, 0.2]
    assert vpcd_card.card.pin_verifications() == 0


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("SCardConnect", PcscCode.E_SHARING_VIOLATION),
        ("SCardConnect", PcscCode.W_UNRESPONSIVE_CARD),
        ("SCardStatus", PcscCode.E_COMM_DATA_LOST),
        ("SCardBeginTransaction", PcscCode.E_SHARING_VIOLATION),
    ],
)
def test_each_momentary_condition_passes_and_the_read_succeeds(
    vpcd_card, flaky, fake_time, call, code
):
    flaky.failures[call] = [code]
    result = api.read_basic_four(backend(fake_time), "1234")
    assert result.name == vpcd_card.card.name
    assert fake_time.slept == [0.05]
    assert vpcd_card.card.pin_verifications() == 1  # one PIN, one VERIFY


def test_a_reset_by_another_program_before_we_hold_the_card_is_reconnected(
    vpcd_card, flaky, fake_time
):
    flaky.failures["SCardBeginTransaction"] = [PcscCode.W_RESET_CARD]
    assert api.read_basic_four(backend(fake_time), "1234").name == vpcd_card.card.name
    assert flaky.calls.count("SCardReconnect") == 1
    assert flaky.calls.count("SCardBeginTransaction") == 2
    assert fake_time.slept == []  # a reconnect, not a pause
    assert vpcd_card.card.pin_verifications() == 1


@pytest.mark.parametrize(
    ("code", "error", "key"),
    [
        (PcscCode.E_SHARING_VIOLATION, CardBusy, "card.busy"),
        (PcscCode.E_COMM_DATA_LOST, CardCommunicationError, "card.communication_error"),
        # A card that never answers is one put in upside-down: "turn it over".
        (PcscCode.W_UNRESPONSIVE_CARD, NotMyNumberCard, "card.not_my_number_card"),
    ],
)
def test_a_condition_that_lasts_is_bounded_and_gets_its_own_message(
    vpcd_card, flaky, fake_time, code, error, key
):
    flaky.failures["SCardConnect"] = [code] * 50
    before = len(vpcd_card.card.apdu_log)
    with pytest.raises(error) as exc:
        api.read_basic_four(backend(fake_time), "1234")
    assert exc.value.key == key
    assert fake_time.slept == [0.05, 0.1, 0.2, 0.4]  # five tries in all, then stop
    assert flaky.calls.count("SCardConnect") == 5
    assert len(vpcd_card.card.apdu_log) == before  # no command reached the card


def test_the_budget_ends_retries_early(vpcd_card, flaky, fake_time):
    flaky.failures["SCardConnect"] = [PcscCode.E_COMM_DATA_LOST] * 50
    with pytest.raises(CardCommunicationError):
        api.card_status(backend(fake_time, first_delay=1.0, max_delay=10.0, budget=2.5))
    assert fake_time.slept == [1.0]  # the next pause (2 s) would end past the budget


def test_a_reset_mid_read_is_never_answered_with_a_second_pin(vpcd_card, flaky, fake_time):
    """After the PIN nothing is retried: the resident is told, and decides."""
    original = flaky.__getattr__("SCardTransmit")
    sent: list[bytes] = []

    def transmit(handle: Any, protocol: int, apdu: list[int]) -> Any:
        sent.append(bytes(apdu))
        if len(sent) > 1 and sent[-2][1] == 0x20 and len(sent[-2]) > 5:  # right after VERIFY
            return (PcscCode.W_RESET_CARD, [])
        return original(handle, protocol, apdu)

    flaky.__dict__["SCardTransmit"] = transmit
    with pytest.raises(CardBusy):
        api.read_basic_four(backend(fake_time), "1234")
    assert vpcd_card.card.pin_verifications() == 1
    assert fake_time.slept == []
