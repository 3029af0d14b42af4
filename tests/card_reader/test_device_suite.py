"""tests/device, run as a user would on a physical reader, against our card behind the
virtual reader: the device tests are real tests that pass on a card that behaves as
the references say, not stubs that only ever skip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from card_reader.simulator import SimulatedCard

pytestmark = pytest.mark.pcsc

ROOT = Path(__file__).resolve().parents[2]
PYTEST = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"]


def run_device_tests(reader: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PYTEST, "tests/device", "--reader", reader, *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),  # PCSCLITE_CSOCK_NAME: the session's private pcscd
        timeout=240,
    )


def test_the_device_tests_pass_on_a_card_like_the_real_one(vpcd_card, tmp_path):
    pin_file = tmp_path / "pin"
    pin_file.write_text("1234\n")
    pin_file.chmod(0o600)
    out = run_device_tests("Virtual PCD 00 0[0]", "--pin-file", str(pin_file))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "5 passed, 1 skipped" in out.stdout, out.stdout
    assert "needs a blocked test card" in out.stdout
    assert vpcd_card.card.tries_left == 3 and vpcd_card.card.pin_verifications() == 3
    assert "123456789018" not in out.stdout + out.stderr


def test_a_wrong_pin_file_uses_one_try_at_most(vpcd_card, tmp_path):
    pin_file = tmp_path / "pin"
    pin_file.write_text("9999\n")
    pin_file.chmod(0o600)
    out = run_device_tests("Virtual PCD 00 00", "--pin-file", str(pin_file))
    assert out.returncode != 0
    assert vpcd_card.card.pin_verifications() == 1 and vpcd_card.card.tries_left == 2
    assert "not sending a PIN" in out.stdout  # the other read tests refused


def test_a_blocked_card_is_checked_without_a_pin(vpcd_card, tmp_path):
    card = vpcd_card.insert(SimulatedCard(tries_left=0, blocked_status=0x6984))
    out = run_device_tests("Virtual PCD 00 00", "--card-blocked")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 passed, 3 skipped" in out.stdout, out.stdout
    assert card.pin_verifications() == 0
