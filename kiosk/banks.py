"""Every Japanese bank and branch, offline: the 全銀 codes of the `zengin-code` package.

Read from the package's own JSON files (banks.json, branches/<bank code>.json), one bank's
branches only when that bank is chosen: importing `zengin_code` itself would load all of
them (about 1 s and 19 MB) before the first question. Qt-free.

    banks()                  every bank, in kana order (金融機関コード, name, kana)
    branches("0001")         one bank's branches in kana order (支店コード, name, kana)
    kana_row("ミズホ")        "ま": the 50-on row of a reading, for browsing by row

Names are as the banks are known on forms: a bank's short name with 銀行 where the
list leaves it out (みずほ → みずほ銀行; 信金, 信組, 農協 keep their own name).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: The 50-on rows, in order, named by their first kana.
KANA_ROWS = ("あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ")
_ROW_KANA = "アイウエオ カキクケコ サシスセソ タチツテト ナニヌネノ ハヒフヘホ マミムメモ ヤユヨ ラリルレロ ワヲン"
_ROW_OF = {
    kana: row for row, kanas in zip(KANA_ROWS, _ROW_KANA.split(), strict=True) for kana in kanas
}
#: 全銀 codes of banks (銀行) proper: below 1000, and ゆうちょ銀行.
_BANK_CODE_LIMIT = 1000
_JAPAN_POST_BANK = "9900"


class BankDataMissing(RuntimeError):
    """The zengin-code data is not installed (the kiosk then lets the name be typed)."""


@dataclass(frozen=True)
class Entry:
    """A bank (code of 4 digits) or a branch (3 digits), with its reading in katakana."""

    code: str
    name: str
    kana: str

    @property
    def row(self) -> str:
        return kana_row(self.kana)

    @property
    def initial(self) -> str:
        """The first kana without its dakuten (ガ → カ): the letter to look it up by."""
        return _plain(self.kana[:1])


def _plain(kana: str) -> str:
    decomposed = unicodedata.normalize("NFD", kana)
    return unicodedata.normalize("NFC", decomposed[:1]) if decomposed else ""


def kana_row(kana: str) -> str:
    """The 50-on row (あ か さ …) of a katakana reading; "" for anything else."""
    return _ROW_OF.get(_plain(kana[:1]), "")


@cache
def _data_dir() -> Path:
    spec = importlib.util.find_spec("zengin_code")  # found, not run (it loads everything)
    folders = list(spec.submodule_search_locations or []) if spec else []
    if getattr(sys, "frozen", False):  # the PyInstaller bundle keeps data beside itself
        folders.append(str(Path(getattr(sys, "_MEIPASS", "")) / "zengin_code"))
    for folder in folders:
        data = Path(folder) / "source-data" / "data"
        if (data / "banks.json").is_file():
            return data
    raise BankDataMissing("the zengin-code bank list is not installed")


def available() -> bool:
    try:
        _data_dir()
    except BankDataMissing:
        return False
    return True


def _read(*parts: str) -> dict[str, dict[str, str]]:
    with (_data_dir().joinpath(*parts)).open(encoding="utf-8") as file:
        loaded: dict[str, dict[str, str]] = json.load(file)
    return loaded


def display_name(code: str, name: str) -> str:
    """The name printed and shown: 銀行 added to a bank's short name."""
    is_bank = code == _JAPAN_POST_BANK or (code.isdigit() and int(code) < _BANK_CODE_LIMIT)
    return f"{name}銀行" if is_bank and not name.endswith("銀行") else name


@cache
def banks() -> tuple[Entry, ...]:
    """Every bank in the list, in kana order."""
    found = [
        Entry(code, display_name(code, b["name"]), b["kana"])
        for code, b in _read("banks.json").items()
    ]
    return tuple(sorted(found, key=lambda e: (e.kana, e.code)))


@cache
def bank(code: str) -> Entry | None:
    return next((b for b in banks() if b.code == code), None)


@cache
def branches(bank_code: str) -> tuple[Entry, ...]:
    """The branches of one bank, in kana order (none for a code not in the list)."""
    if not (bank_code.isdigit() and len(bank_code) == 4):
        return ()
    try:
        listed = _read("branches", f"{bank_code}.json")
    except FileNotFoundError:
        return ()
    found = [Entry(code, b["name"], b["kana"]) for code, b in listed.items()]
    return tuple(sorted(found, key=lambda e: (e.kana, e.code)))


def first_banks(codes: str) -> tuple[Entry, ...]:
    """The banks the kiosk shows first (the `banks_first` setting: codes by commas), in
    that order; codes not in the list are passed over."""
    wanted = [c.strip() for c in codes.split(",") if c.strip()]
    return tuple(b for b in (bank(c) for c in wanted) if b is not None)


def find(entries: tuple[Entry, ...], value: str) -> Entry | None:
    """The entry a scripted answer names: its code, its name, or the list's short name."""
    text = value.strip()
    for entry in entries:
        if text in (entry.code, entry.name) or f"{text}銀行" == entry.name:
            return entry
    return None
