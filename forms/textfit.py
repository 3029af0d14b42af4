"""Fitting a value into its box: shrink to the minimum size, then wrap, then flag.

A value is never clipped silently: when even wrapped text at the minimum size does not
fit, `Fitted.fits` is False, the caller prints what fits with a ※ mark and flags the field
for staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.fonts import FontSet

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
                return Fitted([text], size, True)
    if wrap:
        for size in sizes:
            lines = wrap_text(fonts, text, width, size, role)
            if len(lines) * size * LEADING <= height + 0.01 or (
                len(lines) == 1 and size <= height + 0.01
            ):
                return Fitted(lines, size, True)
    size = sizes[-1]
    lines = wrap_text(fonts, text, width, size, role) if wrap else [text]
    room = max(1, int((height + 0.01) // (size * LEADING)))
    return Fitted(lines[:room], size, False)


def _sizes(max_size: float, min_size: float) -> list[float]:
    sizes: list[float] = []
    size = max_size
    while size > min_size + 1e-6:
        sizes.append(size)
        size -= SIZE_STEP
    sizes.append(min_size)
    return sizes


def wrap_text(
    fonts: FontSet, text: str, width: float, size: float, role: str = "gothic"
) -> list[str]:
    """Greedy wrapping by character (Japanese has no spaces), keeping ASCII words whole
    where possible and honouring line-start prohibitions."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if fonts.width(line + char, size, role) <= width or not line:
                line += char
                continue
            if char in NO_LINE_START and len(line) > 1:
                # carry the last character over so the prohibited one does not start a line
                lines.append(line[:-1])
                line = line[-1] + char
                continue
            if char != " " and " " in line and line[-1] != " " and line.isascii():
                head, _, tail = line.rpartition(" ")
                lines.append(head)
                line = tail + char
                continue
            lines.append(line.rstrip())
            line = char.lstrip()
        lines.append(line)
    return lines
