"""Building the lookup cache: the SKK files parsed once into one SQLite file.

Parsing the five dictionaries takes about two seconds; a kiosk cannot wait that long
for its first suggestion on every start. The cache holds every okuri-nasi entry
(reading, candidate, its position, tags from the annotation), name parts derived from
the full-name dictionary, and the variant-kanji table. It is rebuilt when a source
file's size or mtime, our variant list or FORMAT changes.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import IntFlag
from pathlib import Path

from kiosk.japanese import skk, variants
from kiosk.japanese.sources import Source, SourceFile, present_files

#: Bump when the schema or what goes into it changes: old caches are then rebuilt.
FORMAT = 1


class Tag(IntFlag):
    """What an annotation says about a candidate (SKK-JISYO.jinmei: 姓, 名, 人名)."""

    SURNAME = 1
    GIVEN = 2
    PERSON = 4


class Kind(IntFlag):
    SURNAME = 1
    GIVEN = 2


_TOKENS = re.compile(r"[\s,、&]+")
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entry (source INTEGER, reading TEXT, pos INTEGER, word TEXT, tags INTEGER);
CREATE TABLE part (kind INTEGER, reading TEXT, word TEXT, count INTEGER);
CREATE TABLE variant (char TEXT, alt TEXT, pos INTEGER);
"""
INDEXES = """
CREATE INDEX entry_reading ON entry (reading);
CREATE INDEX entry_word ON entry (word);
CREATE INDEX part_reading ON part (reading);
CREATE INDEX part_word ON part (word);
CREATE INDEX variant_char ON variant (char);
"""


def tags_of(annotation: str) -> Tag:
    """'姓' -> SURNAME|PERSON, '名' -> GIVEN|PERSON, '人名&地名 姓' -> SURNAME|PERSON,
    '「郎」旧字(人名用漢字)' -> PERSON, '地名,岡山' -> none."""
    tags = Tag(0)
    for token in _TOKENS.split(annotation):
        # 姓 / 名 are the dictionary's tags for surname and given name (bandit reads
        # the word "token" as a password).
        if token == "姓":  # nosec B105
            tags |= Tag.SURNAME | Tag.PERSON
        elif token == "名":  # nosec B105
            tags |= Tag.GIVEN | Tag.PERSON
        elif "人名" in token or "姓" in token:
            tags |= Tag.PERSON
    return tags


def signature(directory: Path) -> str:
    """What the cache was built from: the files' sizes and mtimes, our variant list."""
    files = {}
    for source_file, path in present_files(directory):
        st = path.stat()
        files[source_file.filename] = [st.st_size, st.st_mtime_ns]
    return json.dumps(
        {
            "format": FORMAT,
            "directory": str(directory.resolve()),
            "files": files,
            "variants": variants.own_variants_digest(),
        },
        sort_keys=True,
    )


def _entry_rows(source: Source, path: Path) -> Iterator[tuple[int, str, int, str, int]]:
    for reading, candidates in skk.read_entries(path):
        for pos, candidate in enumerate(candidates):
            yield int(source), reading, pos, candidate.word, int(tags_of(candidate.annotation))


def _variant_rows(path: Path) -> Iterator[tuple[str, str, int]]:
    # Keys of the itaiji files are characters, not readings: read them raw.
    text = path.read_bytes().decode(skk.file_codec(path), errors="replace")
    for line in text.splitlines():
        head, sep, field = line.partition(" /")
        if sep and len(head) == 1 and not line.startswith(";"):
            for pos, candidate in enumerate(skk.parse_candidates(field)):
                if len(candidate.word) == 1:
                    yield head, candidate.word, pos


def derive_parts(
    fullnames: Iterable[tuple[str, str]], names: Iterable[tuple[str, str, int]]
) -> Counter[tuple[int, str, str]]:
    """Surname and given-name pairs found by splitting full names at known names.

    `fullnames`: (reading, name) such as ('あいかわきんや', '愛川欽也'); `names`:
    (reading, word, tags) of the person-name dictionary. For each full name the split
    where both halves are known wins, else the longest known half; the other half is
    then a new (reading, word) pair. Returns counts by (kind, reading, word).
    """
    known: dict[int, dict[str, set[str]]] = {int(Kind.SURNAME): {}, int(Kind.GIVEN): {}}
    for reading, word, tags in names:
        for kind, excluded in ((Kind.SURNAME, Tag.GIVEN), (Kind.GIVEN, Tag.SURNAME)):
            if tags & Tag(3) != excluded:
                known[int(kind)].setdefault(word, set()).add(reading)
    surnames, given = known[int(Kind.SURNAME)], known[int(Kind.GIVEN)]
    counts: Counter[tuple[int, str, str]] = Counter()
    for reading, name in fullnames:
        best: tuple[bool, int, str, str, int] | None = None
        for i in range(1, len(name)):
            first, second = name[:i], name[i:]
            # (surname reading, length of the half that is known) for each way to cut.
            cuts = [(r, len(first)) for r in surnames.get(first, ()) if reading.startswith(r)]
            cuts += [
                (reading[: len(reading) - len(r)], len(second))
                for r in given.get(second, ())
                if reading.endswith(r)
            ]
            for r1, known_length in cuts:
                r2 = reading[len(r1) :]
                if not r1 or not r2:
                    continue
                both = r1 in surnames.get(first, ()) and r2 in given.get(second, ())
                option = (both, known_length, r1, r2, i)
                if best is None or option[:2] > best[:2]:
                    best = option
        if best is not None:
            _, _, r1, r2, i = best
            counts[int(Kind.SURNAME), r1, name[:i]] += 1
            counts[int(Kind.GIVEN), r2, name[i:]] += 1
    return counts


def _fill(db: sqlite3.Connection, directory: Path) -> None:
    db.executescript(SCHEMA)
    files = present_files(directory)
    person_names: list[tuple[str, str, int]] = []
    fullnames: list[tuple[str, str]] = []
    variant_rows: list[tuple[str, str, int]] = []
    for source_file, path in files:
        if source_file.source in (Source.ITAIJI, Source.ITAIJI_JIS3_4):
            variant_rows.extend(_variant_rows(path))
            continue
        rows = list(_entry_rows(source_file.source, path))
        db.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?)", rows)
        if source_file.source == Source.JINMEI:
            person_names = [(r, w, t) for _, r, _, w, t in rows]
        elif source_file.source == Source.FULLNAME:
            fullnames = [(r, w) for _, r, _, w, _ in rows]
    parts = derive_parts(fullnames, person_names)
    db.executemany(
        "INSERT INTO part VALUES (?, ?, ?, ?)",
        [(kind, r, w, n) for (kind, r, w), n in parts.items()],
    )
    own = variants.own_variants()
    variant_rows = [(c, a, p) for c, a, p in variant_rows if c not in own]
    variant_rows += [(c, a, p) for c, forms in own.items() for p, a in enumerate(forms)]
    db.executemany("INSERT INTO variant VALUES (?, ?, ?)", variant_rows)
    db.executescript(INDEXES)


def _source_list(files: list[tuple[SourceFile, Path]]) -> str:
    return ", ".join(f.filename for f, _ in files)


def build(directory: Path, target: Path | None) -> sqlite3.Connection:
    """Parse the SKK files of `directory` into `target` (atomically) and open it.

    `target` None (no writable data directory): the cache lives in memory only.
    """
    sig = signature(directory)
    if target is None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _fill(db, directory)
        db.execute("INSERT INTO meta VALUES ('signature', ?)", (sig,))
        return db
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        with db:
            _fill(db, directory)
            db.execute("INSERT INTO meta VALUES ('signature', ?)", (sig,))
            db.execute(
                "INSERT INTO meta VALUES ('sources', ?)", (_source_list(present_files(directory)),)
            )
        db.close()
        # Another process may have built it at the same moment: the last rename wins,
        # both files are complete.
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return open_cache(target)


def open_cache(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def cached_signature(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None
