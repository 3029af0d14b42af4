"""Which SKK dictionary files madoguchi reads, and where it finds them.

The files are GPL-2+ data from Debian's `skkdic` (SKK-JISYO.L) and `skkdic-extra`
(the others) packages, read at run time from the operating system; madoguchi ships
no copy. MADOGUCHI_SKK_DIR names another directory (Windows, or a kiosk without
the packages).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import IntEnum, unique
from pathlib import Path
from typing import Any, ClassVar

from kiosk import paths

ENV_DIR = "MADOGUCHI_SKK_DIR"
#: Where Debian puts them, then a manual install, then the per-user data directory.
SYSTEM_DIRS = (Path("/usr/share/skk"), Path("/usr/local/share/skk"))


@unique
class Source(IntEnum):
    """One dictionary file; the value is stored in the cache."""

    JINMEI = 1  # person names (surnames and given names), SKK-JISYO.jinmei
    FULLNAME = 2  # full names of well-known people, SKK-JISYO.fullname
    GEO = 3  # place names, SKK-JISYO.geo
    LARGE = 4  # the general dictionary, SKK-JISYO.L
    JIS3_4 = 5  # words with JIS X 0213 characters (山﨑, 太郞), SKK-JISYO.JIS3_4
    ITAIJI = 6  # variant kanji, SKK-JISYO.itaiji
    ITAIJI_JIS3_4 = 7  # variant kanji of JIS X 0213, SKK-JISYO.itaiji.JIS3_4


@dataclass(frozen=True)
class SourceFile:
    source: Source
    filename: str
    required: bool
    package: str


SOURCE_FILES = (
    SourceFile(Source.JINMEI, "SKK-JISYO.jinmei", True, "skkdic-extra"),
    SourceFile(Source.FULLNAME, "SKK-JISYO.fullname", True, "skkdic-extra"),
    SourceFile(Source.GEO, "SKK-JISYO.geo", True, "skkdic-extra"),
    SourceFile(Source.LARGE, "SKK-JISYO.L", True, "skkdic"),
    SourceFile(Source.JIS3_4, "SKK-JISYO.JIS3_4", False, "skkdic-extra"),
    SourceFile(Source.ITAIJI, "SKK-JISYO.itaiji", False, "skkdic-extra"),
    SourceFile(Source.ITAIJI_JIS3_4, "SKK-JISYO.itaiji.JIS3_4", False, "skkdic-extra"),
)
REQUIRED_FILES = tuple(f.filename for f in SOURCE_FILES if f.required)


class NameDictionaryUnavailable(Exception):
    """The SKK dictionaries are not installed (or not where MADOGUCHI_SKK_DIR says).

    `key` is the msgid in i18n/locales/*/LC_MESSAGES/names.po; `directory` and
    `missing` say where they were looked for and which files are lacking.
    """

    key: ClassVar[str] = "kiosk.names.unavailable"

    def __init__(self, directories: list[Path], missing: list[str]) -> None:
        self.directories = directories
        self.missing = missing
        super().__init__(str(self))

    @property
    def directory(self) -> str:
        return os.pathsep.join(str(d) for d in self.directories)

    def params(self) -> dict[str, Any]:
        return {"directory": self.directory}

    def __str__(self) -> str:
        return f"{self.key}: {', '.join(self.missing)} not found in {self.directory}"


def search_dirs() -> list[Path]:
    """MADOGUCHI_SKK_DIR alone if set; else the system directories and <data dir>/skk."""
    override = os.environ.get(ENV_DIR)
    if override:
        return [Path(override)]
    return [*SYSTEM_DIRS, paths.data_dir() / "skk"]


def find_directory() -> Path:
    """The first search directory holding every required file."""
    dirs = search_dirs()
    for directory in dirs:
        if all((directory / name).is_file() for name in REQUIRED_FILES):
            return directory
    missing = [n for n in REQUIRED_FILES if not (dirs[0] / n).is_file()]
    raise NameDictionaryUnavailable(dirs, missing)


def present_files(directory: Path) -> list[tuple[SourceFile, Path]]:
    """The files of `directory` we read (optional ones only if they are there)."""
    found = [(f, directory / f.filename) for f in SOURCE_FILES]
    return [(f, path) for f, path in found if path.is_file()]
