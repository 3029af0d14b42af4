"""Names for the bytes of the My Number Card's input-support application.

Every AID, file id, instruction, tag and status word the package sends or checks lives
here as a `@unique` enum, so code reads `sw == SW.FILE_NOT_FOUND`, never `0x6A82`.
Facts: /work/shared/docs/mynumber-card.md (jpki/myna, AokiApp/jsapdu, lanesky/mnbcard).
"""

from __future__ import annotations

from enum import Enum, IntEnum, unique


@unique
class AID(bytes, Enum):
    """Applications on the card (SELECT by DF name)."""

    INPUT_SUPPORT = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP
    CARD_FACE = bytes.fromhex("D3921000310001010402")  # 券面事項確認AP
    JPKI = bytes.fromhex("D392F000260100000001")  # 公的個人認証AP


@unique
class EF(IntEnum):
    """Elementary files of the input-support application."""

    INDIVIDUAL_NUMBER = 0x0001  # DF10 + 12 ASCII digits; after PIN
    BASIC_FOUR = 0x0002  # FF20 {DF21 offsets, DF22 name, DF23 address, DF24 birth, DF25 sex}
    SIGNATURE = 0x0003  # FF30 {DF31 number hash, DF32 basic-four hash, DF33 signature}
    CERTIFICATE = 0x0004
    AP_INFO = 0x0005
    PIN = 0x0011  # the 4-digit input-support PIN (VERIFY target)


@unique
class INS(IntEnum):
    VERIFY = 0x20
    SELECT = 0xA4
    READ_BINARY = 0xB0
    GET_RESPONSE = 0xC0


@unique
class P1(IntEnum):
    SELECT_EF_UNDER_DF = 0x02
    SELECT_BY_DF_NAME = 0x04


@unique
class P2(IntEnum):
    SELECT_NO_RESPONSE = 0x0C  # no FCI back: the answer is just the status word
    VERIFY_CURRENT_EF = 0x80  # reference data in the currently selected EF


@unique
class Tag(IntEnum):
    BASIC_FOUR = 0xFF20
    OFFSETS = 0xDF21
    NAME = 0xDF22
    ADDRESS = 0xDF23
    BIRTH_DATE = 0xDF24
    SEX = 0xDF25
    SIGNATURE_DATA = 0xFF30
    NUMBER_HASH = 0xDF31
    BASIC_FOUR_HASH = 0xDF32
    SIGNATURE = 0xDF33
    INDIVIDUAL_NUMBER = 0xDF10


@unique
class SW(IntEnum):
    """Whole status words (SW1 SW2 as one int)."""

    OK = 0x9000
    END_OF_FILE = 0x6282  # fewer bytes than Le: the file ended
    VERIFY_FAILED = 0x63C0  # low nibble: tries left; 63 C0 = none left
    WRONG_LENGTH = 0x6700
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6983
    REFERENCE_DATA_NOT_USABLE = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED = 0x6986
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    INCORRECT_P1P2 = 0x6A86
    WRONG_P1P2 = 0x6B00  # READ BINARY: offset beyond the end of the file
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


@unique
class SW1(IntEnum):
    """Status word families whose SW2 carries a number."""

    MORE_DATA = 0x61  # 61 xx: xx more bytes waiting for GET RESPONSE (T=0)
    WARNING_COUNTER = 0x63  # 63 Cx: VERIFY counter
    WRONG_LE = 0x6C  # 6C xx: resend with Le = xx


#: Status words a blocked PIN may answer with (63 C0 confirmed; 69 83 / 69 84 not
#: confirmed on a real card, so all three are handled).
PIN_BLOCKED_SW = frozenset({SW.VERIFY_FAILED, SW.AUTH_METHOD_BLOCKED, SW.REFERENCE_DATA_NOT_USABLE})

#: The input-support PIN: 4 ASCII digits.
PIN_LENGTH = 4

#: READ BINARY with a short Le reads at most this much.
MAX_SHORT_LE = 256
