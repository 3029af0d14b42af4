"""Fonts for the printed forms: the BIZ UD universal-design fonts, with IPAmj明朝 as the
fallback for the rare kanji of names (𠮷 and other 外字) that BIZ UD does not have.

reportlab has no glyph fallback of its own, so `FontSet.runs` splits a string into runs
by glyph coverage (each font's cmap) and each run is drawn in a font that has it. All
fonts are embedded as subsets (reportlab's TrueType embedding).

Fonts are found in MADOGUCHI_FONT_DIR (one or more folders), then the usual system and
user folders of Linux and Windows (Windows 10+ ships the BIZ UD fonts).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from forms.errors import FontNotFoundError

#: role → (reportlab name, file names to look for; first found wins)
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "gothic": ("BIZUDGothic", ("BIZUDGothic-Regular.ttf", "BIZ-UDGothicR.ttc")),
    "gothic_bold": ("BIZUDGothic-Bold", ("BIZUDGothic-Bold.ttf", "BIZ-UDGothicB.ttc")),
    "mincho": ("BIZUDMincho", ("BIZUDMincho-Regular.ttf", "BIZ-UDMinchoM.ttc")),
    "fallback": ("IPAmjMincho", ("ipamjm.ttf",)),
}
#: Printed in place of a character no font has (げた記号, the traditional stand-in).
MISSING_GLYPH = "〓"


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points above U+FFFF written as UTF-16
    surrogate pairs. reportlab writes them as 5 hex digits (``<20BB7>``), so text
    extraction and search read 𠮷 as U+20BB; the glyph itself prints correctly."""
    original = _ORIGINAL_CMAP(fontname, subset)
    head, _, tail = original.partition("beginbfchar\n")
    _, _, rest = tail.partition("\nendbfchar")
    entries = [
        f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return head + "beginbfchar\n" + "\n".join(entries) + "\nendbfchar" + rest


_ORIGINAL_CMAP = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def font_dirs() -> list[Path]:
    dirs: list[Path] = []
    for entry in os.environ.get("MADOGUCHI_FONT_DIR", "").split(os.pathsep):
        if entry:
            dirs.append(Path(entry))
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs.append(windir / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        dirs += [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts",
            home / ".fonts",
            Path("/mnt/c/Windows/Fonts"),
        ]
    return dirs


def find_font(role: str, dirs: Iterable[Path] | None = None) -> Path:
    """The first file for `role` in the font folders (searched recursively)."""
    _, names = ROLES[role]
    searched = [d for d in (font_dirs() if dirs is None else list(dirs)) if d.is_dir()]
    for name in names:
        for folder in searched:
            direct = folder / name
            if direct.is_file():
                return direct
            for found in folder.rglob(name):
                return found
    raise FontNotFoundError(role, list(names), [str(d) for d in searched])


@dataclass
class FontSet:
    """Registered fonts by role, with each font's set of covered code points."""

    names: dict[str, str]
    paths: dict[str, Path]
    coverage: dict[str, frozenset[int]] = field(repr=False)
    #: role -> char -> (font name, what to print, found): each character is looked up
    #: in the cmaps once per process, not on every measure of every text.
    _chars: dict[str, dict[str, tuple[str, str, bool]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: role -> the characters its own font prints, for the common all-covered case.
    _plain: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def has(self, role: str, char: str) -> bool:
        return ord(char) in self.coverage[role]

    def runs(self, text: str, role: str = "gothic") -> list[tuple[str, str, bool]]:
        """Split `text` into (run, reportlab font name, found) by glyph coverage.

        Characters the role's font lacks go to the fallback font; characters no font
        has become MISSING_GLYPH with found=False, so the caller can flag the value.
        """
        if self._printable(role).issuperset(text):
            return [(text, self.names[role], True)] if text else []  # nearly every text
        chars = self._chars.get(role)
        if chars is None:
            chars = self._chars[role] = {}
        kinds = []
        for char in text:
            kind = chars.get(char)
            if kind is None:
                kind = chars[char] = self._classify(char, role)
            kinds.append(kind)
        return [
            ("".join(out for _, out, _ in group), font, found)
            for (font, found), group in groupby(kinds, key=lambda k: (k[0], k[2]))
        ]

    def _printable(self, role: str) -> frozenset[str]:
        """The characters the role's own font prints (tab and newline pass through)."""
        chars = self._plain.get(role)
        if chars is None:
            chars = self._plain[role] = frozenset(map(chr, self.coverage[role])) | {"\t", "\n"}
        return chars

    def _classify(self, char: str, role: str) -> tuple[str, str, bool]:
        if self.has(role, char) or char in "\t\n":
            return self.names[role], char, True
        if self.has("fallback", char):
            return self.names["fallback"], char, True
        return self.names[role], MISSING_GLYPH, False

    def width(self, text: str, size: float, role: str = "gothic") -> float:
        """Width in points of `text` drawn at `size`, fallback runs included."""
        return sum(
            pdfmetrics.stringWidth(run, font, size) for run, font, _ in self.runs(text, role)
        )

    def missing(self, text: str, role: str = "gothic") -> str:
        """The characters of `text` that no font can print."""
        return "".join(c for c in text if not self.has(role, c) and not self.has("fallback", c))


@cache
def load_fonts() -> FontSet:
    """Find and register every role's font once per process."""
    names: dict[str, str] = {}
    paths: dict[str, Path] = {}
    coverage: dict[str, frozenset[int]] = {}
    for role, (name, _) in ROLES.items():
        path = find_font(role)
        font = (
            TTFont(name, str(path), subfontIndex=0)
            if path.suffix.lower() == ".ttc"
            else TTFont(name, str(path))
        )
        pdfmetrics.registerFont(font)
        names[role] = name
        paths[role] = path
        coverage[role] = frozenset(font.face.charToGlyph)
    return FontSet(names, paths, coverage)
