"""Offline name help for the kiosk: kanji for a typed reading, フリガナ for a card name.

Residents cannot type kanji on the kiosk (no input method) but can type kana; the
My Number Card holds the name in kanji but not its reading. Both directions come from
Debian's SKK dictionaries (GPL-2+ data of the `skkdic` and `skkdic-extra` packages,
read at run time, never copied into madoguchi), through a cache in the data directory:

    kanji_candidates("やまだ", "surname")      -> ["山田", ...]
    name_reading_candidates("見本　花子")      -> ["ミホン　ハナコ", ...]
    to_katakana("はなこ") -> "ハナコ";  to_hiragana("ハナコ") -> "はなこ"

Without the dictionaries (`available()` False) the lookups return [] and `require()`
raises `NameDictionaryUnavailable` (key `kiosk.names.unavailable`). The first lookup
opens the cache (milliseconds) or builds it (seconds, once): call `preload()` from a
worker thread at start-up. Thread-safe. See docs/names.md.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import Literal, get_args

from kiosk import paths
from kiosk.japanese import sources
from kiosk.japanese.build import Kind
from kiosk.japanese.furigana import SEPARATOR, name_readings
from kiosk.japanese.index import NameIndex
from kiosk.japanese.kana import is_kana, normalize_reading, to_hiragana, to_katakana
from kiosk.japanese.sources import NameDictionaryUnavailable

__all__ = [
    "SEPARATOR",
    "NameDictionaryUnavailable",
    "NameKind",
    "available",
    "cache_path",
    "default_index",
    "kanji_candidates",
    "name_completions",
    "name_reading_candidates",
    "preload",
    "require",
    "reset",
    "to_hiragana",
    "to_katakana",
]

log = logging.getLogger(__name__)

NameKind = Literal["surname", "given", "place"]
_KINDS: dict[str, Kind | None] = {"surname": Kind.SURNAME, "given": Kind.GIVEN, "place": None}
assert set(_KINDS) == set(get_args(NameKind))
CACHE_STEM = "skk-names"

_index: NameIndex | None = None
_index_lock = threading.Lock()
_warned = False


def cache_path(directory: Path) -> Path:
    """The cache of one dictionary directory, in the per-user data directory."""
    tag = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:12]
    return paths.data_dir() / "cache" / f"{CACHE_STEM}-{tag}.sqlite3"


def default_index() -> NameIndex:
    """The shared index over `require()`'s directory, opened (or built) on first use.

    Raises NameDictionaryUnavailable. Kept until `reset()`.
    """
    global _index
    with _index_lock:
        if _index is None:
            directory = require()
            _index = NameIndex(directory, cache_path(directory))
        index = _index
    index.open()
    return index


def reset() -> None:
    """Forget the loaded dictionaries (after installing them or changing MADOGUCHI_SKK_DIR)."""
    global _index, _warned
    with _index_lock:
        if _index is not None:
            _index.close()
        _index, _warned = None, False


def require() -> Path:
    """The dictionary directory; raises NameDictionaryUnavailable if the files are missing."""
    return sources.find_directory()


def available() -> bool:
    """Whether the dictionaries are installed (a file check; loads nothing)."""
    try:
        require()
    except NameDictionaryUnavailable:
        return False
    return True


def preload() -> bool:
    """Open (or build) the cache now, e.g. in a worker at kiosk start; False if unavailable."""
    return _use_index() is not None


def _use_index() -> NameIndex | None:
    global _warned
    try:
        return default_index()
    except NameDictionaryUnavailable as exc:
        if not _warned:
            log.warning("name suggestions off: %s", exc)
            _warned = True
        return None


def kanji_candidates(reading: str, kind: NameKind, limit: int = 12) -> list[str]:
    """Kanji spellings for a reading typed in hiragana or katakana, most common first.

    kind "surname"/"given": SKK-JISYO.jinmei, names split out of SKK-JISYO.fullname,
    old forms from SKK-JISYO.JIS3_4, then SKK-JISYO.L; "place": SKK-JISYO.geo, then .L.
    Spellings are returned exactly as listed (髙, 﨑, 𠮷 and other rare forms kept).
    [] for input that is not kana, and when the dictionaries are missing.
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {sorted(_KINDS)}, not {kind!r}")
    key = normalize_reading(reading)
    index = _use_index() if key and limit > 0 else None
    if index is None:
        return []
    return index.words(key, _KINDS[kind])[:limit]


def name_completions(reading: str, kind: NameKind, limit: int = 4) -> list[tuple[str, str]]:
    """Names a typed beginning of a reading may go on to, most common first, as
    (spelling, reading in katakana): "イチ" -> [("一郎", "イチロウ"), ...]. Only people's
    name parts ("surname"/"given"); [] for a place, input that is not kana, and when
    the dictionaries are missing."""
    key = normalize_reading(reading)
    found_kind = _KINDS.get(kind)
    index = _use_index() if key and limit > 0 and found_kind is not None else None
    if index is None or found_kind is None:
        return []
    return [(w, to_katakana(r)) for w, r in index.completions(key, found_kind, limit)]


def name_reading_candidates(name: str, limit: int = 5) -> list[str]:
    """Likely フリガナ of a name as printed on the card, most likely first.

    '見本　花子' / '見本 花子' / '見本花子' -> ['ミホン　ハナコ', ...]: surname and given
    name read separately and joined by a full-width space; without a space every split
    is tried and splits where both halves are known names win. A name in kana (foreign
    residents: 'スミス　ジョン') returns itself in katakana; a name with latin letters
    returns [] (it has no Japanese reading to offer). [] when nothing is known, and
    when the dictionaries are missing.
    """
    # A kana name needs no dictionary: it stays available without one.
    index = None if is_kana(name) else _use_index()
    return name_readings(index, name, limit)
