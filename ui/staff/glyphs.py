"""Variant characters for 外字/字形 checks (Qt-free): data in `data/glyph_variants.yaml`.

    variants = load_variants()
    variants.of("高")                       # ("高", "髙")
    replace_char("高橋 一郎", 0, "髙")      # "髙橋 一郎"

Indexes count characters (code points), not UTF-16 units: 𠮷 is one character.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.store.allowlist import needs_glyph_check

DATA = Path(__file__).parent / "data" / "glyph_variants.yaml"


class GlyphDataError(ValueError):
    """The variant file is broken; the message names the file and the problem."""

    key = "staff.glyph.data_error"


class VariantGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chars: list[str] = Field(min_length=2)
    note: str = ""

    @field_validator("chars")
    @classmethod
    def _one_character_each(cls, chars: list[str]) -> list[str]:
        for c in chars:
            if len(c) != 1:
                raise ValueError(f"{c!r} is not exactly one character")
        if len(set(chars)) != len(chars):
            raise ValueError("a character is listed twice")
        return chars


class VariantFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    groups: list[VariantGroup]


class GlyphVariants:
    def __init__(self, groups: list[VariantGroup]) -> None:
        self.groups = groups
        self._by_char: dict[str, VariantGroup] = {}
        for number, group in enumerate(groups):
            for char in group.chars:
                if char in self._by_char:
                    raise GlyphDataError(
                        f"groups[{number}]: {char} (U+{ord(char):04X}) is already in another group"
                    )
                self._by_char[char] = group

    def of(self, char: str) -> tuple[str, ...]:
        """The group of `char` (itself included, in the file's order), or ()."""
        group = self._by_char.get(char)
        return tuple(group.chars) if group else ()

    def note(self, char: str) -> str:
        group = self._by_char.get(char)
        return group.note if group else ""

    def worth_checking(self, char: str) -> bool:
        """Has variants, or lies outside JIS X 0208 (where cards and fonts differ)."""
        return char in self._by_char or needs_glyph_check(char)


def parse_variants(text: str, source: str = "<text>") -> GlyphVariants:
    try:
        raw = yaml.safe_load(text)
        model = VariantFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise GlyphDataError(f"{source}: not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise GlyphDataError(f"{source}: {problems}") from None
    try:
        return GlyphVariants(model.groups)
    except GlyphDataError as exc:
        raise GlyphDataError(f"{source}: {exc}") from None


@cache
def load_variants(path: Path = DATA) -> GlyphVariants:
    return parse_variants(path.read_text(encoding="utf-8"), str(path))


def replace_char(text: str, index: int, char: str) -> str:
    if not 0 <= index < len(text):
        raise IndexError(index)
    return text[:index] + char + text[index + 1 :]


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"
