"""Exact hiragana <-> katakana conversion and normalisation of typed readings.

Only kana change: kanji (including compatibility ideographs such as 﨑 and characters
outside the BMP such as 𠮷), latin letters and punctuation pass through untouched. No
NFKC on whole strings for that reason: it would also rewrite full-width latin, ㈱ and
some compatibility ideographs.
"""

from __future__ import annotations

import re
import unicodedata

# Hiragana ぁ..ゖ (U+3041..U+3096) and katakana ァ..ヶ (U+30A1..U+30F6) are parallel
# blocks 0x60 apart, including ゔ/ヴ and the small ゕ/ヵ, ゖ/ヶ.
_HIRA_FIRST, _HIRA_LAST, _SHIFT = 0x3041, 0x3096, 0x60
_TO_KATA = {cp: cp + _SHIFT for cp in range(_HIRA_FIRST, _HIRA_LAST + 1)}
_TO_KATA.update({ord("ゝ"): ord("ヽ"), ord("ゞ"): ord("ヾ")})
_TO_KATA_TEXT: dict[int, int | str] = {**_TO_KATA, ord("ゟ"): "ヨリ"}
_TO_HIRA_TEXT: dict[int, int | str] = {kata: hira for hira, kata in _TO_KATA.items()}
# ヷヸヹヺ have no precomposed hiragana: the base kana with a combining voiced mark.
_TO_HIRA_TEXT.update({ord(k): h + "\u3099" for k, h in zip("ヷヸヹヺ", "わゐゑを", strict=True)})
_TO_HIRA_TEXT[ord("ヿ")] = "こと"

# Half-width katakana (with their separate voiced marks ﾞ ﾟ) and the half-width
# long vowel mark: composed to full width run by run (NFKC is exact on this block).
_HALF_WIDTH_RUN = re.compile(r"[\uFF61-\uFF9F]+")
# A kana followed by a combining or spacing (゛ ゜) voiced mark: composed (う゛ -> ゔ).
_KANA_WITH_MARK = re.compile(r"[\u3041-\u30FF][\u3099\u309A\u309B\u309C]")
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})
# Dashes people type for the long vowel mark on a keyboard without ー.
_DASHES = str.maketrans(dict.fromkeys("-‐‑‒–—―−－─━", "ー"))
_HIRAGANA_READING = re.compile(r"[\u3041-\u3096ー]+")


def _widen(text: str) -> str:
    return _HALF_WIDTH_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _compose_marks(text: str) -> str:
    return _KANA_WITH_MARK.sub(
        lambda m: unicodedata.normalize("NFC", m.group().translate(_SPACING_MARKS)), text
    )


def to_katakana(text: str) -> str:
    """'やまだ　はなこ' -> 'ヤマダ　ハナコ'; half-width ｶﾞ -> ガ; ゔ -> ヴ; ー kept."""
    return _compose_marks(_widen(text).translate(_TO_KATA_TEXT))


def to_hiragana(text: str) -> str:
    """'ヤマダ　ハナコ' -> 'やまだ　はなこ'; ヴ -> ゔ; ヵ -> ゕ; ー kept."""
    return _compose_marks(_widen(text)).translate(_TO_HIRA_TEXT)


def normalize_reading(text: str) -> str:
    """A typed reading as the hiragana key the dictionaries use, or '' if it is not kana.

    Accepts hiragana, full- or half-width katakana, spacing voiced marks (う゛) and
    dashes for the long vowel mark; drops spaces. 'ﾔﾏﾀﾞ' -> 'やまだ', 'ヴィー' -> 'ゔぃー'.
    """
    reading = to_hiragana("".join(text.split())).translate(_DASHES)
    return reading if _HIRAGANA_READING.fullmatch(reading) else ""


def is_kana(text: str) -> bool:
    """Only kana (either script, either width), ー and ・ (foreign names), and spaces."""
    letters = "".join(_widen(text).split())
    return bool(letters) and all("\u3041" <= ch <= "\u30ff" for ch in letters)
