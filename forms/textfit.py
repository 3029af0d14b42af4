"""Fitting a value into its box: shrink to the minimum size, then wrap, then flag.

A value is never clipped silently: when even wrapped text at the minimum size does not
fit, `Fitted.fits` is False, the caller prints what fits with a ※ mark and flags the field
for staff.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from functools import partial

from forms.fonts import FontSet
from forms.phrases import has_japanese, phrase_starts

#: Line height as a multiple of the font size.
LEADING = 1.18
#: Characters that must not start a line (行頭禁則), kept on the line before.
NO_LINE_START = set("、。，．・：；？！ー）」』】〕〉》'\")]}ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
SIZE_STEP = 0.5


@dataclass(frozen=True)
class Fitted:
    lines: list[str]
    size: float
    fits: bool
    #: The role (font) of each line: paragraphs of one box may differ (fit_paragraphs).
    roles: tuple[str, ...] = ()


def fit_text(
    fonts: FontSet,
    text: str,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    role: str = "gothic",
    wrap: bool = True,
) -> Fitted:
    """Lay `text` out in a box of `width` x `height` points."""
    text = text.replace("\r\n", "\n")
    sizes = _sizes(max_size, min_size)
    if "\n" not in text:
        for size in sizes:
            if fonts.width(text, size, role) <= width and size <= height + 0.01:
                return Fitted([text], size, True, (role,))
    if wrap:
        return fit_paragraphs(fonts, [(text, role)], width, height, max_size, min_size)
    room = max(1, int((height + 0.01) // (sizes[-1] * LEADING)))
    return Fitted([text][:room], sizes[-1], False, (role,))


def fit_paragraphs(
    fonts: FontSet,
    paragraphs: Sequence[tuple[str, str]],
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    *,
    phrases: bool = False,
) -> Fitted:
    """Lay (text, role) paragraphs out in one box at one size, each in its own role: the
    cover sheet's Japanese with the resident's language beneath it in its script's font.
    `phrases`: Japanese wraps between phrases (wrap_lines)."""
    sizes = _sizes(max_size, min_size)
    for size in sizes:
        lines = _wrap_paragraphs(fonts, paragraphs, width, size, phrases)
        if len(lines) * size * LEADING <= height + 0.01 or (
            len(lines) == 1 and size <= height + 0.01
        ):
            return Fitted([t for t, _ in lines], size, True, tuple(r for _, r in lines))
    size = sizes[-1]
    lines = _wrap_paragraphs(fonts, paragraphs, width, size, phrases)
    room = max(1, int((height + 0.01) // (size * LEADING)))
    return Fitted([t for t, _ in lines[:room]], size, False, tuple(r for _, r in lines[:room]))


def _wrap_paragraphs(
    fonts: FontSet,
    paragraphs: Sequence[tuple[str, str]],
    width: float,
    size: float,
    phrases: bool = False,
) -> list[tuple[str, str]]:
    return [
        (line, role)
        for text, role in paragraphs
        for line in wrap_text(fonts, text.replace("\r\n", "\n"), width, size, role, phrases=phrases)
    ]


def breaks_at_spaces(text: str) -> bool:
    """True for text of a language that separates words by spaces (English, Vietnamese,
    Korean, Nepali...): it wraps at a space. Text with kana, kanji or full-width forms
    wraps between any two characters, as Japanese and Chinese do."""
    return text.isascii() or not any(_unspaced(char) for char in text)


def _unspaced(char: str) -> bool:
    if "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff":  # Hangul
        return False
    return unicodedata.east_asian_width(char) in ("W", "F")


def _sizes(max_size: float, min_size: float) -> list[float]:
    sizes: list[float] = []
    size = max_size
    while size > min_size + 1e-6:
        sizes.append(size)
        size -= SIZE_STEP
    sizes.append(min_size)
    return sizes


def wrap_text(fonts: FontSet, text: str, width: float, size: float, role: str = "gothic",
              *, phrases: bool = False) -> list[str]:  # fmt: skip
    """`text` wrapped to `width` points in the role's fonts at `size` (`wrap_lines`)."""
    return wrap_lines(text, width, partial(fonts.width, size=size, role=role), phrases=phrases)


def wrap_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    no_line_start: Set[str] = NO_LINE_START,
    *,
    hang: bool = False,
    phrases: bool = False,
) -> list[str]:
    """Greedy wrapping by character (Japanese has no spaces), keeping words whole in
    languages that space them, never splitting a letter from its marks (Devanagari,
    Vietnamese), and honouring line-start prohibitions: the character before a
    prohibited one goes to the next line with it, or with `hang` the prohibited one
    hangs past the width. With `phrases`, Japanese breaks only between phrases
    (forms.phrases: 子育て / 支援課, never 子育て支 / 援課) unless a phrase is wider than a
    line. `measure` gives a text's width (reportlab's for the PDFs, Pillow's for the
    receipt image)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        starts = sorted(phrase_starts(paragraph)) if phrases and has_japanese(paragraph) else []
        line = ""
        for at, char in enumerate(paragraph):
            if not line or (hang and char in no_line_start) or measure(line + char) <= width:
                line += char
                continue
            if starts and (carried := _phrase_carry(starts, at, line)):
                # Japanese: the phrase begun on this line goes whole to the next.
                lines.append(line[: len(line) - len(carried)].rstrip())
                line = carried + char
                continue
            if char != " " and " " in line and line[-1] != " " and breaks_at_spaces(line):
                head, _, tail = line.rpartition(" ")
                lines.append(head)
                line = tail + char
                continue
            if (char in no_line_start or _joins(line[-1], char)) and len(line) > 1:
                # carry the last letter (with its marks) over, so that the prohibited
                # character, or a mark, does not start a line
                cut = _cluster_start(line)
                if cut > 0:
                    lines.append(line[:cut])
                    line = line[cut:] + char
                    continue
            lines.append(line.rstrip())
            line = char.lstrip()
        lines.append(line)
    return lines


def _phrase_carry(starts: list[int], at: int, line: str) -> str:
    """The start of the phrase that `paragraph[at]` continues, as the tail of `line`
    (which ends just before `at`); "" when `at` starts a phrase, or the phrase began on
    an earlier line (longer than a line: it breaks between characters)."""
    begin = bisect_right(starts, at) - 1
    tail = at - starts[begin] if begin >= 0 else 0
    if tail <= 0 or tail >= len(line.rstrip()):
        return ""
    return line[len(line) - tail :]


def _mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _joins(before: str, char: str) -> bool:
    """True if a line break between the two would split one written letter (a vowel sign
    or mark after its letter, a consonant after a virama)."""
    return _mark(char) or unicodedata.name(before, "").endswith("SIGN VIRAMA")


def _cluster_start(text: str) -> int:
    """Where the last written letter of `text` begins (with its marks and any
    consonants joined to it by a virama)."""
    i = len(text) - 1
    while i > 0 and (_mark(text[i]) or _joins(text[i - 1], text[i])):
        i -= 1
    return i
