"""The simulated card and in-process backend: card behaviour, settings, thread safety."""

from __future__ import annotations

import datetime
import socket
import threading

import pytest

from card_reader import api
from card_reader.errors import CardRemoved, NoCard, NoReader, NotMyNumberCard, ReaderUnavailable
from card_reader.simulator import (
    DEFAULT_READER,
    MY_NUMBER_ATR,
    OTHER_CARD_ATR,
    SimulatedBackend,
    SimulatedCard,
    SimulatorConfigError,
    VpcdCard,
)
from tests.card_reader.fakes import (
    SELECT_AP,
    SELECT_EF2,
    SELECT_PIN,
    VERIFY_EMPTY,
    read_binary,
    verify,
)


def answer(card: SimulatedCard, apdu: bytes) -> tuple[bytes, int]:
    r = card.process(apdu)
    return r[:-2], int.from_bytes(r[-2:], "big")


def test_card_answers_like_the_real_one():
    card = SimulatedCard()
    assert answer(card, SELECT_EF2)[1] == 0x6A82  # no AP selected yet
    assert answer(card, SELECT_AP)[1] == 0x9000
    assert answer(card, SELECT_EF2)[1] == 0x9000
    assert answer(card, read_binary(0, 256))[1] == 0x6982  # PIN first
    assert answer(card, SELECT_PIN)[1] == 0x9000
    assert answer(card, VERIFY_EMPTY)[1] == 0x63C3
    assert answer(card, verify("1234"))[1] == 0x9000
    assert answer(card, VERIFY_EMPTY)[1] == 0x9000  # verified: no count
    assert answer(card, read_binary(0, 256))[1] == 0x6986  # EF 0011 cannot be read
    answer(card, SELECT_EF2)
    data, sw = answer(card, read_binary(0, 256))
    assert sw == 0x9000 and data == card.basic_four_file()  # fewer bytes: the end
    assert answer(card, read_binary(len(data), 16))[1] == 0x6B00
    card.short_read_status = 0x6282  # the other answer ISO 7816-4 allows
    assert answer(card, read_binary(0, 256)) == (data, 0x6282)
    assert answer(card, bytes([0x00, 0xB0, 0x82, 0x00, 0x10]))[1] == 0x6A86  # no short EF ids
    assert answer(card, b"\x00\xca")[1] == 0x6700
    assert answer(card, b"\x80\xa4\x04\x0c")[1] == 0x6E00


def test_the_individual_number_file_is_17_bytes_as_on_real_cards():
    card = SimulatedCard()
    for apdu in (SELECT_AP, SELECT_PIN, verify("1234"), bytes.fromhex("00A4020C020001")):
        assert answer(card, apdu)[1] == 0x9000
    data, sw = answer(card, read_binary(0, 256))
    assert (len(data), sw) == (17, 0x9000)
    assert data[:3] == b"\xdf\x10\x0c" and data[3:15] == card.individual_number.encode()


def test_wrong_pins_count_down_and_block():
    card = SimulatedCard(max_tries=3)
    answer(card, SELECT_AP), answer(card, SELECT_PIN)
    assert [answer(card, verify("0000"))[1] for _ in range(3)] == [0x63C2, 0x63C1, 0x63C0]
    assert card.blocked
    assert answer(card, verify("1234"))[1] == 0x63C0  # the right PIN no longer helps
    card.blocked_status = 0x6983
    assert answer(card, VERIFY_EMPTY)[1] == 0x6983


def test_right_pin_resets_the_counter():
    card = SimulatedCard(tries_left=1)
    answer(card, SELECT_AP), answer(card, SELECT_PIN)
    assert answer(card, verify("1234"))[1] == 0x9000 and card.tries_left == 3


def test_log_shows_whether_a_verify_carried_a_pin_but_never_the_pin():
    card = SimulatedCard(pin="4321")
    (
        answer(card, SELECT_AP),
        answer(card, SELECT_PIN),
        answer(card, VERIFY_EMPTY),
        answer(card, verify("4321")),
    )
    empty, with_pin = card.apdu_log[2], card.apdu_log[3]
    assert empty.is_verify and not empty.carries_pin
    assert with_pin.carries_pin and with_pin.data is None and with_pin.data_length == 4
    assert "4321" not in repr(card.apdu_log) and "34333231" not in repr(card.apdu_log).replace(
        " ", ""
    )
    assert "4321" not in repr(card)
    assert card.pin_verifications() == 1
    assert card.apdu_log[0].data == bytes.fromhex("D3921000310001010408")


def test_other_card_refuses_the_application():
    card = SimulatedCard(is_my_number=False)
    assert card.atr == OTHER_CARD_ATR != MY_NUMBER_ATR
    assert answer(card, SELECT_AP)[1] == 0x6A82


def test_from_dict_scenario_keys():
    card = SimulatedCard.from_dict(
        {
            "name": "山田　太郎",
            "address": "東京都",
            "birth_date": datetime.date(1985, 4, 12),  # what YAML gives for 1985-04-12
            "sex": 1,
            "pin": 123,  # YAML's reading of an unquoted 0123
            "blocked": True,
            "individual_number": 123456789018,
            "my_number": True,
        }
    )
    assert (card.birth_date_raw, card.sex, card.pin, card.tries_left) == (
        "19850412",
        "1",
        "0123",
        0,
    )
    assert card.individual_number == "123456789018" and card.is_my_number
    assert SimulatedCard.from_dict({"birth_date": "1990-01-02"}).birth_date_raw == "19900102"
    assert SimulatedCard.from_dict({"my_number": False}).is_my_number is False
    assert SimulatedCard.from_dict({"leading_bytes": "0001"}).leading_bytes == b"\x00\x01"
    assert SimulatedCard.from_dict({"tries_left": 2}).tries_left == 2


@pytest.mark.parametrize(
    "d", [{"nmae": "typo"}, {"tries_left": 16}, {"blocked_status": 0x6A82}, {"leading_bytes": "zz"}]
)
def test_from_dict_rejects_bad_settings(d):
    with pytest.raises(SimulatorConfigError) as exc:
        SimulatedCard.from_dict(d)
    assert exc.value.key == "card.simulator_config"


def test_backend_readers_and_cards():
    b = SimulatedBackend()
    assert b.list_readers() == [DEFAULT_READER] and not b.card_present(DEFAULT_READER)
    with pytest.raises(NoCard):
        b.connect(DEFAULT_READER)
    card = SimulatedCard()
    b.insert(card)
    assert b.card_in() is card and b.card_present(DEFAULT_READER)
    b.add_reader("second")
    assert b.snapshot() == {DEFAULT_READER: True, "second": False}
    b.remove_reader(DEFAULT_READER)
    assert b.list_readers() == ["second"]
    with pytest.raises(NoReader):
        b.connect(DEFAULT_READER)
    with pytest.raises(NoReader):
        b.insert(card, "nowhere")
    b.stop_service()
    with pytest.raises(ReaderUnavailable):
        b.list_readers()
    b.start_service()
    assert b.list_readers() == ["second"]


def test_upside_down_card_is_not_a_my_number_card():
    b = SimulatedBackend({DEFAULT_READER: SimulatedCard(unresponsive=True)})
    with pytest.raises(NotMyNumberCard) as exc:
        b.connect(DEFAULT_READER)
    assert exc.value.reason == NotMyNumberCard.UNRESPONSIVE


def test_removed_card_ends_its_connection(sim_backend):
    conn = sim_backend.connect(DEFAULT_READER)
    assert conn.transmit(SELECT_AP) == (b"", 0x9000)
    sim_backend.remove()
    with pytest.raises(CardRemoved):
        conn.transmit(SELECT_AP)
    sim_backend.insert(SimulatedCard())  # a new card is not the old connection's card
    with pytest.raises(CardRemoved):
        conn.transmit(SELECT_AP)


def test_reads_while_another_thread_inserts_and_removes():
    """The kiosk UI thread moves cards while a worker reads: only typed outcomes."""
    b = SimulatedBackend({DEFAULT_READER: SimulatedCard()})
    stop = threading.Event()
    outcomes: dict[str, int] = {}

    def shuffle() -> None:
        while not stop.is_set():
            b.remove()
            b.insert(SimulatedCard())

    mover = threading.Thread(target=shuffle)
    mover.start()
    try:
        for _ in range(300):
            try:
                api.read_basic_four(b, "1234", DEFAULT_READER)
                kind = "ok"
            except (CardRemoved, NoCard) as exc:
                kind = type(exc).__name__
            outcomes[kind] = outcomes.get(kind, 0) + 1
    finally:
        stop.set()
        mover.join()
    assert set(outcomes) <= {"ok", "CardRemoved", "NoCard"}
    assert sum(outcomes.values()) == 300


def _vpcd_message(conn: socket.socket, payload: bytes) -> bytes:
    """Send one message as vpcd does and read the card's answer."""
    conn.sendall(len(payload).to_bytes(2, "big") + payload)
    size = int.from_bytes(conn.recv(2, socket.MSG_WAITALL), "big")
    return conn.recv(size, socket.MSG_WAITALL)


def test_an_answer_on_the_replaced_connection_does_not_greet_the_new_card():
    """Before, `insert()` of a second card returned on the old connection's late
    answer: pcscd had not yet seen the swap and the next command failed."""
    with socket.create_server(("127.0.0.1", 0)) as server:  # vpcd's side of the wire
        server.settimeout(10)
        first = SimulatedCard()
        vpcd = VpcdCard(first, server.getsockname()[1])
        try:
            vpcd.insert(wait=None)
            old, _ = server.accept()
            assert _vpcd_message(old, bytes([4])) == first.atr
            old_sock = vpcd._sock
            # Set once the answer is sent: the ATR can arrive here before that.
            assert vpcd._greeted.wait(10) and old_sock is not None

            vpcd.insert(SimulatedCard(name="次の人"), wait=None)
            vpcd._greet(old_sock)  # the old connection's answer, sent just before
            assert not vpcd._greeted.is_set()

            new, _ = server.accept()
            _vpcd_message(new, bytes([4]))
            assert vpcd._greeted.wait(10)
            old.close()
            new.close()
        finally:
            vpcd.stop()
