"""Every printing message key the code uses has Japanese and English words with the same
placeholders (tests/i18n checks the other domains; printing.po is checked here)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kiosk.printing as printing
from i18n import translator
from i18n.catalog import LOCALES_DIR
from kiosk.store.review import PRINTED

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["kiosk/printing.py", "kiosk/ticket.py", "ui/printing.py", "kiosk/store/review.py"]
KEY = re.compile(r"^printing\.[a-z0-9_]+(\.[a-z0-9_]+)*$")


def keys_in_code() -> set[str]:
    found = {f"printing.flag.{what}_failed" for what in PRINTED}  # built with an f-string
    for source in SOURCES:
        for node in ast.walk(ast.parse((ROOT / source).read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and KEY.match(node.value):
                found.add(node.value)
    return found


def catalog(locale: str) -> dict[str, str]:
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "printing.po").open("rb") as fh:
        return {m.id: str(m.string) for m in read_po(fh, locale=locale) if m.id and m.string}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_error_keys_are_the_stable_ones() -> None:
    assert printing.PrinterError.key == "printing.failed"
    assert printing.PrinterUnavailable.key == "printing.unavailable"
    assert printing.InvalidPrinterSpec.key == "printing.invalid_spec"
    assert {"printing.failed", "printing.unavailable", "printing.ticket.title"} <= keys_in_code()


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_key_is_translated(locale: str) -> None:
    assert sorted(keys_in_code() - set(catalog(locale))) == []


def test_both_languages_hold_the_same_keys_and_placeholders() -> None:
    ja, en = catalog("ja"), catalog("en")
    assert set(ja) == set(en)
    for key, text in ja.items():
        assert placeholders(text) == placeholders(en[key]), key


def test_a_bad_spec_names_itself_in_both_languages() -> None:
    error = printing.InvalidPrinterSpec("serial:/dev/ttyS0", "unknown kind")
    for locale in ("ja", "en"):
        assert "serial:/dev/ttyS0" in translator(locale)(error.key, **error.params)
