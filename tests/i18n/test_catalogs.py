"""Every message key the code uses is translated in Japanese and English, with the
same placeholders; catalogs of one domain hold the same keys in every language."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from i18n import available_locales, translator
from i18n.catalog import load_catalogs

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["card_reader", "forms", "i18n", "kiosk", "ui"]
#: A message key: `<domain>.<words>` with a known domain.
KEY = re.compile(
    r"^(common|kiosk|card|store|staff|forms|printing|admin|doctor)\.[a-z0-9_]+(\.[a-z0-9_]+)+$"
)
#: Keys built at run time from a prefix and a code: each prefix with its codes.
DYNAMIC = {
    "kiosk.sex.": ["0", "1", "2", "9"],
    "kiosk.text_size.": ["standard", "large", "extra_large"],
}


def keys_in_code() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
                if is_text and KEY.match(node.value):
                    found.add(node.value)
    for prefix, codes in DYNAMIC.items():
        found |= {prefix + code for code in codes}
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_japanese_and_english_are_both_there() -> None:
    assert {"ja", "en"} <= set(available_locales())
    assert available_locales()[0] == "ja"


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_key_used_in_code_is_translated(locale: str) -> None:
    tr = translator(locale)
    own = {m.id for c in load_catalogs(locale).values() for m in c if m.id and m.string}
    missing = sorted(k for k in keys_in_code() if k not in own)
    assert not missing, f"{locale}: untranslated keys: {missing}"
    assert tr("kiosk.pin.tries_left", tries_left=2) != "kiosk.pin.tries_left"


def test_domains_hold_the_same_keys_with_the_same_placeholders() -> None:
    ja, en = load_catalogs("ja"), load_catalogs("en")
    assert set(ja) == set(en)
    for domain in ja:
        ja_msgs = {m.id: str(m.string) for m in ja[domain] if m.id}
        en_msgs = {m.id: str(m.string) for m in en[domain] if m.id}
        assert set(ja_msgs) == set(en_msgs), domain
        for key, text in ja_msgs.items():
            assert text, f"{domain}: {key} is empty in ja"
            assert en_msgs[key], f"{domain}: {key} is empty in en"
            assert placeholders(text) == placeholders(en_msgs[key]), key


def test_translator_formats_and_falls_back() -> None:
    assert translator("ja")("kiosk.pin.tries_left", tries_left=2).count("2") == 1
    # A language without a catalog falls back to English, then to the key itself.
    assert translator("pt")("common.yes") == "Yes"
    assert translator("ja")("no.such.key") == "no.such.key"
