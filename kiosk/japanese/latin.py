"""A katakana reading suggested for a name written in Latin letters (SILVA MARIA →
シルバ　マリア), for the resident to correct before accepting it.

The conversion is e2k's character-to-katakana model (`e2k.C2K`: a small sequence model
run with numpy, its weights inside the wheel, no download). Romaji converters (jaconv's
alphabet2kana, cutlet and pykakasi go the other way) read foreign spellings as Japanese
syllables and leave stray letters and ッ on every closing consonant (SANTOS → サントッ,
SHRESTHA → ッッレッテャ); e2k was trained on English loanwords and reads Brazilian,
Filipino, Nepali, Indonesian and romanised Chinese names as a Japanese office would
write them most of the time (tests/kiosk/test_latin_reading.py lists the names tried).
Vietnamese names come out weakest (NGUYEN → グイン, not the usual グエン): the suggestion is
only a start, the keyboard stays open to correct it.

The model loads on first use (about 40 ms, 13 MB of weights); words are converted one at
a time and joined with a full-width space, as 住民票 readings separate name parts.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from typing import Any

#: Latin letters (accents allowed) and the separators of a name written in them.
_LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff' .\-]+$")
_WORD = re.compile(r"[A-Za-z]+")
_LOCK = threading.Lock()
#: Longest reading e2k may write for one word (its default of 16 cuts long names).
_MAX_KANA = 24


def is_latin_name(name: str) -> bool:
    """SILVA MARIA, JOÃO, NGUYỄN: a name the resident wrote in Latin letters."""
    return bool(name.strip()) and bool(_LATIN_NAME.match(name.strip()))


@cache
def _model() -> Any:
    import e2k  # numpy and the weights: only when a Latin name needs a reading

    return e2k.C2K(max_len=_MAX_KANA)


def _plain(word: str) -> str:
    """JOÃO → joao: e2k reads unaccented lower-case letters."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
    )
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def katakana_reading(name: str) -> str:
    """The suggested reading of a Latin-letter name; "" when it is not one."""
    if not is_latin_name(name):
        return ""
    # O'BRIEN is one word; MARY-ANNE two, as it is read.
    words = [w for part in name.split() for w in _WORD.findall(_plain(part).replace("'", ""))]
    with _LOCK:  # one model, and the kiosk may ask from a worker thread
        model = _model()
        readings = [str(model(w)) for w in words]
    return "\u3000".join(r for r in readings if r)
