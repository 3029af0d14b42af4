"""A scripted card connection: replays (expected command, response data, SW) triples.

For protocol tests that need a card to answer in ways our simulator does not (6C xx,
61 xx chaining, odd status words). Everything else goes through the simulator and
the real pcscd.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from card_reader.connection import CardConnection
from card_reader.simulator import MY_NUMBER_ATR


@dataclass
class FakeCardConnection(CardConnection):
    script: list[tuple[bytes, bytes, int]]
    sent: list[bytes] = field(default_factory=list)
    closed_with_reset: bool | None = None

    @property
    def atr(self) -> bytes:
        return MY_NUMBER_ATR

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        command = bytes(apdu)
        self.sent.append(command)
        position = len(self.sent)
        assert self.script, f"unexpected extra command #{position}: {command.hex(' ')}"
        expected, data, sw = self.script.pop(0)
        assert command == expected, (
            f"command #{position}: sent {command.hex(' ')}, expected {expected.hex(' ')}"
        )
        return data, sw

    def close(self, *, reset: bool = False) -> None:
        self.closed_with_reset = reset

    @property
    def done(self) -> bool:
        return not self.script


def h(text: str) -> bytes:
    return bytes.fromhex(text)


SELECT_AP = h("00A4040C0A D3921000310001010408")
SELECT_PIN = h("00A4020C02 0011")
SELECT_EF1 = h("00A4020C02 0001")
SELECT_EF2 = h("00A4020C02 0002")
SELECT_EF3 = h("00A4020C02 0003")
VERIFY_EMPTY = h("00200080")


def verify(pin: str) -> bytes:
    return h("0020008004") + pin.encode()


def read_binary(offset: int, le: int) -> bytes:
    return bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, le & 0xFF])
