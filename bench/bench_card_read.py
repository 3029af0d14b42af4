"""A full basic-four read through pcscd and the vsmartcard virtual reader.

Measures: the APDUs a read sends (8: the protocol's minimum of 5, plus the tries
query and the integrity file, our choices; docs/card-reader.md says why), wall time
per read, interleaved read by read with bare pyscard (`smartcard.scard`, the same PC/SC
calls: connect, transaction, status, transmit, end with a reset, disconnect) sending the
very same APDUs, per status check, and the reader monitor's CPU use while idle.

Needs the private pcscd of tests/support/pcscd.py (root, pcscd, vsmartcard-vpcd).
"""

from __future__ import annotations

import os
import statistics
import time

from bench import Measurement, interleaved, median
from card_reader import api
from card_reader.backend import ReaderBackend
from card_reader.connection import CardConnection
from card_reader.monitor import ReaderMonitor
from card_reader.pcsc import PcscBackend
from card_reader.simulator import SimulatedCard, VpcdCard
from tests.support.pcscd import PrivatePcscd, pcsc_available

ROUNDS = 200
PIN = "1234"


class _Recording(CardConnection):
    """Keeps a copy of every command (this benchmark's PIN is a fixed sample)."""

    def __init__(self, inner: CardConnection, sent: list[bytes]) -> None:
        self._inner = inner
        self._sent = sent

    @property
    def atr(self) -> bytes:
        return self._inner.atr

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        self._sent.append(bytes(apdu))
        return self._inner.transmit(apdu)

    def close(self, *, reset: bool = False) -> None:
        self._inner.close(reset=reset)


class _RecordingBackend(PcscBackend):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[bytes] = []

    def connect(self, reader: str) -> CardConnection:
        return _Recording(super().connect(reader), self.sent)


def _bare_pyscard(reader: str, apdus: list[bytes]) -> None:
    """A plain pyscard read of the same APDUs: connect, hold the card in a transaction
    (a read must not be interleaved with another program's commands: ours does the
    same), send, reset (a PIN was verified), release. What ours adds: the reader check
    before connecting (SCardGetStatusChange), the opening thread that bounds a blocked
    SCardConnect, the protocol logic and parsing."""
    from smartcard import scard

    _, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _, handle, protocol = scard.SCardConnect(
        ctx, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
    )
    scard.SCardBeginTransaction(handle)
    scard.SCardStatus(handle)
    for apdu in apdus:
        code, response = scard.SCardTransmit(handle, protocol, list(apdu))
        assert code == 0 and len(response) >= 2
    scard.SCardEndTransaction(handle, scard.SCARD_RESET_CARD)
    scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
    scard.SCardReleaseContext(ctx)


def _median_ms(fn: object, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _wait_present(backend: ReaderBackend, reader: str) -> None:
    deadline = time.monotonic() + 10
    while not backend.card_present(reader):
        if time.monotonic() > deadline:
            raise RuntimeError("pcscd did not see the virtual card")
        time.sleep(0.02)


def run() -> list[Measurement]:
    reason = pcsc_available()
    if reason:
        raise RuntimeError(f"card read benchmark needs the real PC/SC stack: {reason}")
    daemon = PrivatePcscd()
    daemon.start()
    old = {k: os.environ.get(k) for k in daemon.env}
    os.environ.update(daemon.env)
    card = SimulatedCard()
    vpcd = VpcdCard(card, daemon.port)
    try:
        reader = daemon.reader_names[0]
        backend = _RecordingBackend()
        vpcd.insert()
        _wait_present(backend, reader)

        api.read_basic_four(backend, PIN, reader)  # warm-up, and the command list
        apdus = list(backend.sent)
        backend.sent.clear()
        api.card_status(backend, reader)
        status_apdus = len(backend.sent)
        # Timed: the product's own backend, without the recording wrapper above (it
        # was in every timed read, a cost bare pyscard did not carry).
        backend = PcscBackend()
        api.read_basic_four(backend, PIN, reader)

        # Interleaved, one read of each in turn: a busy machine slows both alike.
        ours_s, bare_s = interleaved(
            lambda: api.read_basic_four(backend, PIN, reader) and None,
            lambda: _bare_pyscard(reader, apdus),
            ROUNDS,
        )
        ours, bare = median(ours_s) * 1000, median(bare_s) * 1000
        status = _median_ms(lambda: api.card_status(backend, reader), ROUNDS)
        auto = _median_ms(lambda: api.read_basic_four(backend, PIN), ROUNDS)

        monitor = ReaderMonitor(PcscBackend(), lambda event: None)
        with monitor:
            time.sleep(0.5)
            cpu0, wall0 = time.process_time(), time.perf_counter()
            time.sleep(3.0)
            idle_cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0) * 100
    finally:
        vpcd.stop()
        daemon.cleanup()
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    note = f"median of {ROUNDS}, pcscd + vpcd"
    return [
        Measurement(
            "card read: APDUs",
            len(apdus),
            "count",
            "SELECT AP, SELECT 0011, VERIFY×2, SELECT 0002, READ, SELECT 0003, READ "
            "(protocol minimum 5: no tries query, no EF 0003)",
        ),
        Measurement(
            "card status: APDUs", status_apdus, "count", "SELECT AP, SELECT 0011, VERIFY (no data)"
        ),
        Measurement(
            "card read (basic four, PIN)",
            ours,
            "ms",
            f"{note}, interleaved with bare pyscard sending the same APDUs",
            baseline=bare,
            goal=1.1,
        ),
        Measurement(
            "card read: with reader lookup",
            auto,
            "ms",
            "reader=None: the reader holding a My Number Card",
        ),
        Measurement("card status: wall time", status, "ms", note),
        Measurement(
            "reader monitor: idle CPU", idle_cpu, "%", "process CPU over 3 s, one core = 100"
        ),
    ]
