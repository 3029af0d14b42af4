"""Fonts for the printed forms: the BIZ UD universal-design fonts, with IPAmj明朝 as the
fallback for the rare kanji of names (𠮷 and other 外字) that BIZ UD does not have, and
a font for each script of the resident languages that BIZ UD lacks (Hangul, 简体/繁體
Chinese, Devanagari, Vietnamese), printed on the cover sheet and the reception ticket.

reportlab has no glyph fallback of its own, so `FontSet.runs` splits a string into runs
by glyph coverage (each font's cmap) and each run is drawn in a font that has it. All
fonts are embedded as subsets (reportlab's TrueType embedding), which reportlab does
only for TrueType (glyf) outlines: Noto Sans CJK (CFF) cannot be embedded, so Hangul
and Chinese come from Nanum Gothic and WenQuanYi Micro Hei. Devanagari needs shaping
(conjuncts, vowel signs): its runs are shaped by HarfBuzz (uharfbuzz, through reportlab).

A role may name a resident language, ``"gothic@ko"``: text in that language is drawn in
the language's own font first (Hangul, Chinese glyph forms, one Latin face for a whole
Vietnamese word), then BIZ UD, then the fallbacks.

Fonts are found in MADOGUCHI_FONT_DIR (one or more folders), then the usual system and
user folders of Linux and Windows (Windows 10+ ships the BIZ UD fonts).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas

from forms.errors import FontNotFoundError

#: role → (reportlab name, file names to look for; first found wins)
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "gothic": ("BIZUDGothic", ("BIZUDGothic-Regular.ttf", "BIZ-UDGothicR.ttc")),
    "gothic_bold": ("BIZUDGothic-Bold", ("BIZUDGothic-Bold.ttf", "BIZ-UDGothicB.ttc")),
    "mincho": ("BIZUDMincho", ("BIZUDMincho-Regular.ttf", "BIZ-UDMinchoM.ttc")),
    "fallback": ("IPAmjMincho", ("ipamjm.ttf",)),
}
#: Fonts for the scripts BIZ UD lacks, TrueType outlines only (Debian's packages first,
#: then Windows' own fonts). Optional: a terminal without one prints 〓 for that script
#: (flagged, never an empty box) and `madoguchi doctor` warns.
SCRIPT_FONTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "latin": ("NotoSans", ("NotoSans-Regular.ttf", "segoeui.ttf")),
    "latin_bold": ("NotoSans-Bold", ("NotoSans-Bold.ttf", "segoeuib.ttf")),
    "hangul": ("NanumGothic", ("NanumGothic.ttf", "malgun.ttf")),
    "hangul_bold": ("NanumGothicBold", ("NanumGothicBold.ttf", "malgunbd.ttf")),
    "hanzi": ("WenQuanYiMicroHei", ("wqy-microhei.ttc", "msyh.ttc")),  # no bold face
    "devanagari": ("NotoSansDevanagari", ("NotoSansDevanagari-Regular.ttf", "Nirmala.ttf")),
    "devanagari_bold": (
        "NotoSansDevanagari-Bold",
        ("NotoSansDevanagari-Bold.ttf", "NirmalaB.ttf"),
    ),
}
#: Script fonts whose text must be shaped (HarfBuzz) to be readable.
SHAPED_SCRIPTS = frozenset({"devanagari", "devanagari_bold"})
#: The resident language's own script font, tried first for text in that language.
LANGUAGE_SCRIPT: dict[str, str] = {
    "en": "latin", "pt_BR": "latin", "es": "latin", "vi": "latin", "fil": "latin",
    "id": "latin", "ko": "hangul", "zh_Hans": "hanzi", "zh_Hant": "hanzi",
    "ne": "devanagari",
}  # fmt: skip
#: After BIZ UD and IPAmj明朝, in this order, for characters neither has.
_SCRIPT_ORDER = ("latin", "hangul", "hanzi", "devanagari")
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


def _shaped(run: str, font: str) -> str:
    """`run` shaped by HarfBuzz for `font` (a reportlab ShapedStr, drawn as glyphs)."""
    shaped: str = shapeStr(run, font, 1000)
    return shaped


@lru_cache(maxsize=8192)
def _shaped_advance(run: str, font: str) -> float:
    """The shaped width of `run` at 1000 points (wrapping measures the same text often)."""
    shaped = _shaped(run, font)
    data = getattr(shaped, "__shapeData__", None)
    if not data:
        return float(pdfmetrics.stringWidth(run, font, 1000))
    return float(sum(d.x_advance for d in data))


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
    """The first file for `role` (of ROLES or SCRIPT_FONTS) in the font folders
    (searched recursively)."""
    _, names = ROLES[role] if role in ROLES else SCRIPT_FONTS[role]
    searched = [d for d in (font_dirs() if dirs is None else list(dirs)) if d.is_dir()]
    for name in names:
        for folder in searched:
            direct = folder / name
            if direct.is_file():
                return direct
            for found in folder.rglob(name):
                return found
    raise FontNotFoundError(role, list(names), [str(d) for d in searched])


class Placed(NamedTuple):
    """One run of a text where it is drawn: font, size, position, the characters."""

    font: str
    size: float
    x: float
    baseline: float
    text: str
    #: Shaped by HarfBuzz (Devanagari): drawn as glyphs, its letters as ActualText.
    shaped: bool = False


def draw_placed(canvas: Canvas, placed: Iterable[Placed]) -> None:
    for font, size, x, baseline, run, shaped in placed:
        canvas.setFont(font, size)
        if shaped:
            # Shaped glyphs (conjuncts) have no code points of their own: the run's
            # letters go along as ActualText, so text extraction and search read them.
            utf16 = run.encode("utf-16-be").hex().upper()
            canvas.addLiteral(f"/Span <</ActualText <FEFF{utf16}>>> BDC")
            canvas.drawString(x, baseline, _shaped(run, font))
            canvas.addLiteral("EMC")
        else:
            canvas.drawString(x, baseline, run)


#: Hashed by identity: the layout caches (forms.render) are kept per font set.
@dataclass(eq=False)
class FontSet:
    """Registered fonts by role (and script font), with each font's covered code points."""

    names: dict[str, str]
    paths: dict[str, Path]
    coverage: Mapping[str, frozenset[int]] = field(repr=False)
    #: reportlab names of the fonts whose runs are shaped (Devanagari).
    shaped: frozenset[str] = frozenset()
    #: role -> char -> (font name, what to print, found): each character is looked up
    #: in the cmaps once per process, not on every measure of every text.
    _chars: dict[str, dict[str, tuple[str, str, bool]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: role -> the characters its first font prints, for the common all-covered case.
    _plain: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    _chains: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def has(self, role: str, char: str) -> bool:
        return role in self.coverage and ord(char) in self.coverage[role]

    def chain(self, role: str) -> tuple[str, ...]:
        """The fonts tried for `role` ("gothic", or "gothic@ko" for text in a resident
        language), first to last; only fonts that were found."""
        chain = self._chains.get(role)
        if chain is None:
            base, _, language = role.partition("@")
            bold = "_bold" if base.endswith("_bold") else ""
            scripts = [s + bold for s in _SCRIPT_ORDER] + list(_SCRIPT_ORDER)
            own = LANGUAGE_SCRIPT.get(language)
            first = [own + bold, own] if own else []
            wanted = [*first, base, "fallback", *scripts]
            chain = tuple(dict.fromkeys(k for k in wanted if k in self.coverage))
            self._chains[role] = chain
        return chain

    def runs(self, text: str, role: str = "gothic") -> list[tuple[str, str, bool]]:
        """Split `text` into (run, reportlab font name, found) by glyph coverage.

        Characters the role's font lacks go to the next font of its chain; characters no
        font has become MISSING_GLYPH with found=False, so the caller can flag the value.
        """
        if self._printable(role).issuperset(text):
            return [(text, self.names[self.chain(role)[0]], True)] if text else []
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
        """The characters the role's first font prints (tab and newline pass through)."""
        chars = self._plain.get(role)
        if chars is None:
            first = self.coverage[self.chain(role)[0]]
            chars = self._plain[role] = frozenset(map(chr, first)) | {"\t", "\n"}
        return chars

    def _classify(self, char: str, role: str) -> tuple[str, str, bool]:
        chain = self.chain(role)
        if char in "\t\n":
            return self.names[chain[0]], char, True
        for key in chain:
            if ord(char) in self.coverage[key]:
                return self.names[key], char, True
        return self.names[chain[0]], MISSING_GLYPH, False

    def width(self, text: str, size: float, role: str = "gothic") -> float:
        """Width in points of `text` drawn at `size`, fallback runs included (shaped
        runs by their shaped advance: a conjunct is narrower than its letters)."""
        return sum(self._run_width(run, font, size) for run, font, _ in self.runs(text, role))

    def _run_width(self, run: str, font: str, size: float) -> float:
        if font in self.shaped:
            return _shaped_advance(run, font) * size / 1000
        return float(pdfmetrics.stringWidth(run, font, size))

    def place(self, text: str, x: float, baseline: float, size: float,
              role: str = "gothic") -> tuple[list[Placed], float, bool]:  # fmt: skip
        """`text`'s runs as drawn at (x, baseline), each in its font, where the text
        ends, and whether every glyph was found. Drawn by `draw_placed`: a form's fixed
        texts are placed once (forms.render)."""
        placed: list[Placed] = []
        complete = True
        for run, font, found in self.runs(text, role):
            complete = complete and found
            placed.append(Placed(font, size, x, baseline, run, font in self.shaped))
            x += self._run_width(run, font, size)
        return placed, x, complete

    def draw(self, canvas: Canvas, text: str, x: float, baseline: float, size: float,
             role: str = "gothic") -> tuple[float, bool]:  # fmt: skip
        """Draw `text` run by run at (x, baseline); returns (width, every glyph found)."""
        placed, end, complete = self.place(text, x, baseline, size, role)
        draw_placed(canvas, placed)
        return end - x, complete

    def missing(self, text: str, role: str = "gothic") -> str:
        """The characters of `text` that no font can print."""
        chain = self.chain(role)
        return "".join(c for c in text if not any(self.has(k, c) for k in chain))


def _register(name: str, path: Path) -> TTFont:
    font = (
        TTFont(name, str(path), subfontIndex=0)
        if path.suffix.lower() == ".ttc"
        else TTFont(name, str(path))
    )
    pdfmetrics.registerFont(font)
    return font


class _Coverage(Mapping[str, frozenset[int]]):
    """Each found font's covered code points, read (and the font registered with
    reportlab) the first time they are asked for. Parsing a TrueType file is most of a
    new process's render time, and a Japanese batch needs one or two of the eleven
    fonts: the others are read only for a character the first ones lack."""

    def __init__(self, files: dict[str, tuple[str, Path]]) -> None:
        self._files = files
        self._read: dict[str, frozenset[int]] = {}
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> frozenset[int]:
        covered = self._read.get(key)
        if covered is None:
            # Once: a second registration under the same name would replace the font
            # object a canvas on another thread (the kiosk's review) is embedding.
            with self._lock:
                covered = self._read.get(key)
                if covered is None:
                    name, path = self._files[key]
                    font = _register(name, path)
                    covered = self._read[key] = frozenset(font.face.charToGlyph)
        return covered

    def __contains__(self, key: object) -> bool:
        return key in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


@cache
def load_fonts() -> FontSet:
    """Find every role's font and the script fonts found, once per process; the default
    (gothic) is registered now, the others when first used (`_Coverage`)."""
    names: dict[str, str] = {}
    paths: dict[str, Path] = {}
    shaped: set[str] = set()
    fonts = [(role, name, True) for role, (name, _) in ROLES.items()]
    fonts += [(key, name, False) for key, (name, _) in SCRIPT_FONTS.items()]
    for key, name, required in fonts:
        try:
            path = find_font(key)
        except FontNotFoundError:
            if required:
                raise
            continue
        names[key] = name
        paths[key] = path
        if key in SHAPED_SCRIPTS:
            shaped.add(name)
    coverage = _Coverage({key: (names[key], paths[key]) for key in names})
    coverage["gothic"]  # a canvas starts in it (initialFontName)
    return FontSet(names, paths, coverage, frozenset(shaped))
