"""Furigana written into a text: `漢字《かんじ》` (the Aozora Bunko convention), read into
segments that a ruby-drawing widget, a speech engine or a printed sheet can each use.

The reading belongs to the run of kanji just before `《`; `｜` marks where the base
starts when it is not a kanji run (`｜ＩＣ《アイシー》`, or to join kana into the base).
Readings are written by the translator, not looked up in a dictionary: a city's reviewed
texts carry the reading the reviewer checked (place names, 筆頭者, 世帯主, 異動日 are
where dictionaries and morphological analysers guess wrong), and nothing is left to a
guess at run time. Pure Python: the same parse serves the kiosk (Qt), speech and paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Where a base starts when it is not a kanji run (full- or half-width vertical bar).
BASE_MARK = "｜"
_KANJI = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヶ]"
_RUBY = re.compile(rf"[｜|]([^｜|《》]+?)《([^《》]+)》|({_KANJI}+)《([^《》]+)》")


@dataclass(frozen=True)
class Segment:
    """A piece of text, with the reading drawn above it (None: plain text)."""

    text: str
    reading: str | None = None


def segments(text: str) -> list[Segment]:
    """The text in pieces: plain runs and (base, reading) pairs, in order."""
    found: list[Segment] = []
    position = 0
    for match in _RUBY.finditer(text):
        if match.start() > position:
            found.append(Segment(text[position : match.start()]))
        base = match.group(1) or match.group(3)
        reading = match.group(2) or match.group(4)
        found.append(Segment(base, reading))
        position = match.end()
    if position < len(text):
        found.append(Segment(text[position:]))
    return found


def has_ruby(text: str) -> bool:
    return "《" in text and any(s.reading for s in segments(text))


def plain(text: str) -> str:
    """The text as read by eye without furigana: `漢字《かんじ》` → `漢字`."""
    return "".join(s.text for s in segments(text)) if "《" in text else text


def spoken(text: str) -> str:
    """The text as it should sound: each base replaced by its reading (`かんじ`), so a
    speech engine says the reading the translator wrote, not its own guess."""
    return "".join(s.reading or s.text for s in segments(text)) if "《" in text else text


def bracketed(text: str, open_: str = "（", close: str = "）") -> str:
    """For paper and plain widgets that cannot draw ruby: `漢字（かんじ）`."""
    if "《" not in text:
        return text
    return "".join(f"{s.text}{open_}{s.reading}{close}" if s.reading else s.text
                   for s in segments(text))  # fmt: skip
