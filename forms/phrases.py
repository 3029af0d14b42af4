"""Where Japanese text may break a line: between phrases (文節), never inside a word.

Japanese has no spaces, and both Qt and a character-by-character wrapper break between
any two kana or kanji: 「まどぐ / ちに おくる」, 「子育て支 / 援課」, 「（転 / 入）」. BudouX
(Google's phrase segmenter; its small model is inside the wheel, nothing is fetched)
splits a text into phrases; lines break only between them, and a phrase wider than a
whole line still breaks between characters (it cannot do otherwise).

The screen (ui.widgets: labels and wrapping buttons) and paper (the ticket and the
cover sheet, forms.textfit) use the same boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budoux.parser import Parser

#: Kana: text without any is left as it is. Not kanji alone: Chinese (zh_Hans, zh_Hant,
#: beneath the Japanese on the cover) is written with them too, and the Japanese model
#: would split it as Japanese; a Japanese text of kanji only breaks as before.
_JAPANESE = re.compile(r"[\u3040-\u30ff]")
#: WORD JOINER: no line break on either side (UAX #14 class WJ); drawn as nothing.
WORD_JOINER = "\u2060"
#: A phrase longer than this is not kept whole on screen (`joined`): the widget's width is
#: not known there, and eight characters fit the narrowest wrapping text at the largest
#: size; a longer one (an address) would run past its widget's edge.
LONGEST_JOINED = 8


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import budoux  # about 0.1 s: only when Japanese is first wrapped

    return budoux.load_default_japanese_parser()


def has_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


def phrases(text: str) -> tuple[str, ...]:
    """`text` as its phrases, in order (joined they are `text`); a text without
    Japanese is one phrase. Not cached: texts are residents' names and addresses too,
    which must not outlive their session (about 0.5 ms a text)."""
    if not has_japanese(text):
        return (text,)
    found: list[str] = []
    for line in text.split("\n"):
        if found:
            found[-1] += "\n"
        found.extend(_dots_ending(_parser().parse(line)) if line else [""])
    return tuple(p for p in found if p)


def _dots_ending(parsed: list[str]) -> list[str]:
    """BudouX's phrases with each 中黒 (分ける・まとめる) ending one: a line may end after
    it, never start with it (JIS X 4051, 中点類); BudouX starts a phrase with it or
    keeps the whole list one phrase."""
    out: list[str] = []
    for phrase in parsed:
        if out and phrase.startswith("・"):
            dots = len(phrase) - len(phrase.lstrip("・"))
            out[-1] += phrase[:dots]
            phrase = phrase[dots:]
        out.extend(p for p in _AFTER_DOT.split(phrase) if p)
    return out


_AFTER_DOT = re.compile(r"(?<=・)(?=[^・])")


def phrase_starts(text: str) -> frozenset[int]:
    """The offsets in `text` where a phrase starts (0 included): the only places a
    line of Japanese may break, besides spaces."""
    starts, at = set(), 0
    for phrase in phrases(text):
        starts.add(at + len(phrase) - len(phrase.lstrip()))  # after the space it follows
        at += len(phrase)
    return frozenset(starts)


def joined(text: str) -> str:
    """`text` with a WORD JOINER between the characters of each Japanese phrase: a
    wrapping engine that follows Unicode's line breaking (Qt's QTextLayout) then breaks
    only between phrases (and at spaces)."""
    if not has_japanese(text):
        return text
    out: list[str] = []
    for phrase in phrases(text):
        whole = len(phrase) <= LONGEST_JOINED
        for i, char in enumerate(phrase):
            before = phrase[i - 1] if i else ""
            if before and not before.isspace() and not char.isspace() and (
                whole or _sticks(before, char)
            ):
                out.append(WORD_JOINER)
            out.append(char)
    return "".join(out)


def _sticks(before: str, char: str) -> bool:
    """Inside a phrase too long to keep whole (an address: 千代田区千代田1丁目15番1号): a
    number stays with its counter (15番, 1号, 1丁目), and 丁目 together."""
    return before.isdigit() or (before, char) == ("丁", "目")


def unjoined(text: str) -> str:
    return text.replace(WORD_JOINER, "")
