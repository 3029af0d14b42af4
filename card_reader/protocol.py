"""The input-support application (券面事項入力補助AP) over one `CardConnection`.

Like yubikit's `SmartCardProtocol`: APDU framing, response chaining, and turning the
status words it knows into typed errors. PIN safety lives here, so no caller can
get it wrong:

- `verify_pin` always asks the tries left first (VERIFY with no data: uses no try)
  and refuses to send a PIN to a blocked card;
- it sends the PIN it was given exactly once and never retries;
- the command holding the PIN is a bytearray wiped right after the exchange, and
  the APDU log shows VERIFY data as `**`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from card_reader import decode, tlv
from card_reader.connection import CardConnection
from card_reader.constants import (
    AID,
    EF,
    INS,
    MAX_SHORT_LE,
    P1,
    P2,
    PIN_BLOCKED_SW,
    PIN_LENGTH,
    SW,
    SW1,
    Tag,
)
from card_reader.errors import (
    ApduError,
    CardTimeout,
    InvalidPinFormat,
    MalformedData,
    NotMyNumberCard,
    PinBlocked,
    PinIncorrect,
)
from card_reader.model import BasicFour, Integrity

#: APDU traffic has its own level below DEBUG, off unless asked for (as in ykman).
APDU_LEVEL = 5
logging.addLevelName(APDU_LEVEL, "APDU")
apdu_logger = logging.getLogger("card_reader.apdu")
logger = logging.getLogger(__name__)

_T = TypeVar("_T")


def check_pin_format(pin: str) -> None:
    """Raise `InvalidPinFormat` unless `pin` is exactly 4 ASCII digits."""
    if len(pin) != PIN_LENGTH or not all("0" <= c <= "9" for c in pin):
        raise InvalidPinFormat()


def redact(apdu: bytes | bytearray) -> str:
    """Hex of a command for the log; VERIFY data (the PIN) becomes `**` per byte."""
    if len(apdu) > 5 and apdu[1] == INS.VERIFY:
        return apdu[:5].hex(" ").upper() + " **" * (len(apdu) - 5)
    return apdu.hex(" ").upper()


def _apdu(ins: INS, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    out = bytes([0x00, ins, p1, p2])
    if data:
        out += bytes([len(data)]) + data
    if le is not None:
        out += bytes([le & 0xFF])  # 256 is sent as 00
    return out


class InputSupportProtocol:
    """Commands of the input-support AP. One instance per card session."""

    def __init__(self, connection: CardConnection, *, deadline: float | None = None) -> None:
        self.connection = connection
        #: `time.monotonic()` after which no further command is sent (`CardTimeout`).
        self.deadline = deadline
        #: Whether a PIN has been sent in this session (the caller should reset the card).
        self.pin_sent = False
        self._current_ef: EF | None = None

    # -- framing ---------------------------------------------------------------

    def send(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        """Transmit, following `61 xx` (GET RESPONSE) and `6C xx` (resend with Le = xx)."""
        data, sw = self._transmit(apdu)
        if sw >> 8 == SW1.WRONG_LE and len(apdu) == 5:
            data, sw = self._transmit(apdu[:4] + bytes([sw & 0xFF]))
        while sw >> 8 == SW1.MORE_DATA:
            more, sw = self._transmit(_apdu(INS.GET_RESPONSE, 0, 0, le=(sw & 0xFF) or 256))
            data += more
        return data, sw

    def _transmit(self, apdu: bytes | bytearray) -> tuple[bytes, int]:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise CardTimeout("read took longer than its time limit")
        # Off by default: then not even the redacted hex is made (16 times a read).
        logging_apdus = apdu_logger.isEnabledFor(APDU_LEVEL)
        if logging_apdus:
            apdu_logger.log(APDU_LEVEL, "> %s", redact(apdu))
        data, sw = self.connection.transmit(apdu)
        if logging_apdus:
            # Response data is personal: only its length goes to the log.
            apdu_logger.log(APDU_LEVEL, "< %d bytes %04X", len(data), sw)
        return data, sw

    # -- selection ---------------------------------------------------------------

    def select_input_support(self) -> None:
        """Select the input-support AP; any refusal means this is not a My Number Card."""
        _, sw = self.send(
            _apdu(INS.SELECT, P1.SELECT_BY_DF_NAME, P2.SELECT_NO_RESPONSE, AID.INPUT_SUPPORT)
        )
        if sw != SW.OK:
            raise NotMyNumberCard(f"SELECT input-support AP answered {sw:04X}")
        self._current_ef = None

    def select_ef(self, ef: EF) -> None:
        if self._current_ef == ef:
            return
        _, sw = self.send(
            _apdu(INS.SELECT, P1.SELECT_EF_UNDER_DF, P2.SELECT_NO_RESPONSE, ef.to_bytes(2, "big"))
        )
        if sw != SW.OK:
            raise ApduError(sw, f"SELECT EF {ef:04X}")
        self._current_ef = ef

    # -- PIN ---------------------------------------------------------------------

    def pin_tries_left(self) -> int | None:
        """Tries left, asked with a VERIFY that carries no PIN and so uses no try.

        None when the card answers 90 00: the PIN is already verified in this card
        session and the card gives no count.
        """
        self.select_ef(EF.PIN)
        _, sw = self.send(_apdu(INS.VERIFY, 0x00, P2.VERIFY_CURRENT_EF))
        if sw == SW.OK:
            return None
        if sw in PIN_BLOCKED_SW:
            return 0
        if sw & 0xFFF0 == SW.VERIFY_FAILED:
            return sw & 0x0F
        raise ApduError(sw, "VERIFY without data")

    def verify_pin(self, pin: str) -> None:
        """Send `pin` once. Raises `PinIncorrect(tries_left)` or `PinBlocked`."""
        check_pin_format(pin)
        if self.pin_tries_left() == 0:
            raise PinBlocked("blocked before VERIFY: no PIN sent")
        command = bytearray(_apdu(INS.VERIFY, 0x00, P2.VERIFY_CURRENT_EF, b"\0" * PIN_LENGTH))
        try:
            for i, ch in enumerate(pin):
                command[5 + i] = ord(ch)
            self.pin_sent = True
            _, sw = self.send(command)
        finally:
            command[:] = bytes(len(command))
        if sw == SW.OK:
            return
        if sw in PIN_BLOCKED_SW:  # 63 C0: that was the last try
            raise PinBlocked(f"VERIFY answered {sw:04X}")
        if sw & 0xFFF0 == SW.VERIFY_FAILED:
            raise PinIncorrect(sw & 0x0F)
        raise ApduError(sw, "VERIFY")

    # -- reading -----------------------------------------------------------------

    def read_binary(self, offset: int, length: int) -> tuple[bytes, bool]:
        """Up to `length` (≤ 256) bytes at `offset`; the flag says the file ended."""
        if offset > 0x7FFF:  # beyond what a READ BINARY offset can say
            return b"", True
        data, sw = self.send(_apdu(INS.READ_BINARY, offset >> 8, offset & 0xFF, le=length))
        if sw == SW.OK:
            return data, len(data) < length
        if sw == SW.END_OF_FILE:
            return data, True
        if sw == SW.WRONG_P1P2 and offset > 0:
            return b"", True
        raise ApduError(sw, f"READ BINARY at {offset}")

    def read_until(self, ef: EF, find: Callable[[bytes, bool], _T | tlv.Need]) -> _T:
        """Read `ef` in as few READ BINARYs as `find` allows.

        `find(buffer, complete)` returns its result or a `tlv.Need`. The first read
        asks for 256 bytes (the most a short APDU can carry); later ones ask for
        exactly what a known object still needs, else 256.
        """
        self.select_ef(ef)
        buf = b""
        eof = False
        need = tlv.Need(MAX_SHORT_LE, exact=False)
        while True:
            while len(buf) < need.length and not eof:
                want = need.length - len(buf) if need.exact else MAX_SHORT_LE
                chunk, eof = self.read_binary(len(buf), min(want, MAX_SHORT_LE))
                buf += chunk
                eof = eof or len(buf) >= tlv.MAX_FILE_SIZE
            found = find(buf, eof)
            if not isinstance(found, tlv.Need):
                return found
            if eof:
                raise MalformedData(f"EF {ef:04X} ended before its data")
            # Always make progress, whatever `find` says.
            need = found if found.length > len(buf) else tlv.Need(len(buf) + 1, exact=False)

    def read_basic_four(self) -> BasicFour:
        """EF 0002, then DF32 of EF 0003 when the card has it. PIN must be verified."""
        found = self.read_until(EF.BASIC_FOUR, lambda b, c: decode.find_basic_four(b, complete=c))
        return decode.decode_basic_four(found, self._integrity(found))

    def _integrity(self, found: decode.BasicFourObject) -> Integrity:
        """The check of the basic four against EF 0003. Whatever the card answers about
        EF 0003, the basic four already read are kept: `absent` (no file) and
        `mismatch` (a file we cannot use) are flagged to staff, never fatal. The
        transport failing (card removed, service gone, time up) still ends the read."""
        try:
            df32 = self.read_until(
                EF.SIGNATURE,
                lambda b, c: tlv.locate_child(
                    b, Tag.SIGNATURE_DATA, Tag.BASIC_FOUR_HASH, complete=c
                ),
            )
        except ApduError as exc:
            if exc.sw == SW.FILE_NOT_FOUND:
                logger.info("EF 0003 not found: integrity reported as absent")
                return Integrity.ABSENT
            logger.info("EF 0003 answered %04X: integrity reported as mismatch", exc.sw)
            return Integrity.MISMATCH
        except MalformedData:
            logger.info("EF 0003 is unreadable: integrity reported as mismatch")
            return Integrity.MISMATCH
        return decode.integrity_of(found, df32.value if df32 else None)

    def read_individual_number(self) -> str:
        """EF 0001 (個人番号). PIN must be verified. Never log the result."""
        found = self.read_until(
            EF.INDIVIDUAL_NUMBER,
            lambda b, c: tlv.locate(
                b, Tag.INDIVIDUAL_NUMBER, complete=c, accept=decode.is_individual_number
            ),
        )
        return found.value.decode("ascii")
