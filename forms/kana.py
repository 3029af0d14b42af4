"""Kana helpers. Names are never NFKC-normalized as a whole: that would turn 﨑 into 崎
and 髙 stays, but compatibility ideographs would silently change the person's name."""

from __future__ import annotations

import unicodedata


def to_katakana(text: str) -> str:
    """ひらがな → カタカナ, half-width ｶﾀｶﾅ → full-width; other characters unchanged."""
    out: list[str] = []
    pending = ""
    for char in [*text, ""]:
        if char and "\uff61" <= char <= "\uff9f":
            pending += char
            continue
        if pending:
            out.append(unicodedata.normalize("NFKC", pending))
            pending = ""
        if not char:
            break
        out.append(chr(ord(char) + 0x60) if "ぁ" <= char <= "ゖ" else char)
    return "".join(out)
