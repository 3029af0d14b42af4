"""Reading SKK dictionary files (SKK-JISYO.*).

A file starts with an Emacs coding line (``-*- coding: euc-jp -*-``; the JIS X 0213
files say ``euc-jis-2004``), then comment lines (``;;``) and one entry a line:

    reading /candidate1/candidate2;annotation/.../

in two sections: okuri-ari (the reading ends in a latin letter for the inflected
ending, ``あたr /当/``) and okuri-nasi (plain readings). Candidates are in frequency
order. A ``/`` or ``;`` inside a candidate is written as a Lisp expression,
``(concat "and\\057or")``; other Lisp expressions are evaluated by SKK at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.japanese.kana import normalize_reading

#: Emacs coding names in SKK files -> Python codecs.
_CODECS = {"euc-jp": "euc_jp", "euc-jis-2004": "euc_jis_2004", "utf-8": "utf-8"}
_CODING = re.compile(rb"coding:\s*([\w-]+)")
_CONCAT = re.compile(r'\(concat((?:\s+"(?:[^"\\]|\\.)*")+)\s*\)')
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\([0-7]{1,3}|.)")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t"}


@dataclass(frozen=True)
class Candidate:
    word: str
    annotation: str


def file_codec(path: Path) -> str:
    """The Python codec for an SKK file, from its coding line (EUC-JP if it has none)."""
    with path.open("rb") as fh:
        first = fh.readline()
    found = _CODING.search(first)
    name = found.group(1).decode("ascii").lower() if found else "euc-jp"
    return _CODECS.get(name, "euc_jp")


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code.isdigit():
            return chr(int(code, 8))
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(one, body)


def decode_word(text: str) -> str | None:
    """A candidate's text as shown; None for a Lisp expression we do not evaluate.

    ``(concat "and\\057or")`` -> ``and/or``; ``(skk-current-date)`` -> None.
    """
    if text.startswith("(") and text.endswith(")") and len(text) > 2:
        concat = _CONCAT.fullmatch(text)
        if concat is None:
            # '(株)' is a word, '(skk-gadget ...)' is code: code starts with a symbol.
            return None if re.match(r"\([a-z][\w-]*[\s)]", text) else text
        return "".join(_unescape(s) for s in _STRING.findall(concat.group(1)))
    return text


def parse_candidates(field: str) -> list[Candidate]:
    """'/山田;姓/ヤマダ/' -> candidates, annotations stripped off the word, code skipped."""
    result = []
    for raw in field.strip().strip("/").split("/"):
        word_text, _, annotation = raw.partition(";")
        word = decode_word(word_text)
        if not word or word.isspace() or "\ufffd" in word:
            continue
        result.append(Candidate(word, decode_word(annotation) or ""))
    return result


def read_entries(path: Path) -> Iterator[tuple[str, list[Candidate]]]:
    """The okuri-nasi entries of one file as (hiragana reading, candidates).

    Skips comments, okuri-ari entries and readings that are not kana (abbreviations,
    ``>`` prefix/suffix entries); readings are normalised (う゛ -> ゔ, katakana -> hiragana).
    """
    text = path.read_bytes().decode(file_codec(path), errors="replace")
    for line in text.splitlines():
        if not line or line.startswith(";"):
            continue
        head, sep, field = line.partition(" /")
        if not sep:
            continue
        reading = normalize_reading(head)
        if not reading:
            continue
        candidates = parse_candidates(field)
        if candidates:
            yield reading, candidates
