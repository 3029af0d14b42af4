"""Offline name help (kiosk.names) against the real SKK dictionaries of Debian's
skkdic / skkdic-extra packages (installed by installer/setup.sh), no mocks.

What the dictionaries contain was checked before writing each assertion: 髙 and 𠮷
are in none of them (髙橋 and 𠮷田 are read through our variant list), 﨑 and 𨨞 are
in SKK-JISYO.JIS3_4. The cache tests build from small SKK files written here in
the real format, to stay fast.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from i18n import translator
from kiosk import names
from kiosk.japanese import build, skk, sources
from kiosk.japanese.build import Kind, Tag
from kiosk.japanese.index import NameIndex
from kiosk.japanese.kana import is_kana, normalize_reading, to_hiragana, to_katakana
from kiosk.japanese.variants import own_variants, spellings

SKK_DIR = Path("/usr/share/skk")
SP = names.SEPARATOR


@pytest.fixture(scope="module")
def installed() -> Path:
    """The Debian dictionaries; the default index (cache in the test data dir) opened."""
    names.reset()
    directory = names.require()
    assert names.preload()
    return directory


def write_skk(path: Path, lines: list[str], coding: str = "euc-jp") -> Path:
    codec = {"euc-jp": "euc_jp", "euc-jis-2004": "euc_jis_2004"}[coding]
    header = [f";; -*- mode: fundamental; coding: {coding} -*-", ";; okuri-nasi entries."]
    path.write_bytes(("\n".join(header + lines) + "\n").encode(codec))
    return path


def small_dictionaries(directory: Path) -> Path:
    """The four required files with a handful of real-format entries."""
    directory.mkdir(parents=True, exist_ok=True)
    write_skk(
        directory / "SKK-JISYO.jinmei",
        ["やまだ /山田;人名&地名 姓/", "はなこ /花子;人名/華子;名/", "みほん /見本;姓/"],
    )
    write_skk(
        directory / "SKK-JISYO.fullname", ["やまだはなこ /山田花子;フルネーム/"], "euc-jis-2004"
    )
    write_skk(directory / "SKK-JISYO.geo", ["やまだ /山田/ヤマダ/", "さっぽろ /札幌/"])
    write_skk(directory / "SKK-JISYO.L", ["さっぽろ /札幌;地名,北海道/", "みほん /見本/"])
    return directory


# -- kana ----------------------------------------------------------------------------


def test_every_hiragana_round_trips_through_katakana() -> None:
    hiragana = "".join(chr(c) for c in range(0x3041, 0x3097)) + "ゝゞー"
    katakana = to_katakana(hiragana)
    assert katakana == "".join(chr(c) for c in range(0x30A1, 0x30F7)) + "ヽヾー"
    assert to_hiragana(katakana) == hiragana


@pytest.mark.parametrize(
    ("text", "katakana", "hiragana"),
    [
        ("ゔぁいおりん", "ヴァイオリン", "ゔぁいおりん"),
        ("きゃっと　ちぇっく", "キャット　チェック", "きゃっと　ちぇっく"),
        ("ｶﾞｯｺｳ ｳﾞｨｰ ﾊﾟｰﾃｨｰ", "ガッコウ ヴィー パーティー", "がっこう ゔぃー ぱーてぃー"),
        ("ヵヶ", "ヵヶ", "ゕゖ"),
        ("ヷ", "ヷ", "わ\u3099"),
        ("う゛", "ヴ", "ゔ"),
        # Kanji (compatibility, non-BMP, old forms), latin and symbols pass untouched.
        (
            "𠮷田　髙橋 山﨑 Ａbc ㈱ 123",
            "𠮷田　髙橋 山﨑 Ａbc ㈱ 123",
            "𠮷田　髙橋 山﨑 Ａbc ㈱ 123",
        ),
    ],
)
def test_kana_conversion_is_exact(text: str, katakana: str, hiragana: str) -> None:
    assert to_katakana(text) == katakana
    assert to_hiragana(text) == hiragana


def test_typed_readings_are_normalised_to_hiragana() -> None:
    for typed in ("やまだ", "ヤマダ", "ﾔﾏﾀﾞ", " や ま だ ", "ヤマダ　"):
        assert normalize_reading(typed) == "やまだ"
    assert normalize_reading("ルーシー") == normalize_reading("ルｰシ－") == "るーしー"
    assert normalize_reading("yamada") == normalize_reading("山だ") == normalize_reading("") == ""
    assert is_kana("スミス・ジョン") and is_kana("ｽﾐｽ ｼﾞｮﾝ") and not is_kana("花子")


# -- the SKK file format -------------------------------------------------------------


def test_annotations_lisp_and_okuri_ari_entries(tmp_path: Path) -> None:
    path = write_skk(
        tmp_path / "SKK-JISYO.test",
        [
            ";; okuri-ari entries.",
            "あたr /当;大当り/辺/",
            'かぶ /株;株式/(株)/(concat "a\\057b\\073c")/(skk-current-date)/',
            "う゛ぃー /ヴィー;名/",
            "GPL /GNU General Public License/",
            "から /;/ /",
        ],
    )
    entries = dict(skk.read_entries(path))
    assert [c.word for c in entries["かぶ"]] == ["株", "(株)", "a/b;c"]
    assert entries["かぶ"][0].annotation == "株式"
    assert [c.word for c in entries["ゔぃー"]] == ["ヴィー"]
    assert set(entries) == {"かぶ", "ゔぃー"}  # okuri-ari, latin and empty entries skipped


def test_real_lisp_dictionary_yields_no_code() -> None:
    """SKK-JISYO.lisp: today's date and the like are Emacs code, never a candidate."""
    entries = dict(skk.read_entries(SKK_DIR / "SKK-JISYO.lisp"))
    assert "きょう" not in entries and "いま" not in entries
    for candidates in entries.values():
        assert all(not c.word.startswith("(skk") for c in candidates)


def test_real_concat_annotation_is_decoded() -> None:
    entries = dict(skk.read_entries(SKK_DIR / "SKK-JISYO.L"))
    (candidate,) = entries["きばんごう"]
    assert candidate.word == "記番号"
    assert candidate.annotation.startswith("http://www.boj.or.jp/")


def test_jis_x_0213_file_keeps_characters_outside_the_bmp() -> None:
    assert skk.file_codec(SKK_DIR / "SKK-JISYO.JIS3_4") == "euc_jis_2004"
    entries = dict(skk.read_entries(SKK_DIR / "SKK-JISYO.JIS3_4"))
    assert "𨨞田" in [c.word for c in entries["おのだ"]]
    assert "山﨑" in [c.word for c in entries["やまざき"]]


def test_annotation_tags() -> None:
    assert build.tags_of("姓") == Tag.SURNAME | Tag.PERSON
    assert build.tags_of("名,「真」旧字") == Tag.GIVEN | Tag.PERSON
    assert build.tags_of("人名&地名 姓") == Tag.SURNAME | Tag.PERSON
    assert build.tags_of("「郎」旧字(人名用漢字)") == Tag.PERSON
    assert build.tags_of("地名,岡山") == Tag(0)


def test_full_names_split_at_known_names() -> None:
    names_ = [("やまだ", "山田", int(Tag.SURNAME)), ("はなこ", "花子", 0), ("やま", "山", 0)]
    parts = build.derive_parts([("やまだはなこ", "山田花子"), ("やまだゆう", "山田優")], names_)
    assert parts[int(Kind.SURNAME), "やまだ", "山田"] == 2
    assert parts[int(Kind.GIVEN), "はなこ", "花子"] == 1
    assert parts[int(Kind.GIVEN), "ゆう", "優"] == 1  # new, learnt from the split
    assert parts[int(Kind.GIVEN), "だはなこ", "田花子"] == 0  # 山|田花子 loses


# -- reading -> kanji ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "kind", "first"),
    [
        ("やまだ", "surname", "山田"),
        ("たなか", "surname", "田中"),
        ("さとう", "surname", "佐藤"),  # SKK-JISYO.L lists 砂糖 first: names come first
        ("たかはし", "surname", "高橋"),
        ("はなこ", "given", "花子"),
        ("たろう", "given", "太郎"),
        ("しょうた", "given", "翔太"),
        ("さっぽろ", "place", "札幌"),
        ("しながわ", "place", "品川"),
    ],
)
def test_common_names_come_first(
    installed: Path, reading: str, kind: names.NameKind, first: str
) -> None:
    assert names.kanji_candidates(reading, kind)[0] == first


def test_katakana_and_half_width_readings_give_the_same(installed: Path) -> None:
    expected = names.kanji_candidates("わたなべ", "surname")
    assert expected[:4] == ["渡辺", "渡部", "渡邊", "渡邉"]
    assert names.kanji_candidates("ワタナベ", "surname") == expected
    assert names.kanji_candidates("ﾜﾀﾅﾍﾞ", "surname") == expected


def test_old_forms_and_non_bmp_characters_are_kept_exactly(installed: Path) -> None:
    yamazaki = names.kanji_candidates("やまざき", "surname")
    assert yamazaki[0] == "山崎" and "山﨑" in yamazaki  # U+FA11, not folded to 崎
    assert "\U00028a1e田" in names.kanji_candidates("おのだ", "surname")
    assert "太郞" in names.kanji_candidates("たろう", "given")  # 「郎」旧字 of JIS X 0213


def test_kind_filters_names_tagged_for_the_other_kind(installed: Path) -> None:
    # SKK-JISYO.jinmei tags 太朗 as 名 (given name) only.
    assert "太朗" in names.kanji_candidates("たろう", "given")
    assert "太朗" not in names.kanji_candidates("たろう", "surname")


def test_limit_and_non_kana_input(installed: Path) -> None:
    assert len(names.kanji_candidates("ゆうこ", "given", limit=3)) == 3
    assert names.kanji_candidates("ゆうこ", "given", limit=0) == []
    assert names.kanji_candidates("yamada", "surname") == []
    assert names.kanji_candidates("", "given") == []
    with pytest.raises(ValueError, match="kind"):
        names.kanji_candidates("やまだ", "nickname")  # type: ignore[arg-type]


def test_no_reading_gives_an_empty_or_annotated_candidate(installed: Path) -> None:
    readings = [r for r, _ in skk.read_entries(SKK_DIR / "SKK-JISYO.jinmei")][::40]
    readings += [r for r, _ in skk.read_entries(SKK_DIR / "SKK-JISYO.geo")][::400]
    assert len(readings) > 700
    for reading in readings:
        for kind in ("surname", "given", "place"):
            for word in names.kanji_candidates(reading, kind):
                assert word.strip() and ";" not in word and "/" not in word, (reading, word)
                assert to_hiragana(word) != reading


# -- kanji -> reading ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["見本　花子", "見本 花子", "見本花子", " 見本　花子 ", "見本\u3000\u3000花子"]
)
def test_card_name_reading_with_and_without_space(installed: Path, name: str) -> None:
    assert names.name_reading_candidates(name)[0] == f"ミホン{SP}ハナコ"


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("山田　太郎", f"ヤマダ{SP}タロウ"),
        ("山田太郎", f"ヤマダ{SP}タロウ"),
        ("佐藤裕子", f"サトウ{SP}ユウコ"),
        ("中山美穂", f"ナカヤマ{SP}ミホ"),  # jinmei also lists the whole name: one answer
        ("渡邊　健", f"ワタナベ{SP}ケン"),
        ("齋藤翔太", f"サイトウ{SP}ショウタ"),
        ("山田　さくら", f"ヤマダ{SP}サクラ"),
        ("田中", "タナカ"),  # one known surname, not 田|中 (デン　アタル)
    ],
)
def test_common_names_read(installed: Path, name: str, first: str) -> None:
    found = names.name_reading_candidates(name)
    assert found[0] == first
    assert len(found) == len(set(found)) <= 5


def test_a_reading_begun_goes_on_to_common_names(installed: Path) -> None:
    """イチ → 一郎 (イチロウ): the start of a reading offers whole names, most common first,
    never the reading typed itself, and no spelling read more than one way."""
    given = names.name_completions("イチ", "given")
    assert given[0] == ("一郎", "イチロウ")
    assert all(reading != "イチ" and reading.startswith("イチ") for _, reading in given)
    surnames = names.name_completions("やま", "surname")
    assert ("山田", "ヤマダ") in surnames and len(surnames) <= 4
    assert "山崎" not in [w for w, _ in names.name_completions("やま", "surname", limit=20)]
    assert names.name_completions("イチ", "place") == []
    assert names.name_completions("abc", "given") == []


def test_variant_kanji_are_read_through_their_usual_form(installed: Path) -> None:
    index = names.default_index()
    # Not in any SKK dictionary: our variant list (kiosk/japanese/data) maps them.
    for name in ("髙橋", "𠮷田"):
        assert index.readings(name, Kind.SURNAME) == []
        assert index.readings(name, Kind.SURNAME, fallback=True) == []
    assert own_variants()["髙"] == ["高"] and own_variants()["𠮷"] == ["吉"]
    assert names.name_reading_candidates("髙橋　一郎")[0] == f"タカハシ{SP}イチロウ"
    assert names.name_reading_candidates("髙橋一郎")[0] == f"タカハシ{SP}イチロウ"
    assert names.name_reading_candidates("𠮷田花子")[0] == f"ヨシダ{SP}ハナコ"
    # 﨑 is in SKK-JISYO.JIS3_4 (weakly); 崎 adds the common reading first.
    assert names.name_reading_candidates("山﨑　裕子")[0] == f"ヤマザキ{SP}ユウコ"
    # An ideographic variation selector (葛󠄀) is not part of the spelling looked up.
    assert names.name_reading_candidates("葛\U000e0100西　太郎")[0] == f"カサイ{SP}タロウ"
    assert spellings("髙橋", index.variants)[0] == "高橋"


def test_foreign_names(installed: Path) -> None:
    assert names.name_reading_candidates("スミス　ジョン") == [f"スミス{SP}ジョン"]
    assert names.name_reading_candidates("ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ") == [f"グエン{SP}ヴァン{SP}アン"]
    assert names.name_reading_candidates("さとう　はなこ") == [f"サトウ{SP}ハナコ"]
    assert names.name_reading_candidates("SMITH JOHN") == []
    assert names.name_reading_candidates("ＳＭＩＴＨ　花子") == []
    assert names.name_reading_candidates("") == names.name_reading_candidates("花子", 0) == []


def test_unknown_names_give_nothing_rather_than_noise(installed: Path) -> None:
    assert names.name_reading_candidates("〇〇〇〇") == []


# -- loading, cache, missing dictionaries ----------------------------------------------


def test_cache_is_built_once_and_rebuilt_when_a_source_changes(tmp_path: Path) -> None:
    directory = small_dictionaries(tmp_path / "skk")
    cache = tmp_path / "cache" / "names.sqlite3"
    first = NameIndex(directory, cache)
    assert first.words("みほん", Kind.SURNAME) == ["見本"] and first.built
    warm = NameIndex(directory, cache)
    assert warm.words("はなこ", Kind.GIVEN) == ["花子", "華子"] and not warm.built
    assert warm.words("はなこ", Kind.SURNAME) == ["花子"]  # 華子 is tagged 名
    assert [r.kana for r in warm.readings("山田", Kind.SURNAME)] == ["ヤマダ"]
    warm.close()
    geo = directory / "SKK-JISYO.geo"
    write_skk(geo, ["やまだ /山田/", "さっぽろ /札幌/", "はこだて /函館/"])
    os.utime(geo, ns=(geo.stat().st_atime_ns, geo.stat().st_mtime_ns + 10**9))
    changed = NameIndex(directory, cache)
    assert changed.words("はこだて", None) == ["函館"] and changed.built
    first.close()
    changed.close()


def test_corrupt_or_unwritable_cache_still_answers(tmp_path: Path) -> None:
    directory = small_dictionaries(tmp_path / "skk")
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"not a database")
    index = NameIndex(directory, corrupt)
    assert index.words("さっぽろ", None) == ["札幌"] and index.built
    assert sqlite3.connect(corrupt).execute("SELECT count(*) FROM entry").fetchone()[0] > 0
    (tmp_path / "a-file").write_text("x")
    in_memory = NameIndex(directory, tmp_path / "a-file" / "names.sqlite3")
    assert in_memory.words("さっぽろ", None) == ["札幌"]


def test_concurrent_first_lookups_load_once(tmp_path: Path) -> None:
    index = NameIndex(small_dictionaries(tmp_path / "skk"), tmp_path / "names.sqlite3")
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def lookup() -> None:
        try:
            results.append(index.words("はなこ", Kind.GIVEN))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=lookup) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and results == [["花子", "華子"]] * 8
    assert not list(tmp_path.glob("*.tmp"))


def test_missing_dictionaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sources.ENV_DIR, str(tmp_path / "nowhere"))
    names.reset()
    try:
        assert not names.available() and not names.preload()
        with pytest.raises(names.NameDictionaryUnavailable) as caught:
            names.require()
        error = caught.value
        assert error.key == "kiosk.names.unavailable"
        assert "SKK-JISYO.jinmei" in error.missing and "SKK-JISYO.L" in error.missing
        for locale in ("ja", "en"):
            text = translator(locale)(error.key, **error.params())
            assert str(tmp_path / "nowhere") in text and text != error.key
        assert names.kanji_candidates("やまだ", "surname") == []
        assert names.name_reading_candidates("見本　花子") == []
        # A kana name needs no dictionary.
        assert names.name_reading_candidates("スミス　ジョン") == [f"スミス{SP}ジョン"]
        with pytest.raises(names.NameDictionaryUnavailable):
            NameIndex(tmp_path / "nowhere", None).open()
    finally:
        monkeypatch.undo()
        names.reset()


def test_env_directory_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = small_dictionaries(tmp_path / "skk")
    monkeypatch.setenv(sources.ENV_DIR, str(directory))
    monkeypatch.setenv("MADOGUCHI_DATA_DIR", str(tmp_path / "data"))
    names.reset()
    try:
        assert names.require() == directory
        # Only the small files: 田中 is unknown there, 見本 is known.
        assert names.kanji_candidates("たなか", "surname") == []
        assert names.kanji_candidates("みほん", "surname") == ["見本"]
        assert names.cache_path(directory).is_file()
    finally:
        monkeypatch.undo()
        names.reset()
