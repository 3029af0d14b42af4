"""Lookups in the name dictionaries: reading -> kanji, kanji -> readings.

`NameIndex` opens (or builds) the cache on first use, under a lock, and answers
from then on with a few indexed SQLite queries (tens of microseconds each). One
read-only connection is shared by all threads; a lock serialises its use.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.japanese import build, sources
from kiosk.japanese.build import Kind, Tag
from kiosk.japanese.kana import to_hiragana, to_katakana
from kiosk.japanese.sources import Source

log = logging.getLogger(__name__)

#: How much one candidate position in a source counts when ranking readings of a
#: name (position 0 = the usual spelling of that reading). Name sources first.
NAME_WEIGHTS = {Source.JINMEI: 10.0, Source.JIS3_4: 2.0, Source.LARGE: 2.0}
#: Each full name in SKK-JISYO.fullname that splits into this (reading, part).
PART_WEIGHT = 3.0
#: The general dictionaries, only for parts no name source knows.
FALLBACK_WEIGHTS = {Source.LARGE: 1.0, Source.GEO: 0.5}
PLACE_SOURCES = (Source.GEO, Source.LARGE)


@dataclass(frozen=True)
class Reading:
    """One reading of a name part, in katakana; `known` if a name source gave it."""

    kana: str
    score: float
    known: bool


def _compatible(tags: int, kind: Kind) -> bool:
    """A candidate tagged only 名 is no surname, one tagged only 姓 no given name."""
    only = tags & (Tag.SURNAME | Tag.GIVEN)
    return only != (Tag.GIVEN if kind == Kind.SURNAME else Tag.SURNAME)


def _is_person(tags: int) -> bool:
    return bool(tags & Tag.PERSON)


def _fallback_sources(kind: Kind) -> tuple[Source, ...]:
    # Many surnames are place names (a family named after its village); given names are not.
    return (Source.LARGE, Source.GEO) if kind == Kind.SURNAME else (Source.LARGE,)


class NameIndex:
    """The SKK name and place dictionaries of one directory, with their cache file."""

    def __init__(self, directory: Path | None = None, cache: Path | None = None) -> None:
        """`directory` None: found by `sources.find_directory()` on first use.
        `cache` None: kept in memory only (rebuilt by every process)."""
        self._directory = directory
        self._cache = cache
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        #: Whether the last open found a valid cache ("warm") or had to build one.
        self.built = False

    @property
    def directory(self) -> Path:
        if self._directory is None:
            self._directory = sources.find_directory()
        return self._directory

    def open(self) -> None:
        """Load now (else the first lookup does); raises NameDictionaryUnavailable."""
        self._connection()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _connection(self) -> sqlite3.Connection:
        with self._lock:
            if self._db is None:
                self._db = self._load()
            return self._db

    def _load(self) -> sqlite3.Connection:
        directory = self.directory
        for name in sources.REQUIRED_FILES:
            if not (directory / name).is_file():
                raise sources.NameDictionaryUnavailable([directory], [name])
        want = build.signature(directory)
        if self._cache is not None and self._cache.is_file():
            try:
                db = build.open_cache(self._cache)
                if build.cached_signature(db) == want:
                    self.built = False
                    return db
                db.close()
            except sqlite3.DatabaseError:
                log.warning("name dictionary cache %s is unreadable: rebuilding", self._cache)
        self.built = True
        try:
            return build.build(directory, self._cache)
        except OSError as exc:
            # A read-only or full data disk must not cost the kiosk its suggestions.
            log.warning("cannot write the name dictionary cache (%s): kept in memory", exc)
            return build.build(directory, None)

    def _rows(self, sql: str, params: Sequence[object]) -> list[tuple]:
        db = self._connection()
        with self._lock:
            return db.execute(sql, params).fetchall()

    # -- reading -> words -------------------------------------------------------------

    def words(self, reading: str, kind: Kind | None) -> list[str]:
        """Spellings for a hiragana reading, usual first; kind None = a place name."""
        rows = self._rows(
            "SELECT source, pos, word, tags FROM entry WHERE reading = ? ORDER BY source, pos",
            (reading,),
        )
        by_source: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for source, _pos, word, tags in rows:
            by_source[source].append((word, tags))
        if kind is None:
            ordered = [w for s in PLACE_SOURCES for w, _ in by_source[s]]
        else:
            ordered = self._person_words(reading, kind, by_source)
        return _unique_spellings(ordered, reading)

    def _person_words(
        self, reading: str, kind: Kind, by_source: dict[int, list[tuple[str, int]]]
    ) -> list[str]:
        ordered = [w for w, t in by_source[Source.JINMEI] if _compatible(t, kind)]
        parts = self._rows(
            "SELECT word FROM part WHERE reading = ? AND kind = ? ORDER BY count DESC, word",
            (reading, int(kind)),
        )
        ordered += [w for (w,) in parts]
        for source in (Source.JIS3_4, Source.LARGE):
            ordered += [w for w, t in by_source[source] if _is_person(t) and _compatible(t, kind)]
        if not _unique_spellings(ordered, reading):
            ordered = [w for s in _fallback_sources(kind) for w, _ in by_source[s]]
        return ordered

    def completions(self, prefix: str, kind: Kind, limit: int) -> list[tuple[str, str]]:
        """Name parts whose hiragana reading starts with `prefix` (longer than it), the
        most common first, as (word, reading): いち -> (一郎, いちろう). A spelling read
        more than one way among them is left out (山崎: やまざき or やまさき), so a pick
        never guesses a reading."""
        rows = self._rows(
            "SELECT word, reading FROM part WHERE reading > ? AND reading < ? AND kind = ?"
            " ORDER BY count DESC, word LIMIT ?",
            (prefix, prefix + "\uffff", int(kind), limit * 4),
        )
        readings: dict[str, set[str]] = defaultdict(set)
        for word, reading in rows:
            readings[word].add(reading)
        found: list[tuple[str, str]] = []
        for word, reading in rows:
            if len(readings[word]) == 1 and (word, reading) not in found:
                found.append((word, reading))
        return found[:limit]

    # -- word -> readings -------------------------------------------------------------

    def readings(self, word: str, kind: Kind, fallback: bool = False) -> list[Reading]:
        """Readings (katakana) of one name part, most likely first.

        From the name sources; with `fallback`, from the general dictionaries instead
        (for parts no name source knows: `known` is then False).
        """
        rows = self._rows("SELECT source, reading, pos, tags FROM entry WHERE word = ?", (word,))
        scores: dict[str, float] = defaultdict(float)
        for source, reading, pos, tags in rows:
            if fallback:
                weight = (
                    FALLBACK_WEIGHTS.get(Source(source))
                    if source in _fallback_sources(kind)
                    else None
                )
                if weight is not None:
                    scores[reading] += weight / (1 + pos)
                continue
            weight = NAME_WEIGHTS.get(Source(source))
            person = source == Source.JINMEI or _is_person(tags)
            if weight is not None and person and _compatible(tags, kind):
                scores[reading] += weight / (1 + pos)
        if not fallback:
            for reading, count in self._rows(
                "SELECT reading, count FROM part WHERE word = ? AND kind = ?", (word, int(kind))
            ):
                scores[reading] += PART_WEIGHT * count
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [Reading(to_katakana(r), s, not fallback) for r, s in ranked]

    def fullname_readings(self, name: str) -> list[str]:
        """Readings (hiragana, no space) of a whole name listed in SKK-JISYO.fullname."""
        rows = self._rows(
            "SELECT reading FROM entry WHERE word = ? AND source = ? ORDER BY pos",
            (name, int(Source.FULLNAME)),
        )
        return [r for (r,) in rows]

    def variants(self, char: str) -> list[str]:
        rows = self._rows("SELECT alt FROM variant WHERE char = ? ORDER BY pos", (char,))
        return [a for (a,) in rows]


def _unique_spellings(words: list[str], reading: str) -> list[str]:
    """Without repeats, and without the reading itself (the kiosk already shows the kana)."""
    seen: set[str] = set()
    result = []
    for word in words:
        if word and word not in seen and to_hiragana(word) != reading:
            seen.add(word)
            result.append(word)
    return result
