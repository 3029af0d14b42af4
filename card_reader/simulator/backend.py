"""An in-process reader backend: readers and simulated cards in memory.

Thread-safe: the kiosk's main thread inserts and removes cards and readers while
worker threads read and the monitor waits. One condition variable guards the state
and wakes the monitor on every change, so it never polls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from card_reader.backend import ReaderBackend, ReaderWatcher, Snapshot
from card_reader.connection import CardConnection
from card_reader.errors import (
    CardCommunicationError,
    CardRemoved,
    NoCard,
    NoReader,
    NotMyNumberCard,
    ReaderUnavailable,
)
from card_reader.simulator.card import CardPulledOut, SimulatedCard

DEFAULT_READER = "madoguchi Simulated Reader 0"


@dataclass
class _Slot:
    card: SimulatedCard | None = None
    generation: int = 0  # bumped on every insert/remove: a connection belongs to one


class SimulatedBackend(ReaderBackend):
    def __init__(self, cards: dict[str, SimulatedCard | None] | None = None) -> None:
        self._cond = threading.Condition()
        self._slots: dict[str, _Slot] = {}
        self._service_up = True
        for name, card in (cards if cards is not None else {DEFAULT_READER: None}).items():
            self._slots[name] = _Slot()
            if card is not None:
                self._put(name, card)

    # -- what the kiosk UI (demo mode) and tests do -----------------------------------

    def card_in(self, reader: str | None = None) -> SimulatedCard | None:
        with self._cond:
            return self._slot(reader).card

    def insert(self, card: SimulatedCard, reader: str | None = None) -> None:
        with self._cond:
            self._put(self._name(reader), card)
            self._cond.notify_all()

    def remove(self, reader: str | None = None) -> None:
        with self._cond:
            slot = self._slot(reader)
            if slot.card is not None:
                slot.card = None
                slot.generation += 1
                self._cond.notify_all()

    def add_reader(self, name: str) -> None:
        with self._cond:
            self._slots.setdefault(name, _Slot())
            self._cond.notify_all()

    def remove_reader(self, name: str) -> None:
        with self._cond:
            if self._slots.pop(name, None) is not None:
                self._cond.notify_all()

    def stop_service(self) -> None:
        """As if the smart card service died (or Windows stopped it)."""
        with self._cond:
            self._service_up = False
            self._cond.notify_all()

    def start_service(self) -> None:
        with self._cond:
            self._service_up = True
            self._cond.notify_all()

    # -- ReaderBackend -------------------------------------------------------------

    def list_readers(self) -> list[str]:
        with self._cond:
            self._check_service()
            return list(self._slots)

    def card_present(self, reader: str) -> bool:
        with self._cond:
            self._check_service()
            return self._slot(reader).card is not None

    def snapshot(self) -> Snapshot:
        with self._cond:
            self._check_service()
            return {name: slot.card is not None for name, slot in self._slots.items()}

    def connect(self, reader: str) -> CardConnection:
        with self._cond:
            self._check_service()
            slot = self._slot(reader)
            card = slot.card
            if card is None:
                raise NoCard()
            if card.unresponsive:
                raise NotMyNumberCard("card gives no ATR", reason=NotMyNumberCard.UNRESPONSIVE)
            card.power_reset()
            return SimulatedConnection(self, reader, slot.generation, card)

    def watcher(self) -> ReaderWatcher:
        return SimulatedWatcher(self)

    # -- internals -------------------------------------------------------------------

    def _check_service(self) -> None:
        if not self._service_up:
            raise ReaderUnavailable("simulated service stopped")

    def _name(self, reader: str | None) -> str:
        if reader is None:
            if not self._slots:
                raise NoReader()
            return next(iter(self._slots))
        if reader not in self._slots:
            raise NoReader(f"no reader named {reader!r}")
        return reader

    def _slot(self, reader: str | None) -> _Slot:
        return self._slots[self._name(reader)]

    def _put(self, reader: str, card: SimulatedCard) -> None:
        slot = self._slots[reader]
        slot.card = card
        slot.generation += 1
        card.inserted()

    def _still_there(self, reader: str, generation: int) -> None:
        with self._cond:
            self._check_service()
            slot = self._slots.get(reader)
            if slot is None or slot.generation != generation or slot.card is None:
                raise CardRemoved()

    def _pulled_out(self, reader: str, generation: int) -> None:
        with self._cond:
            slot = self._slots.get(reader)
            if slot is not None and slot.generation == generation:
                slot.card = None
                slot.generation += 1
                self._cond.notify_all()


class SimulatedConnection(CardConnection):
    def __init__(
        self, backend: SimulatedBackend, reader: str, generation: int, card: SimulatedCard
    ) -> None:
        self._backend = backend
        self._reader = reader
        self._generation = generation
        self._card = card
        self._closed = False

    @property
    def atr(self) -> bytes:
        return self._card.atr

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        if self._closed:
            raise CardCommunicationError("connection closed")
        self._backend._still_there(self._reader, self._generation)
        try:
            response = self._card.process(apdu)
        except CardPulledOut:
            self._backend._pulled_out(self._reader, self._generation)
            raise CardRemoved("card left the reader mid-read") from None
        # Taken out (or the service died) while the card was answering: the answer is lost.
        self._backend._still_there(self._reader, self._generation)
        return response[:-2], int.from_bytes(response[-2:], "big")

    def close(self, *, reset: bool = False) -> None:
        if not self._closed and reset:
            self._card.power_reset()
        self._closed = True


class SimulatedWatcher(ReaderWatcher):
    def __init__(self, backend: SimulatedBackend) -> None:
        self._backend = backend
        self._cancelled = False

    def wait(self, known: Snapshot | None, timeout: float) -> Snapshot:
        cond = self._backend._cond
        with cond:
            cond.wait_for(
                lambda: self._cancelled or known is None or self._backend.snapshot() != known,
                timeout,
            )
            self._cancelled = False  # a cancel is used up by the wait it ends
            return self._backend.snapshot()

    def cancel(self) -> None:
        with self._backend._cond:
            self._cancelled = True
            self._backend._cond.notify_all()
