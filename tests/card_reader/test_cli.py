"""`madoguchi card`: exit codes, JSON, messages, run as a real process against pcscd."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from card_reader.errors import (
    InvalidPinFormat,
    NoCard,
    NoReader,
    NotMyNumberCard,
    PinBlocked,
    PinIncorrect,
    ReaderUnavailable,
)
from card_reader.simulator import SimulatedCard
from i18n import translator

READ_KEYS = ["name", "address", "birth_date", "birth_date_raw", "sex", "sex_label", "integrity"]


def run(*args: str, stdin: str = "", lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "kiosk.card_cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_exit_codes_are_distinct():
    codes = [
        e.exit_code
        for e in (NoReader, ReaderUnavailable, NoCard, NotMyNumberCard, PinIncorrect, PinBlocked)
    ]
    assert len(set(codes)) == len(codes) and 0 not in codes and 1 not in codes and 2 not in codes


def test_wired_into_the_madoguchi_command():
    madoguchi = Path(sys.executable).with_name("madoguchi")
    out = subprocess.run([madoguchi, "card", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for command in ("readers", "status", "read"):
        assert command in out.stdout


def test_simulated_backend_reads_without_any_service():
    out = run("--backend", "simulator", "read", "--json", "--pin-stdin", stdin="1234\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    card = SimulatedCard()
    assert data["name"] == card.name and data["integrity"] == "ok"


pcsc = pytest.mark.pcsc


@pcsc
def test_readers(vpcd_card):
    out = run("readers")
    assert out.returncode == 0
    assert out.stdout.splitlines() == [
        f"{vpcd_card.reader}\tmy_number",
        "Virtual PCD 00 01\tempty",
    ]
    data = json.loads(run("readers", "--json").stdout)
    assert data == [
        {"name": vpcd_card.reader, "card_present": True, "holds": "my_number"},
        {"name": "Virtual PCD 00 01", "card_present": False, "holds": "empty"},
    ]
    assert vpcd_card.card.pin_verifications() == 0


@pcsc
def test_status_json_uses_no_try(vpcd_card):
    out = run("status", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "reader": vpcd_card.reader,
        "present": True,
        "is_my_number": True,
        "pin_tries_left": 3,
        "pin_blocked": False,
    }
    assert vpcd_card.card.pin_verifications() == 0 and vpcd_card.card.tries_left == 3
    text = run("status")
    assert "pin tries left: 3" in text.stdout


@pcsc
def test_read_json(vpcd_card):
    card = vpcd_card.insert(SimulatedCard(name="𠮷田　花子", address="東京都　千代田区", sex="9"))
    out = run("read", "--json", "--pin-stdin", stdin="1234\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data) == READ_KEYS
    assert data == {
        "name": "𠮷田　花子",
        "address": "東京都　千代田区",
        "birth_date": "1985-04-12",
        "birth_date_raw": "19850412",
        "sex": "9",
        "sex_label": "not applicable",
        "integrity": "ok",
    }
    assert card.pin_verifications() == 1
    assert "1234" not in out.stdout + out.stderr


@pcsc
@pytest.mark.parametrize(
    ("field", "integrity"), [("with_integrity", "absent"), ("integrity_mismatch", "mismatch")]
)
def test_read_warns_when_the_integrity_check_did_not_pass(vpcd_card, field, integrity):
    setattr(vpcd_card.card, field, field == "integrity_mismatch")
    out = run("read", "--json", "--pin-stdin", stdin="1234\n")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["integrity"] == integrity
    assert out.stderr.strip() == translator("en")(f"card.integrity.{integrity}")


@pcsc
def test_read_with_the_hidden_prompt(vpcd_card):
    out = run("read", "--json", stdin="1234\n")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["name"] == vpcd_card.card.name  # the prompt went to stderr
    assert "PIN tries left: 3" in out.stderr and "1234" not in out.stderr


@pcsc
def test_wrong_pin_exit_code_and_message(vpcd_card):
    out = run("read", "--json", "--pin-stdin", stdin="9999\n")
    assert out.returncode == PinIncorrect.exit_code
    assert out.stdout == ""
    assert out.stderr.strip() == translator("en")("card.pin_incorrect", tries_left=2)
    assert vpcd_card.card.tries_left == 2 and vpcd_card.card.pin_verifications() == 1
    ja = run("read", "--pin-stdin", stdin="9999\n", lang="ja_JP.UTF-8")
    assert ja.returncode == PinIncorrect.exit_code
    assert ja.stderr.strip() == translator("ja")("card.pin_incorrect", tries_left=1)
    assert "暗証番号" in ja.stderr and len(ja.stderr.strip().splitlines()) == 1


@pcsc
@pytest.mark.parametrize("blocked_sw", [0x63C0, 0x6983])
def test_blocked_card_exit_code_and_no_pin_sent(vpcd_card, blocked_sw):
    card = vpcd_card.insert(SimulatedCard(tries_left=0, blocked_status=blocked_sw))
    out = run("read", "--pin-stdin", stdin="1234\n")
    assert out.returncode == PinBlocked.exit_code
    assert out.stderr.strip() == translator("en")("card.pin_blocked")
    assert card.pin_verifications() == 0
    status = run("status", "--json")
    assert status.returncode == PinBlocked.exit_code and json.loads(status.stdout)["pin_blocked"]


@pcsc
def test_no_card(vpcd_card):
    vpcd_card.remove()
    out = run("read", "--pin-stdin", stdin="1234\n")
    assert out.returncode == NoCard.exit_code
    assert out.stderr.strip() == translator("en")("card.no_card")
    status = run("status", "--json")
    assert status.returncode == NoCard.exit_code and json.loads(status.stdout)["present"] is False


@pcsc
def test_not_a_my_number_card(vpcd_card):
    card = vpcd_card.insert(SimulatedCard(is_my_number=False))
    out = run("read", "--pin-stdin", stdin="1234\n")
    assert out.returncode == NotMyNumberCard.exit_code
    assert card.pin_verifications() == 0
    assert run("status").returncode == NotMyNumberCard.exit_code


@pcsc
def test_no_reader_by_that_name(vpcd_card):
    out = run("read", "--reader", "No Such Reader", "--pin-stdin", stdin="1234\n")
    assert out.returncode == NoReader.exit_code
    assert out.stderr.strip() == translator("en")("card.no_reader")


@pcsc
def test_service_down(live_pcscd):
    live_pcscd.stop()
    for args in (["readers"], ["status"], ["read", "--pin-stdin"]):
        out = run(*args, stdin="1234\n")
        assert out.returncode == ReaderUnavailable.exit_code, args
        assert out.stderr.strip() == translator("en")("card.service_unavailable")


@pcsc
def test_bad_pin_format_is_refused_before_the_card(vpcd_card):
    out = run("read", "--pin-stdin", stdin="12345\n")
    assert out.returncode == InvalidPinFormat.exit_code
    assert vpcd_card.card.pin_verifications() == 0
    assert run("read", "--pin-stdin", stdin="").returncode == InvalidPinFormat.exit_code
