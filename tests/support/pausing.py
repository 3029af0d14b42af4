"""A real PC/SC backend whose reads pause once the PIN is accepted, until released:
"mid-read" made a moment a test can act in (another client, a reset)."""

from __future__ import annotations

import threading

from card_reader import api
from card_reader.connection import CardConnection
from card_reader.pcsc import PcscBackend


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


def read_in_background(
    backend: PcscBackend, pin: str, reader: str | None = None
) -> tuple[threading.Thread, dict[str, object]]:
    """`api.read_basic_four` on a thread; `out["result"]` or `out["error"]` when done."""
    out: dict[str, object] = {}

    def read() -> None:
        try:
            out["result"] = api.read_basic_four(backend, pin, reader)
        except Exception as exc:
            out["error"] = exc

    thread = threading.Thread(target=read)
    thread.start()
    return thread, out
