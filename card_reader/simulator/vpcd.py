"""A simulated card served to a real pcscd through the vsmartcard virtual reader.

vpcd (Debian's `vsmartcard-vpcd`) listens on a TCP port per virtual reader; a program
connected to it *is* the card in that reader. Every message both ways is a 2-byte
big-endian length and a payload. A 1-byte payload from the reader is a control
message (0 power off, 1 power on, 2 reset, 4 "send your ATR"); anything longer is a
command APDU, answered with data + SW1 SW2.

`insert()` connects (pcscd sees a card within its 0.4 s poll), `remove()` closes the
connection, `stop()` ends the thread. If pcscd goes away while the card is inserted,
the card keeps trying to reconnect, as a real card stays in its reader while the
service restarts. TCP_NODELAY, and TCP_QUICKACK re-armed after each receive, keep
each exchange at a fraction of a millisecond instead of a 40-50 ms delayed ACK.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading

from card_reader.simulator.card import CardPulledOut, SimulatedCard

logger = logging.getLogger(__name__)

_CTRL_OFF, _CTRL_ON, _CTRL_RESET, _CTRL_ATR = 0, 1, 2, 4
#: While inserted but unable to reach vpcd, try again this often (seconds).
RECONNECT_INTERVAL = 0.1


class VpcdCard:
    def __init__(self, card: SimulatedCard, port: int, host: str = "127.0.0.1") -> None:
        self.card = card
        self.port = port
        self.host = host
        self._cond = threading.Condition()
        self._inserted = False
        self._stopped = False
        self._sock: socket.socket | None = None
        self._greeted = threading.Event()  # pcscd has talked to the current connection
        self._thread: threading.Thread | None = None

    @property
    def inserted(self) -> bool:
        with self._cond:
            return self._inserted

    def insert(self, card: SimulatedCard | None = None, *, wait: float | None = 5.0) -> None:
        """Put the card (or `card`) in the reader. With `wait`, return once pcscd has
        powered it or asked its ATR (or raise TimeoutError after `wait` seconds)."""
        with self._cond:
            if self._stopped:
                raise RuntimeError("VpcdCard is stopped")
            if card is not None:
                self.card = card
            if self._inserted:
                self._drop_connection()
            self._greeted.clear()
            self.card.inserted()
            self._inserted = True
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"vpcd-card-{self.port}", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()
        if wait is not None and not self._greeted.wait(wait):
            raise TimeoutError(f"pcscd did not poll the virtual reader on port {self.port}")

    def remove(self) -> None:
        """Take the card out: close the connection."""
        with self._cond:
            self._inserted = False
            self._drop_connection()
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._inserted = False
            self._drop_connection()
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> VpcdCard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the serving thread ------------------------------------------------------------

    def _drop_connection(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._stopped or self._inserted)
                if self._stopped:
                    return
            sock = self._connect()
            if sock is None:
                with self._cond:
                    self._cond.wait(RECONNECT_INTERVAL)
                continue
            try:
                self._serve(sock)
            except OSError as exc:
                logger.debug("virtual reader connection ended: %s", exc)
            finally:
                with self._cond:
                    if self._sock is sock:
                        self._drop_connection()

    def _connect(self) -> socket.socket | None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2)
        except OSError:
            return None
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._cond:
            if not self._inserted or self._stopped:
                sock.close()
                return None
            self._sock = sock
        return sock

    def _serve(self, sock: socket.socket) -> None:
        while True:
            header = _recv_exact(sock, 2)
            if header is None:
                return
            payload = _recv_exact(sock, int.from_bytes(header, "big"))
            if payload is None:
                return
            if len(payload) == 1:
                self._control(sock, payload[0])
                continue
            try:
                response = self.card.process(payload)
            except CardPulledOut:
                with self._cond:
                    self._inserted = False
                return
            sock.sendall(len(response).to_bytes(2, "big") + response)

    def _control(self, sock: socket.socket, code: int) -> None:
        if code == _CTRL_ATR:
            atr = self.card.atr
            sock.sendall(len(atr).to_bytes(2, "big") + atr)
        elif code in (_CTRL_OFF, _CTRL_ON, _CTRL_RESET):
            self.card.power_reset()
        self._greet(sock)

    def _greet(self, sock: socket.socket) -> None:
        with self._cond:
            # A message answered on a connection `insert()` has just replaced greets the
            # old card: counting it let a test go on before pcscd had seen the new one,
            # and its first command went to the dead connection (PC/SC 80100016).
            if self._sock is sock:
                self._greeted.set()


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        _quickack(sock)  # vpcd may send the length and the payload as two segments
        buf += chunk
    return bytes(buf)


def _quickack(sock: socket.socket) -> None:
    # Linux turns quick ACKs off again by itself: re-arm after every receive.
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)
