"""A simulated My Number Card: its data, its PIN counter and the APDUs it answers.

Only the input-support AP is implemented, as the real card behaves per
/work/shared/docs/mynumber-card.md: SELECT by AID and by EF id (P2 = 0C), VERIFY on
EF 0011 (with no data: the tries left, using none), READ BINARY with `90 00` and
fewer bytes when the file ends before Le (as the references show; `short_read_status`
= `62 82` for the other ISO 7816-4 answer) and `6B 00` past its end. Everything else is refused the way an
ISO 7816-4 card refuses it.

The card is shared between a transport thread and a test, so its state is guarded by
a lock. Each command is recorded in `apdu_log`, VERIFY data redacted.
"""

from __future__ import annotations

import datetime as _dt
import hmac
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from card_reader.constants import AID, EF, INS, P1, P2, PIN_BLOCKED_SW, SW
from card_reader.errors import CardError
from card_reader.simulator import files

#: ATR of a My Number Card (T=1), as listed for "Japanese Individual Number Card".
MY_NUMBER_ATR = bytes.fromhex("3BE000FF8131FE4514")
#: ATR of some other T=1 card (a bank or transport card, say).
OTHER_CARD_ATR = bytes.fromhex("3B80800101")


class SimulatorConfigError(CardError, ValueError):
    """A simulated card's settings are invalid (scenario files, tests)."""

    key = "card.simulator_config"
    exit_code = 15


class CardPulledOut(Exception):
    """Raised by `SimulatedCard.process` when the card leaves the reader mid-read."""


@dataclass(frozen=True)
class LoggedApdu:
    """One command the card received. VERIFY data (a PIN) is never kept."""

    header: bytes  # CLA INS P1 P2
    data: bytes | None  # the command data; None for VERIFY (redacted)
    data_length: int
    le: int | None
    sw: int  # what the card answered

    @property
    def ins(self) -> int:
        return self.header[1]

    @property
    def is_verify(self) -> bool:
        return self.ins == INS.VERIFY

    @property
    def carries_pin(self) -> bool:
        """A VERIFY with data: one that can use a PIN try."""
        return self.is_verify and self.data_length > 0

    def __repr__(self) -> str:
        body = self.header.hex(" ").upper()
        if self.data_length:
            shown = "**" * self.data_length if self.data is None else self.data.hex().upper()
            body += f" [{self.data_length}] {shown}"
        if self.le is not None:
            body += f" Le={self.le}"
        return f"<APDU {body} → {self.sw:04X}>"


@dataclass(frozen=True)
class _Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None


def _parse_command(apdu: bytes) -> _Command | None:
    """Short APDUs, cases 1-4; None if the lengths do not add up."""
    if len(apdu) < 4:
        return None
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return _Command(cla, ins, p1, p2, b"", None)
    if len(body) == 1:
        return _Command(cla, ins, p1, p2, b"", body[0] or 256)
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):  # extended lengths: not supported
        return None
    le = (body[1 + lc] or 256) if len(body) == 2 + lc else None
    return _Command(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), le)


#: Files that need the PIN before READ BINARY.
_PROTECTED = frozenset({EF.INDIVIDUAL_NUMBER, EF.BASIC_FOUR, EF.SIGNATURE})


@dataclass(eq=False)
class SimulatedCard:
    """One card. Change its fields at any time; the files follow."""

    name: str = "番号　花子"
    address: str = "東京都千代田区霞が関二丁目１番２号"
    birth_date_raw: str = "19850412"
    sex: str = "2"
    pin: str = field(default="1234", repr=False)
    tries_left: int = 3
    individual_number: str = field(default="123456789018", repr=False)
    with_integrity: bool = True
    integrity_mismatch: bool = False
    is_my_number: bool = True
    #: The card answers this many commands after being inserted, then leaves the reader.
    remove_after_apdus: int | None = None
    #: Each command APDU takes this long to answer.
    delay_seconds: float = 0.0
    #: Bytes in EF 0002 before FF 20 (some cards have them).
    leading_bytes: bytes = b""
    max_tries: int = 3
    #: What VERIFY answers once blocked: 63 C0, 69 83 or 69 84.
    blocked_status: int = SW.VERIFY_FAILED
    #: EF 0002 exactly as given, instead of one built from the fields (malformed data).
    basic_four_override: bytes | None = field(default=None, repr=False)
    #: In-process only: a card that gives no ATR (a contact card inserted upside-down).
    unresponsive: bool = False
    #: What a READ BINARY that reaches the end of the file before Le answers, with the
    #: bytes there are: 90 00 (real cards, per the references) or 62 82.
    short_read_status: int = SW.OK
    #: What READ BINARY of EF 0003 answers instead of its data (e.g. 0x6981): a card
    #: whose integrity file is there but cannot be read. None: the data.
    signature_read_status: int | None = None
    apdu_log: list[LoggedApdu] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._app_selected = False
        self._current_ef: int | None = None
        self._verified = False
        self._since_insert = 0
        self.validate()

    # -- settings ------------------------------------------------------------------

    def validate(self) -> None:
        if not 0 <= self.tries_left <= 15 or self.max_tries < 1:
            raise SimulatorConfigError("tries_left must be 0-15 and max_tries at least 1")
        if self.blocked_status not in PIN_BLOCKED_SW:
            raise SimulatorConfigError("blocked_status must be 63C0, 6983 or 6984")
        if self.short_read_status not in (SW.OK, SW.END_OF_FILE):
            raise SimulatorConfigError("short_read_status must be 9000 or 6282")

    @property
    def blocked(self) -> bool:
        return self.tries_left == 0

    @property
    def atr(self) -> bytes:
        return MY_NUMBER_ATR if self.is_my_number else OTHER_CARD_ATR

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> SimulatedCard:
        """Build from a scenario mapping.

        Keys: name, address, birth_date (YYYYMMDD text or a YAML date), sex, pin,
        tries_left, blocked (true → tries_left 0), individual_number, my_number, and
        any field name of this class (leading_bytes as hex text).
        """
        known = {f.name for f in fields(cls)} - {"apdu_log"}
        aliases = {"birth_date", "blocked", "my_number"}
        unknown = set(d) - known - aliases
        if unknown:
            raise SimulatorConfigError(f"unknown simulated card keys: {', '.join(sorted(unknown))}")
        kw: dict[str, Any] = {k: v for k, v in d.items() if k in known}
        if "birth_date" in d:
            kw["birth_date_raw"] = _birth_text(d["birth_date"])
        if "my_number" in d:
            kw["is_my_number"] = bool(d["my_number"])
        if d.get("blocked"):
            kw["tries_left"] = 0
        for key in ("pin", "sex", "individual_number", "name", "address", "birth_date_raw"):
            if key in kw and not isinstance(kw[key], str):
                kw[key] = str(kw[key])
        if isinstance(d.get("pin"), int):  # YAML reads 0123 unquoted as a number
            kw["pin"] = str(d["pin"]).zfill(4)
        if isinstance(kw.get("leading_bytes"), str):
            try:
                kw["leading_bytes"] = bytes.fromhex(kw["leading_bytes"])
            except ValueError:
                raise SimulatorConfigError("leading_bytes must be hex text") from None
        try:
            return cls(**kw)
        except TypeError as exc:
            raise SimulatorConfigError(str(exc)) from None

    # -- files ---------------------------------------------------------------------

    def basic_four_file(self) -> bytes:
        if self.basic_four_override is not None:
            return self.basic_four_override
        return files.basic_four_file(
            self.name, self.address, self.birth_date_raw, self.sex, self.leading_bytes
        )

    def individual_number_file(self) -> bytes:
        return files.individual_number_file(self.individual_number)

    def signature_file(self) -> bytes:
        ef2 = self.basic_four_file()
        try:
            hashed = files.basic_four_hash_input(ef2, self.leading_bytes)
        except CardError:  # an override that is not a basic-four file: hash it whole
            hashed = ef2
        return files.signature_file(
            self.individual_number_file(), hashed, mismatch=self.integrity_mismatch
        )

    def _file(self, ef: int) -> bytes | None:
        if ef == EF.BASIC_FOUR:
            return self.basic_four_file()
        if ef == EF.INDIVIDUAL_NUMBER:
            return self.individual_number_file()
        if ef == EF.SIGNATURE:
            return self.signature_file() if self.with_integrity else None
        return None

    def _exists(self, ef: int) -> bool:
        return ef == EF.PIN or self._file(ef) is not None

    # -- life in a reader -------------------------------------------------------------

    def inserted(self) -> None:
        """Called by a transport when the card goes into a reader."""
        with self._lock:
            self._since_insert = 0
            self.power_reset()

    def power_reset(self) -> None:
        """Power off/on or reset: selection and the verified PIN are forgotten."""
        with self._lock:
            self._app_selected = False
            self._current_ef = None
            self._verified = False

    def pin_verifications(self) -> int:
        """How many VERIFY commands carried a PIN (could use a try)."""
        return sum(1 for a in self.apdu_log if a.carries_pin)

    # -- APDUs ---------------------------------------------------------------------

    def process(self, apdu: bytes | bytearray) -> bytes:
        """Answer one command APDU: response data + SW1 SW2.

        Raises `CardPulledOut` if the card leaves the reader instead of answering.
        """
        with self._lock:
            if (
                self.remove_after_apdus is not None
                and self._since_insert >= self.remove_after_apdus
            ):
                raise CardPulledOut()
            self._since_insert += 1
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        with self._lock:
            cmd = _parse_command(bytes(apdu))
            data, sw = self._dispatch(cmd) if cmd else (b"", SW.WRONG_LENGTH)
            self._log(apdu, cmd, sw)
            return data + sw.to_bytes(2, "big")

    def _log(self, apdu: bytes | bytearray, cmd: _Command | None, sw: int) -> None:
        header = bytes(apdu[:4]).ljust(4, b"\0")
        if cmd is None:
            self.apdu_log.append(LoggedApdu(header, None, max(0, len(apdu) - 4), None, sw))
            return
        data = None if cmd.ins == INS.VERIFY else cmd.data
        self.apdu_log.append(LoggedApdu(header, data, len(cmd.data), cmd.le, sw))

    def _dispatch(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.cla != 0x00:
            return b"", SW.CLA_NOT_SUPPORTED
        if cmd.ins == INS.SELECT:
            return b"", self._select(cmd)
        if not self.is_my_number:
            return b"", SW.INS_NOT_SUPPORTED
        if cmd.ins == INS.VERIFY:
            return b"", self._verify(cmd)
        if cmd.ins == INS.READ_BINARY:
            return self._read_binary(cmd)
        return b"", SW.INS_NOT_SUPPORTED

    def _select(self, cmd: _Command) -> int:
        if cmd.p2 != P2.SELECT_NO_RESPONSE:
            return SW.INCORRECT_P1P2
        if cmd.p1 == P1.SELECT_BY_DF_NAME:
            if self.is_my_number and cmd.data == AID.INPUT_SUPPORT:
                self._app_selected = True
                self._current_ef = None
                self._verified = False
                return SW.OK
            return SW.FILE_NOT_FOUND
        if cmd.p1 == P1.SELECT_EF_UNDER_DF:
            if not self._app_selected or len(cmd.data) != 2:
                return SW.FILE_NOT_FOUND
            ef = int.from_bytes(cmd.data, "big")
            if not self._exists(ef):
                return SW.FILE_NOT_FOUND
            self._current_ef = ef
            return SW.OK
        return SW.INCORRECT_P1P2

    def _verify(self, cmd: _Command) -> int:
        if cmd.p1 != 0x00 or cmd.p2 != P2.VERIFY_CURRENT_EF:
            return SW.INCORRECT_P1P2
        if self._current_ef != EF.PIN:
            return SW.COMMAND_NOT_ALLOWED
        if self.tries_left == 0:
            return self.blocked_status
        if not cmd.data:  # the count, using no try
            return SW.OK if self._verified else SW.VERIFY_FAILED | self.tries_left
        if hmac.compare_digest(cmd.data, self.pin.encode("ascii")):
            self.tries_left = self.max_tries
            self._verified = True
            return SW.OK
        self.tries_left -= 1
        self._verified = False
        return SW.VERIFY_FAILED | self.tries_left

    def _read_binary(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.p1 & 0x80:  # short EF id in P1: not offered
            return b"", SW.INCORRECT_P1P2
        if self._current_ef is None or cmd.le is None or cmd.data:
            return b"", SW.COMMAND_NOT_ALLOWED if self._current_ef is None else SW.WRONG_LENGTH
        if self._current_ef in _PROTECTED and not self._verified:
            return b"", SW.SECURITY_STATUS_NOT_SATISFIED
        if self._current_ef == EF.SIGNATURE and self.signature_read_status is not None:
            return b"", self.signature_read_status
        content = self._file(self._current_ef)
        if content is None:  # EF 0011 cannot be read
            return b"", SW.COMMAND_NOT_ALLOWED
        offset = (cmd.p1 << 8) | cmd.p2
        if offset >= len(content):
            return b"", SW.WRONG_P1P2
        chunk = content[offset : offset + cmd.le]
        return chunk, SW.OK if len(chunk) == cmd.le else self.short_read_status


def _birth_text(value: object) -> str:
    if isinstance(value, _dt.date):
        return value.strftime("%Y%m%d")
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # 1985-04-12
        return text.replace("-", "")
    return text
