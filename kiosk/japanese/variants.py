"""Variant kanji forms (異体字): other spellings of a name to look its reading up under.

A My Number Card prints a name in its registered form (髙橋, 𠮷田, 渡邊, 山﨑, sometimes
with an ideographic variation selector). The reading dictionaries list the usual forms,
so a name that is not found is tried again with variant characters replaced. The name
itself is never changed: this only finds readings.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml
from pydantic import TypeAdapter

#: Our own list for characters the SKK itaiji files lack (data, not code).
OWN_VARIANTS_FILE = Path(__file__).parent / "data" / "kanji_variants.yaml"
#: Ideographic variation selectors (IVS, U+E0100..) and standard ones (U+FE00..).
_SELECTORS = re.compile("[\U000e0100-\U000e01ef\ufe00-\ufe0f]")
_SINGLE_CHARS = TypeAdapter(dict[str, list[str]])
#: At most this many respellings of one part are tried (the product grows fast).
MAX_SPELLINGS = 32


def own_variants(path: Path = OWN_VARIANTS_FILE) -> dict[str, list[str]]:
    """The YAML list: {variant character: [usual forms]}; raises ValueError if malformed."""
    table = _SINGLE_CHARS.validate_python(yaml.safe_load(path.read_text(encoding="utf-8")))
    for char, forms in table.items():
        if len(char) != 1 or not forms or any(len(f) != 1 for f in forms):
            raise ValueError(f"{path.name}: {char!r}: one character to a list of characters")
    return table


def own_variants_digest(path: Path = OWN_VARIANTS_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def strip_selectors(text: str) -> str:
    """'葛\U000e0100' -> '葛': the base character is what dictionaries list."""
    return _SELECTORS.sub("", text)


def spellings(text: str, alternatives: Callable[[str], Iterable[str]]) -> list[str]:
    """Other spellings of `text`, variant characters replaced, fewest replacements first.

    `alternatives(char)` gives a character's variant forms, most usual first.
    Compatibility ideographs that Unicode maps to a unified one (U+FA10 -> 塚) count
    as variants too. `text` itself is not in the list.
    """
    others: list[list[str]] = []
    for char in text:
        forms: list[str] = []
        for form in [unicodedata.normalize("NFC", char), *alternatives(char)]:
            if form != char and form not in forms:
                forms.append(form)
        others.append(forms)
    found: list[str] = []
    changeable = [i for i, forms in enumerate(others) if forms]
    for count in range(1, len(changeable) + 1):
        for positions in itertools.combinations(changeable, count):
            for replacement in itertools.product(*(others[i] for i in positions)):
                chars = list(text)
                for i, form in zip(positions, replacement, strict=True):
                    chars[i] = form
                found.append("".join(chars))
                if len(found) >= MAX_SPELLINGS:
                    return found
    return found
