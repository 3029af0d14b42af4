"""Every key the card reader uses has Japanese and English words with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from card_reader.errors import ALL_ERRORS, CardError
from card_reader.model import SEX_LABELS
from card_reader.simulator import SimulatorConfigError

LOCALES = Path(__file__).resolve().parents[2] / "i18n" / "locales"
SOURCES = Path(__file__).resolve().parents[2] / "card_reader"


def catalog(locale: str) -> dict[str, str]:
    with (LOCALES / locale / "LC_MESSAGES" / "card.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def keys_in_code() -> set[str]:
    found: set[str] = set()
    for path in SOURCES.rglob("*.py"):
        found |= set(re.findall(r"\"(card\.[a-z_.0-9]+)\"", path.read_text()))
    found |= {e.key for e in (*ALL_ERRORS, CardError, SimulatorConfigError)}
    found |= {f"card.sex.{code}" for code in SEX_LABELS}
    return found - {"card.backend"}  # a click context slot, not a message


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_key_is_translated(locale):
    words = catalog(locale)
    missing = sorted(k for k in keys_in_code() if not words.get(k))
    assert missing == []


def test_placeholders_match_and_messages_are_one_line():
    ja, en = catalog("ja"), catalog("en")
    assert set(ja) == set(en)
    for key in en:
        assert placeholders(ja[key]) == placeholders(en[key]), key
        assert "\n" not in ja[key] + en[key]
    assert placeholders(en["card.pin_incorrect"]) == {"tries_left"}
    assert placeholders(en["card.unexpected_status"]) == {"sw"}


def test_error_keys_are_unique():
    keys = [e.key for e in ALL_ERRORS]
    assert len(set(keys)) == len(keys)
