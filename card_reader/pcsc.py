"""PC/SC through pyscard: the only module that imports it (like ykman's `pcsc`).

pyscard is imported on first use, so `import card_reader` works on a machine where
its native library is missing or broken; then every call raises
`ReaderUnavailable`. pyscard's low-level `smartcard.scard` is used for its exact
PC/SC return codes, which map to typed errors in `error_for()`.

Contexts: the backend keeps one context for listing readers and card presence, and
each connection and each watcher owns its own, because a context blocked in
SCardGetStatusChange holds up every other call on it. A context that the service
no longer knows (pcscd restarted, Windows stopped the service when the last reader
was unplugged) is dropped and established again on the next call.

A connection holds the card: it is opened shared (another program's idle shared
connection does not lock us out, as an exclusive one would) and at once inside
SCardBeginTransaction, kept until `close()`. So no other client can select another
application, move the current file or read anything between our commands, and the
card is reset (SCARD_RESET_CARD) before the transaction ends: nobody can ride on a
PIN we verified.

libpcsclite finds its daemon through PCSCLITE_CSOCK_NAME when that is set (the test
suite's private pcscd); nothing here needs to know.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from enum import IntEnum, unique
from types import ModuleType
from typing import Any

from card_reader.backend import ReaderBackend, ReaderWatcher, Snapshot
from card_reader.connection import CardConnection
from card_reader.errors import (
    CardBusy,
    CardCommunicationError,
    CardError,
    CardRemoved,
    CardTimeout,
    NoCard,
    NoReader,
    NotMyNumberCard,
    ReaderUnavailable,
)
from card_reader.retry import Backoff

logger = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
#: How long a connection waits for the reader to say whether a card that stopped
#: answering has left (vpcd is polled every 0.4 s; a USB reader reports at once).
REMOVAL_SETTLE_MS = 2000
#: How long opening a card waits while another program holds it (seconds): long
#: enough for another client's short exchange, short enough for a resident to wait.
BUSY_TIMEOUT = 10.0
#: How long an opening thread waits for the next opening before it ends (seconds).
WORKER_IDLE = 60.0


@unique
class PcscCode(IntEnum):
    """PC/SC return codes we act on (values from winscard / pcsc-lite)."""

    SUCCESS = 0x00000000
    E_CANCELLED = 0x80100002
    E_INVALID_HANDLE = 0x80100003
    E_UNKNOWN_READER = 0x80100009
    E_TIMEOUT = 0x8010000A
    E_SHARING_VIOLATION = 0x8010000B
    E_NO_SMARTCARD = 0x8010000C
    E_PROTO_MISMATCH = 0x8010000F
    F_COMM_ERROR = 0x80100013
    E_NOT_TRANSACTED = 0x80100016
    E_READER_UNAVAILABLE = 0x80100017
    E_NO_SERVICE = 0x8010001D
    E_SERVICE_STOPPED = 0x8010001E
    E_NO_READERS_AVAILABLE = 0x8010002E
    E_COMM_DATA_LOST = 0x8010002F
    W_UNSUPPORTED_CARD = 0x80100065
    W_UNRESPONSIVE_CARD = 0x80100066
    W_UNPOWERED_CARD = 0x80100067
    W_RESET_CARD = 0x80100068
    W_REMOVED_CARD = 0x80100069


_SERVICE_GONE = {
    PcscCode.E_NO_SERVICE,
    PcscCode.E_SERVICE_STOPPED,
    PcscCode.E_INVALID_HANDLE,  # our context died with the old service
    PcscCode.F_COMM_ERROR,  # the client library lost its socket to the daemon
}
_NO_READER = {
    PcscCode.E_NO_READERS_AVAILABLE,
    PcscCode.E_UNKNOWN_READER,
    PcscCode.E_READER_UNAVAILABLE,
}
_CARD_GONE = {PcscCode.E_NO_SMARTCARD, PcscCode.W_REMOVED_CARD}
#: Another program has the card, or reset it under us.
_CARD_TAKEN = {PcscCode.E_SHARING_VIOLATION, PcscCode.W_RESET_CARD}
#: Conditions that pass by themselves, at connect and status: another program's
#: exclusive use ending, Windows' data lost right at insertion, a contact that
#: bounced, a reset by another program. Opening is retried (`Backoff`).
_MOMENTARY = {
    PcscCode.E_SHARING_VIOLATION,
    PcscCode.E_COMM_DATA_LOST,
    PcscCode.W_UNRESPONSIVE_CARD,
    PcscCode.W_RESET_CARD,
}
_CARD_MUTE = {
    PcscCode.W_UNRESPONSIVE_CARD,
    PcscCode.W_UNPOWERED_CARD,
    PcscCode.E_PROTO_MISMATCH,
    PcscCode.W_UNSUPPORTED_CARD,
}


_ANY = 0x00000001 | 0x00000002  # SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1


def _u32(code: int) -> int:
    return code & 0xFFFFFFFF  # pyscard gives negative numbers on some platforms


def error_for(code: int, *, mid_read: bool, what: str = "") -> CardError:
    """The typed error for a PC/SC failure. `mid_read`: during an exchange with a card."""
    code = _u32(code)
    detail = f"{what}: PC/SC {code:08X}" if what else f"PC/SC {code:08X}"
    if code in _SERVICE_GONE:
        return ReaderUnavailable(detail)
    if code in _NO_READER:
        return CardRemoved(detail) if mid_read else NoReader(detail)
    if code in _CARD_GONE:
        return CardRemoved(detail) if mid_read else NoCard(detail)
    if code in _CARD_TAKEN:
        return CardBusy(detail)
    if code in _CARD_MUTE:
        return NotMyNumberCard(detail, reason=NotMyNumberCard.UNRESPONSIVE)
    if code == PcscCode.E_TIMEOUT:
        return CardTimeout(detail)
    return CardCommunicationError(detail)


_scard_module: ModuleType | None = None


def _scard() -> ModuleType:
    """pyscard's `smartcard.scard`, imported on first use."""
    global _scard_module
    if _scard_module is None:
        try:
            from smartcard import scard
        except Exception as exc:  # ImportError, or OSError from a broken native library
            raise ReaderUnavailable(f"pyscard is not usable: {exc}") from exc
        _scard_module = scard
    return _scard_module


def _establish() -> Any:
    scard = _scard()
    try:
        code, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    except Exception as exc:  # pyscard raises instead of returning on some errors
        raise ReaderUnavailable(f"SCardEstablishContext: {exc}") from exc
    if code != PcscCode.SUCCESS:
        raise error_for(code, mid_read=False, what="SCardEstablishContext")
    return ctx


def _release(ctx: Any) -> None:
    try:
        _scard().SCardReleaseContext(ctx)
    except Exception as exc:  # a context of a dead service cannot be released cleanly
        logger.debug("SCardReleaseContext: %s", exc)


def _list_readers(ctx: Any) -> list[str]:
    code, readers = _scard().SCardListReaders(ctx, [])
    if _u32(code) == PcscCode.E_NO_READERS_AVAILABLE:
        return []
    if code != PcscCode.SUCCESS:
        raise error_for(code, mid_read=False, what="SCardListReaders")
    return list(readers)


def _reader_states(ctx: Any, readers: list[str]) -> list[tuple[str, int, bytes]]:
    if not readers:
        return []
    scard = _scard()
    code, states = scard.SCardGetStatusChange(
        ctx, 0, [(r, scard.SCARD_STATE_UNAWARE) for r in readers]
    )
    code = _u32(code)
    if code == PcscCode.E_UNKNOWN_READER and len(readers) > 1:
        # One went away since the list was made: ask about each, leaving that one out.
        return [s for r in readers for s in _reader_states_or_none(ctx, r)]
    if code not in (PcscCode.SUCCESS, PcscCode.E_TIMEOUT):
        raise error_for(code, mid_read=False, what="SCardGetStatusChange")
    return [(name, state, bytes(atr)) for name, state, atr in states]


def _reader_states_or_none(ctx: Any, reader: str) -> list[tuple[str, int, bytes]]:
    try:
        return _reader_states(ctx, [reader])
    except NoReader:
        return []


def _present(state: int) -> bool:
    return bool(state & _scard().SCARD_STATE_PRESENT)


class PcscBackend(ReaderBackend):
    """`busy_timeout`: seconds `connect` waits while another program holds the card;
    `backoff`: how momentary failures of opening the card are retried."""

    def __init__(
        self, *, busy_timeout: float = BUSY_TIMEOUT, backoff: Backoff | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._ctx: Any = None
        self.busy_timeout = busy_timeout
        self.backoff = backoff or Backoff()
        #: reader → the opening in progress there (maybe given up on by its caller).
        self._openings: dict[str, _Opening] = {}
        self._openings_lock = threading.Lock()
        self._workers = _Workers()

    def _call(self, fn: Any) -> Any:
        """Run `fn(ctx)` on the shared context; once more on a fresh one if the service restarted."""
        with self._lock:
            for attempt in (1, 2):
                if self._ctx is None:
                    self._ctx = _establish()
                try:
                    return fn(self._ctx)
                except ReaderUnavailable:
                    _release(self._ctx)
                    self._ctx = None
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    def list_readers(self) -> list[str]:
        return list(self._call(_list_readers))

    def card_present(self, reader: str) -> bool:
        states = self._call(lambda ctx: _reader_states(ctx, [reader]))
        _name, state, _ = states[0]
        if state & _scard().SCARD_STATE_UNKNOWN:
            raise NoReader(f"no reader named {reader!r}")
        return _present(state)

    def snapshot(self) -> Snapshot:
        def snap(ctx: Any) -> Snapshot:
            readers = _list_readers(ctx)
            return {
                name: _present(state)
                for name, state, _ in _reader_states(ctx, readers)
                if not state & _scard().SCARD_STATE_UNKNOWN
            }

        return dict(self._call(snap))

    def connect(self, reader: str) -> CardConnection:
        """Open `reader`'s card and hold it (a PC/SC transaction) until `close()`.

        While another program holds the card, pcsc-lite blocks SCardConnect and
        SCardBeginTransaction with no time limit (Windows blocks the latter): the
        opening runs on a thread of its own (`_Workers`), and after `busy_timeout` seconds the kiosk
        gets `CardBusy` instead of hanging. The thread, if it gets the card later,
        lets it go at once; a `connect` to the same reader meanwhile waits for that
        thread instead of starting another (no pile of blocked threads while another
        program holds the card for an hour).
        """
        with self._openings_lock:
            opening = self._openings.get(reader)
            if opening is None or not opening.adopt():
                opening = _Opening(reader, self.backoff)
                self._openings[reader] = opening
                self._workers.run(opening.run, f"pcsc-open {reader}")
        try:
            return opening.result(self.busy_timeout)
        finally:
            with self._openings_lock:
                if opening.finished and self._openings.get(reader) is opening:
                    del self._openings[reader]

    def watcher(self) -> ReaderWatcher:
        return PcscWatcher()


class _Workers:
    """Threads for openings, kept for the next one: a new thread per read cost more
    than all of the read's own Python work (0.1 ms on a quiet machine, milliseconds
    under load, bench/bench_card_read.py). A thread blocked on a held card is simply
    not idle, so the next opening gets another; an idle one ends after WORKER_IDLE."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._idle: list[_Worker] = []

    def run(self, job: Callable[[], None], name: str) -> None:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            worker = _Worker(self)
        worker.give(job, name)

    def rest(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)
            self._lock.notify_all()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Whether a thread is idle within `timeout` seconds (for tests: one that just
        handed over its opening is back a moment later)."""
        with self._lock:
            return self._lock.wait_for(lambda: bool(self._idle), timeout)

    def retire(self, worker: _Worker) -> bool:
        """Whether an idle `worker` may end: False if it was just given a job."""
        with self._lock:
            if worker in self._idle:
                self._idle.remove(worker)
                return True
            return False


class _Worker:
    def __init__(self, pool: _Workers) -> None:
        self._pool = pool
        self._jobs: queue.SimpleQueue[tuple[Callable[[], None], str]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="pcsc-open", daemon=True)
        self._thread.start()

    def give(self, job: Callable[[], None], name: str) -> None:
        self._jobs.put((job, name))

    def _loop(self) -> None:
        while True:
            try:
                job, name = self._jobs.get(timeout=WORKER_IDLE)
            except queue.Empty:
                if self._pool.retire(self):
                    return
                continue  # taken while the wait ended: its job is on the way
            self._thread.name = name
            job()  # `_Opening.run` hands every outcome to its caller; it never raises
            self._thread.name = "pcsc-open"
            self._pool.rest(self)


class _Momentary(Exception):
    """A condition worth another try of the whole opening; `error` if none is left."""

    def __init__(self, error: CardError) -> None:
        super().__init__(str(error))
        self.error = error


def _check(code: int, what: str) -> None:
    """Raise for a failed call while opening: `_Momentary` for a condition that passes."""
    if code == PcscCode.SUCCESS:
        return
    error = error_for(code, mid_read=False, what=what)
    if _u32(code) in _MOMENTARY:
        raise _Momentary(error)
    raise error


def _open(reader: str, backoff: Backoff) -> PcscConnection:
    """`_open_once`, tried again with back-off while the failure is momentary.

    Only the opening is retried: no command has been sent to the card yet, so no PIN
    is ever sent twice.
    """
    pauses = backoff.pauses()
    while True:
        try:
            return _open_once(reader)
        except _Momentary as momentary:
            pause = next(pauses, None)
            if pause is None:
                raise momentary.error from None
            logger.info("opening the card in %r: %s; again in %g s", reader, momentary, pause)
            backoff.sleep(pause)


def _open_once(reader: str) -> PcscConnection:
    """Connect (shared), begin a transaction and read the ATR; raises a typed error."""
    scard = _scard()
    ctx = _establish()
    try:
        code, handle, protocol = scard.SCardConnect(ctx, reader, scard.SCARD_SHARE_SHARED, _ANY)
        _check(code, "SCardConnect")
        try:
            protocol = _begin_transaction(handle, protocol)
            code, _name, _state, _protocol, atr = scard.SCardStatus(handle)
            if code != PcscCode.SUCCESS:
                scard.SCardEndTransaction(handle, scard.SCARD_LEAVE_CARD)
                _check(code, "SCardStatus")
        except BaseException:
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
            raise
    except BaseException:
        _release(ctx)
        raise
    return PcscConnection(ctx, handle, protocol, reader, bytes(atr))


def _begin_transaction(handle: Any, protocol: int) -> int:
    """Hold the card; after a reset by another program (W_RESET_CARD), reconnect first.

    Returns the protocol in use (a reconnect may change it).
    """
    scard = _scard()
    code = scard.SCardBeginTransaction(handle)
    if _u32(code) == PcscCode.W_RESET_CARD:
        # Nothing of ours was on the card yet: take it as it is now (the same rule
        # applies, no PIN was sent), and hold it this time.
        code, protocol = scard.SCardReconnect(
            handle, scard.SCARD_SHARE_SHARED, _ANY, scard.SCARD_LEAVE_CARD
        )
        _check(code, "SCardReconnect")
        code = scard.SCardBeginTransaction(handle)
    _check(code, "SCardBeginTransaction")
    return int(protocol)


class _Opening:
    """One `_open` on a worker thread, which the caller may stop waiting for."""

    def __init__(self, reader: str, backoff: Backoff) -> None:
        self._reader = reader
        self._backoff = backoff
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._abandoned = False
        self._finished_abandoned = False  # ended with nobody waiting: cannot be adopted
        self._connection: PcscConnection | None = None
        self._error: BaseException | None = None

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def adopt(self) -> bool:
        """A new caller takes over an opening its caller gave up on and that is still
        blocked; False otherwise (nobody else may get a connection someone waits for)."""
        with self._lock:
            if not self._abandoned or self._finished_abandoned or self._done.is_set():
                return False
            self._abandoned = False
            return True

    def run(self) -> None:
        connection: PcscConnection | None = None
        error: BaseException | None = None
        try:
            connection = _open(self._reader, self._backoff)
        except BaseException as exc:  # handed to the waiting caller
            error = exc
        with self._lock:
            if self._abandoned:
                self._finished_abandoned = True
                if connection is not None:
                    connection.close()  # got it too late: let the other program have it
                return
            self._connection, self._error = connection, error
            self._done.set()

    def result(self, timeout: float) -> PcscConnection:
        if not self._done.wait(timeout):
            with self._lock:
                if not self._done.is_set():
                    self._abandoned = True
                    raise CardBusy(
                        f"another program held the card in {self._reader!r} for {timeout:g} s"
                    )
        if self._error is not None:
            raise self._error
        assert self._connection is not None
        return self._connection


class PcscConnection(CardConnection):
    def __init__(self, ctx: Any, handle: Any, protocol: int, reader: str, atr: bytes) -> None:
        self._ctx = ctx
        self._handle = handle
        self._protocol = protocol
        self._reader = reader
        self._atr = atr
        self._closed = False

    @property
    def atr(self) -> bytes:
        return self._atr

    def transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        if self._closed:
            raise CardCommunicationError("connection closed")
        code, response = _scard().SCardTransmit(self._handle, self._protocol, list(apdu))
        if code != PcscCode.SUCCESS:
            raise self._transmit_error(code)
        if len(response) < 2:
            # vpcd answers so when its card vanished mid-exchange; a reader may too.
            err = CardCommunicationError(f"response of {len(response)} bytes has no status word")
            raise CardRemoved(err.detail) if self._card_left() else err
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]

    def _transmit_error(self, code: int) -> CardError:
        err = error_for(code, mid_read=True, what="SCardTransmit")
        if isinstance(err, CardCommunicationError) and self._card_left():
            return CardRemoved(err.detail)
        return err

    def _card_left(self) -> bool:
        """After a failed exchange: did the card leave? Waits a bounded moment to know."""
        scard = _scard()
        try:
            code, states = scard.SCardGetStatusChange(
                self._ctx, 0, [(self._reader, scard.SCARD_STATE_UNAWARE)]
            )
            if code != PcscCode.SUCCESS:
                return False
            state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            if not _present(state):
                return True
            code, states = scard.SCardGetStatusChange(
                self._ctx, REMOVAL_SETTLE_MS, [(self._reader, state)]
            )
            return code == PcscCode.SUCCESS and not _present(states[0][1])
        except Exception as exc:  # best effort: the caller has an error to raise anyway
            logger.debug("checking for card removal: %s", exc)
            return False

    def close(self, *, reset: bool = False) -> None:
        if self._closed:
            return
        self._closed = True
        scard = _scard()
        disposition = scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD
        try:
            # Reset while still holding the card: nobody gets in between the last
            # command and the reset to use a verified PIN.
            code = scard.SCardEndTransaction(self._handle, disposition)
            if code != PcscCode.SUCCESS:
                logger.debug("SCardEndTransaction: PC/SC %08X", _u32(code))
            else:
                disposition = scard.SCARD_LEAVE_CARD  # reset already: not twice
            scard.SCardDisconnect(self._handle, disposition)
        except Exception as exc:
            logger.debug("SCardDisconnect: %s", exc)
        _release(self._ctx)


class PcscWatcher(ReaderWatcher):
    """Blocks in SCardGetStatusChange on the readers and the PnP pseudo-reader."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ctx: Any = None

    def _context(self) -> Any:
        with self._lock:
            if self._ctx is None:
                self._ctx = _establish()
            return self._ctx

    def _drop(self) -> None:
        with self._lock:
            ctx, self._ctx = self._ctx, None
        if ctx is not None:
            _release(ctx)

    def wait(self, known: Snapshot | None, timeout: float) -> Snapshot:
        scard = _scard()
        try:
            ctx = self._context()
            readers = _list_readers(ctx)
            states = _reader_states(ctx, readers)
            current = {n: _present(s) for n, s, _ in states if not s & scard.SCARD_STATE_UNKNOWN}
            if known is None or current != known:
                return current
            watch = [(PNP_NOTIFICATION, len(readers) << 16)] + [
                (n, s & ~scard.SCARD_STATE_CHANGED) for n, s, _ in states
            ]
            ms = max(0, min(int(timeout * 1000), 0x7FFFFFFE))
            code, _ = scard.SCardGetStatusChange(ctx, ms, watch)
            code = _u32(code)
            if code not in (
                PcscCode.SUCCESS,
                PcscCode.E_TIMEOUT,
                PcscCode.E_CANCELLED,
                PcscCode.E_UNKNOWN_READER,
            ):
                raise error_for(code, mid_read=False, what="SCardGetStatusChange")
            readers = _list_readers(ctx)
            return {
                n: _present(s)
                for n, s, _ in _reader_states(ctx, readers)
                if not s & scard.SCARD_STATE_UNKNOWN
            }
        except ReaderUnavailable:
            self._drop()
            raise

    def cancel(self) -> None:
        with self._lock:
            ctx = self._ctx
        if ctx is not None:
            try:
                _scard().SCardCancel(ctx)
            except Exception as exc:
                logger.debug("SCardCancel: %s", exc)

    def close(self) -> None:
        self._drop()
