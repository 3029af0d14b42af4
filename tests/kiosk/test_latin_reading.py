"""Readings suggested for names in Latin letters, on real names of the city's foreign
residents (Brazil, the Philippines, Vietnam, Nepal, China romanised, Indonesia).

The suggestion is a start the resident corrects: each name here is one e2k reads as a
Japanese office writes it. Vietnamese and some Portuguese spellings come out otherwise
(NGUYEN グイン for グエン, SOUZA スーザ for ソウザ): those are listed as they are, so a change
of library or model shows what it changes."""

from __future__ import annotations

import pytest

from kiosk.japanese.latin import is_latin_name, katakana_reading

#: Names read as an office writes them.
WELL_READ = {
    "SILVA MARIA": "シルバ　マリア",  # Brazil
    "SANTOS": "サントス",
    "FERREIRA": "フェレイラ",
    "OLIVEIRA": "オリベイラ",
    "MENDOZA": "メンドザ",  # the Philippines
    "SHRESTHA": "シュレスタ",  # Nepal
    "GURUNG": "グルン",
    "TAMANG": "タマン",
    "SUNITA RAI": "スニタ　ライ",
    "CHEN": "チェン",  # China, pinyin
    "LIU": "リウ",
    "SANTOSO": "サントソ",  # Indonesia
    "NURHALIZA": "ヌルハリザ",
    "TRAN": "トラン",  # Vietnam
    "MINH": "ミン",
}
#: Read otherwise: the resident corrects them on the keyboard.
READ_OTHERWISE = {"NGUYEN": "グイン", "SOUZA": "スーザ", "REYES": "リーズ", "THI": "サイ"}


@pytest.mark.parametrize(("name", "reading"), {**WELL_READ, **READ_OTHERWISE}.items())
def test_a_latin_name_gets_a_katakana_reading(name: str, reading: str) -> None:
    assert katakana_reading(name) == reading


def test_accents_and_separators_are_read_as_the_letters_they_mark() -> None:
    # JOÃO is read as joao, Đ as D; a hyphen separates words, an apostrophe does not.
    assert katakana_reading("JOÃO") == katakana_reading("JOAO")
    assert katakana_reading("ĐỨC") == katakana_reading("DUC")
    assert katakana_reading("MARY-ANNE").count("\u3000") == 1
    assert "\u3000" not in katakana_reading("O'BRIEN")


def test_only_a_name_in_latin_letters_gets_a_suggestion() -> None:
    assert is_latin_name("NGUYỄN THỊ HƯƠNG") and is_latin_name("o'brien")
    for name in ("山田　花子", "ヤマダ", "王 小明", "", "   "):
        assert not is_latin_name(name)
        assert katakana_reading(name) == ""
    for name in WELL_READ:
        reading = katakana_reading(name)
        assert reading and all("ァ" <= c <= "ヶ" or c in "ー\u3000" for c in reading), reading
