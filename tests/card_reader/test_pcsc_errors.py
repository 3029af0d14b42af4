"""PC/SC return codes → typed errors.

Most of these codes cannot be produced here: no physical reader to turn a card
upside-down in, no Windows service to stop. The mapping is a pure function, so it is
tested directly; the codes the real pcscd does produce are exercised in test_pcsc.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from card_reader.errors import (
    CardBusy,
    CardCommunicationError,
    CardRemoved,
    CardTimeout,
    NoCard,
    NoReader,
    NotMyNumberCard,
    ReaderUnavailable,
)
from card_reader.pcsc import PcscCode, error_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("code", "before", "during"),
    [
        (PcscCode.E_NO_SERVICE, ReaderUnavailable, ReaderUnavailable),
        (
            PcscCode.E_SERVICE_STOPPED,
            ReaderUnavailable,
            ReaderUnavailable,
        ),  # Windows, last reader gone
        (PcscCode.F_COMM_ERROR, ReaderUnavailable, ReaderUnavailable),
        (PcscCode.E_INVALID_HANDLE, ReaderUnavailable, ReaderUnavailable),
        (PcscCode.E_NO_READERS_AVAILABLE, NoReader, CardRemoved),
        (PcscCode.E_UNKNOWN_READER, NoReader, CardRemoved),
        (PcscCode.E_READER_UNAVAILABLE, NoReader, CardRemoved),  # reader unplugged
        (PcscCode.E_NO_SMARTCARD, NoCard, CardRemoved),
        (PcscCode.W_REMOVED_CARD, NoCard, CardRemoved),
        (PcscCode.W_UNRESPONSIVE_CARD, NotMyNumberCard, NotMyNumberCard),  # upside-down
        (PcscCode.W_UNPOWERED_CARD, NotMyNumberCard, NotMyNumberCard),
        (PcscCode.E_PROTO_MISMATCH, NotMyNumberCard, NotMyNumberCard),
        (PcscCode.E_TIMEOUT, CardTimeout, CardTimeout),
        # Another program reset the card, or holds it: not a fault of card or reader.
        (PcscCode.W_RESET_CARD, CardBusy, CardBusy),
        (PcscCode.E_SHARING_VIOLATION, CardBusy, CardBusy),
        (PcscCode.E_COMM_DATA_LOST, CardCommunicationError, CardCommunicationError),
        (PcscCode.E_NOT_TRANSACTED, CardCommunicationError, CardCommunicationError),
        (0x80100099, CardCommunicationError, CardCommunicationError),
    ],
)
def test_error_for(code, before, during):
    assert type(error_for(code, mid_read=False)) is before
    assert type(error_for(code, mid_read=True)) is during
    assert type(error_for(code - (1 << 32), mid_read=False)) is before  # signed on some platforms


def test_upside_down_is_told_apart_and_codes_reach_the_detail():
    err = error_for(PcscCode.W_UNRESPONSIVE_CARD, mid_read=False, what="SCardConnect")
    assert isinstance(err, NotMyNumberCard) and err.reason == NotMyNumberCard.UNRESPONSIVE
    assert "SCardConnect: PC/SC 80100066" in str(err)
    assert isinstance(ReaderUnavailable(), NoReader)  # no service is handled as no reader


def test_a_broken_pyscard_is_no_service_not_a_crash(tmp_path):
    """pyscard's native library failing to load (as on a machine without libpcsclite)
    is faked with a `smartcard` package that raises OSError on import: the real one
    cannot be broken here."""
    fake = tmp_path / "smartcard"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        "raise OSError('libpcsclite.so.1: cannot open shared object file')\n"
    )
    program = (
        "import card_reader, card_reader.api, card_reader.monitor, card_reader.pcsc\n"
        "from card_reader.errors import ReaderUnavailable\n"
        "try:\n"
        "    card_reader.pcsc.PcscBackend().list_readers()\n"
        "except ReaderUnavailable as e:\n"
        "    print('unavailable', e.key)\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "unavailable card.service_unavailable"
    cli = subprocess.run(
        [sys.executable, "-m", "kiosk.card_cli", "readers"],
        capture_output=True,
        text=True,
        env={**env, "LANG": "C.UTF-8"},
        timeout=60,
        cwd=ROOT,
    )
    assert cli.returncode == ReaderUnavailable.exit_code
