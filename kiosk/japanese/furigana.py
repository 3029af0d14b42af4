"""フリガナ for a name as printed on the card: each part read, the readings combined.

Each part (surname, given name) is looked up in the name sources under its own
spelling and its variant spellings (髙 -> 高, 邊 -> 辺, 﨑 -> 崎), then as the other
kind of name, then in the general dictionaries. A name without a space is tried whole
and split at every position; the options whose parts are known names, and whose
weakest part is best supported, come first.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.japanese.build import Kind
from kiosk.japanese.index import NameIndex, Reading
from kiosk.japanese.kana import is_kana, to_katakana
from kiosk.japanese.variants import spellings, strip_selectors

#: Between surname and given name in a reading, as on the card and on forms.
SEPARATOR = "\u3000"
#: Latin letters, half- or full-width: a name in the alphabet has no kana reading here.
_LATIN = re.compile("[A-Za-zＡ-Ｚａ-ｚ]")
#: A variant spelling's readings count this much (the name's own spelling counts 1).
VARIANT_FACTOR = 0.5
#: At most this many variant spellings of a part are merged.
MAX_VARIANTS = 8
#: A reading found only under the other kind (a surname used as a given name).
OTHER_KIND_FACTOR = 0.5
#: A part written in kana reads as itself, with certainty.
KANA_SCORE = 100.0
#: Ways to read a name without a space are kept only while their weakest part has at
#: least this share of the best way's support ('田中' is タナカ, not デン　アタル).
KEEP_RATIO = 0.5


@dataclass(frozen=True)
class _Option:
    """One way to read the name: its quality and its readings, best first."""

    known: bool
    weakest: float
    readings: list[str]


def name_readings(index: NameIndex | None, name: str, limit: int) -> list[str]:
    """See `kiosk.names.name_reading_candidates`; index None reads kana names only."""
    text = strip_selectors(name).strip()
    if not text or limit <= 0 or _LATIN.search(text):
        return []
    parts = text.split()
    if is_kana(text):
        return [SEPARATOR.join(to_katakana(p) for p in parts)]
    if index is None:
        return []
    if len(parts) > 1:
        kinds = [Kind.SURNAME] + [Kind.GIVEN] * (len(parts) - 1)
        read = [part_readings(index, p, k) for p, k in zip(parts, kinds, strict=True)]
        found = _combine(read, limit) if all(read) else []
        return _fullname_first(index, "".join(parts), found)[:limit]
    return _unspaced(index, text, limit)


def part_readings(index: NameIndex, part: str, kind: Kind) -> list[Reading]:
    """Readings of one part, most likely first (see the module doc for the order)."""
    if is_kana(part):
        return [Reading(to_katakana(part), KANA_SCORE, True)]
    respellings = [part, *spellings(part, index.variants)[:MAX_VARIANTS]]
    if found := _merged(index, respellings, kind):
        return found
    other = Kind.GIVEN if kind == Kind.SURNAME else Kind.SURNAME
    if found := index.readings(part, other):
        return [Reading(r.kana, r.score * OTHER_KIND_FACTOR, r.known) for r in found]
    for spelling in respellings:
        if found := index.readings(spelling, kind, fallback=True):
            return found
    return []


def _merged(index: NameIndex, respellings: list[str], kind: Kind) -> list[Reading]:
    scores: dict[str, float] = defaultdict(float)
    for n, spelling in enumerate(respellings):
        for reading in index.readings(spelling, kind):
            scores[reading.kana] += reading.score * (1.0 if n == 0 else VARIANT_FACTOR)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [Reading(kana, score, True) for kana, score in ranked]


def _combine(read: list[list[Reading]], limit: int) -> list[str]:
    """Join part readings, best ranks first: (0,0), then (0,1) and (1,0), ..."""
    tops = [r[:limit] for r in read]
    combos = sorted(
        itertools.product(*(range(len(r)) for r in tops)), key=lambda ranks: (sum(ranks), ranks)
    )
    return _unique(SEPARATOR.join(tops[p][i].kana for p, i in enumerate(c)) for c in combos)


def _unspaced(index: NameIndex, text: str, limit: int) -> list[str]:
    """A name without a space: read whole, and split at each position."""
    options: list[_Option] = []
    whole = part_readings(index, text, Kind.SURNAME)
    if whole:
        options.append(_Option(whole[0].known, whole[0].score, [r.kana for r in whole[:limit]]))
    for i in range(1, len(text)):
        surname = part_readings(index, text[:i], Kind.SURNAME)
        given = part_readings(index, text[i:], Kind.GIVEN) if surname else []
        if surname and given:
            known = surname[0].known and given[0].known
            weakest = min(surname[0].score, given[0].score)
            options.append(_Option(known, weakest, _combine([surname, given], limit)))
    options.sort(key=lambda o: (o.known, o.weakest), reverse=True)
    best = options[0] if options else None
    kept = [
        o
        for o in options
        if best and o.known == best.known and o.weakest >= best.weakest * KEEP_RATIO
    ]
    # Interleave: every option's best reading before any option's second best.
    ranked = itertools.zip_longest(*(o.readings for o in kept))
    found = _unique(c for rank in ranked for c in rank if c)
    # A whole-name entry (中山美穂 in SKK-JISYO.jinmei) is the same as its split reading.
    split = {c.replace(SEPARATOR, "") for c in found if SEPARATOR in c}
    found = [c for c in found if SEPARATOR in c or c not in split]
    return _fullname_first(index, text, found)[:limit]


def _fullname_first(index: NameIndex, text: str, found: list[str]) -> list[str]:
    """Readings of the whole name in SKK-JISYO.fullname go first, split like the others."""
    first = []
    for reading in (to_katakana(r) for r in index.fullname_readings(text)):
        same = [c for c in found if c.replace(SEPARATOR, "") == reading]
        first += same or [_split_like(reading, found)]
    return _unique([*first, *found])


def _split_like(reading: str, found: list[str]) -> str:
    """Put the space where a known surname reading ends, if one does."""
    for candidate in found:
        surname = candidate.split(SEPARATOR)[0]
        if reading.startswith(surname) and len(reading) > len(surname):
            return surname + SEPARATOR + reading[len(surname) :]
    return reading


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
