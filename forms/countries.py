"""Nationalities and regions (国籍・地域): ISO 3166-1 alpha-2 codes, named by CLDR.

A `country` fact holds the code (BR); each language's name comes from Babel's CLDR
territory names (`Locale.territories`), so the kiosk shows ブラジル, Brasil, 巴西… and
the city's form prints the Japanese 国名. CLDR also names groupings and codes that are
no nationality (EU, UN, XA…): those are left out, and so is Japan itself (a Japanese
national gives a 本籍 instead).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from babel import Locale, UnknownLocaleError

#: CLDR territory codes that are not an ISO 3166-1 country or region of nationality:
#: groupings (EU, EZ, UN), pseudo and unknown regions (QO, XA, XB, ZZ), and the codes
#: ISO only reserves (AC Ascension, CP, CQ, DG, EA, IC, TA).
_NOT_A_NATIONALITY = frozenset(
    {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA", "JP"}
)
#: Readings of the Japanese names that begin with kanji: the 50-on row they are
#: listed under on the kiosk (中国 under タ, 韓国 under カ).
_JA_READING = {
    "AQ": "ナンキョク", "AS": "ベイリョウサモア", "CF": "チュウオウアフリカ", "CN": "チュウゴク",
    "EH": "ニシサハラ", "GF": "フツリョウギアナ", "GQ": "セキドウギニア", "HK": "ホンコン",
    "IO": "エイリョウインドヨウ", "KP": "キタチョウセン", "KR": "カンコク", "MK": "キタマケドニア",
    "MO": "マカオ", "MP": "キタマリアナ", "PF": "フツリョウポリネシア", "SS": "ミナミスーダン",
    "TF": "フツリョウキョクナン", "TL": "ヒガシティモール", "TW": "タイワン",
    "UM": "ガッシュウコクリョウユウショウリトウ", "VG": "エイリョウヴァージン",
    "VI": "ベイリョウヴァージン", "ZA": "ミナミアフリカ",
}  # fmt: skip
_HANGUL_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_HANGUL_ROWS = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}


@cache
def codes() -> tuple[str, ...]:
    """Every code a resident may give, in code order."""
    names = [str(c) for c in Locale.parse("en").territories]
    return tuple(
        sorted(c for c in names if re.fullmatch("[A-Z]{2}", c) and c not in _NOT_A_NATIONALITY)
    )


def is_code(value: object) -> bool:
    return isinstance(value, str) and value in codes()


@cache
def _names(locale: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(locale).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def name(code: str, locale: str) -> str:
    """BR → ブラジル (ja), Brasil (pt_BR); English, then the code, when CLDR lacks it."""
    return _names(locale).get(code) or _names("en").get(code) or code


def japanese_name(code: str) -> str:
    """The 国名 on the city's forms."""
    return name(code, "ja")


def sort_key(code: str, locale: str) -> str:
    """Alphabetical in the resident's language (accents and case ignored; Japanese by
    reading)."""
    text = _JA_READING.get(code, name(code, locale)) if locale == "ja" else name(code, locale)
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    return stripped.casefold()


def group_of(code: str, locale: str, kana_row: Callable[[str], str] | None = None) -> str:
    """The index letter a name is listed under: A–Z for Latin names (Đ under D), the
    50-on row for Japanese (`kana_row` maps a reading to it), the initial consonant for
    Korean, the letter of the English name for Chinese (CLDR gives no reading, and
    140 first characters are no index), else the first letter as written."""
    text = name(code, locale)
    if locale == "ja" and kana_row is not None:
        return str(kana_row(_JA_READING.get(code, text)))
    if "가" <= text[:1] <= "힣":
        initial = _HANGUL_INITIALS[(ord(text[0]) - ord("가")) // 588]
        return _HANGUL_ROWS.get(initial, initial)
    if "\u4e00" <= text[:1] <= "\u9fff":
        return group_of(code, "en")
    first = sort_key(code, locale)[:1].upper()
    return "D" if first == "Đ" else first or "?"
