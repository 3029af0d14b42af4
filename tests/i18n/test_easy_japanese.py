"""やさしい日本語 (ja@easy) as its own resident language: the locale (a gettext modifier,
as sr@latin), its fallback to Japanese before English, its name for itself, the
furigana markup of its texts (`漢字《かんじ》`), and a reading for every kanji it writes."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from forms.catalogue import load_catalogue
from i18n import available_locales, base_language, language_name, paper_translator, translator
from i18n.catalog import LOCALES_DIR, fallbacks
from i18n.ruby import Segment, bracketed, has_ruby, plain, segments, spoken

EASY = "ja@easy"
KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]")
#: Staff and administrator messages kept in standard Japanese (a translator's comment
#: says so): residents never see them.
STAFF_NOTE = "staff/administrator message"


def easy_catalogs() -> dict[str, list[tuple[str, str, list[str]]]]:
    found = {}
    for po in sorted((LOCALES_DIR / EASY / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
        found[po.stem] = [(str(m.id), str(m.string), list(m.user_comments))
                          for m in catalog if m.id]  # fmt: skip
    return found


def test_the_markup_is_read_into_bases_and_readings() -> None:
    text = "新《あたら》しい 住所《じゅうしょ》｜ＩＣ《アイシー》チップ"
    assert segments(text) == [
        Segment("新", "あたら"), Segment("しい "), Segment("住所", "じゅうしょ"),
        Segment("ＩＣ", "アイシー"), Segment("チップ"),
    ]  # fmt: skip
    assert plain(text) == "新しい 住所ＩＣチップ"
    assert spoken(text) == "あたらしい じゅうしょアイシーチップ"
    assert bracketed(text) == "新（あたら）しい 住所（じゅうしょ）ＩＣ（アイシー）チップ"
    assert has_ruby(text) and not has_ruby("住所") and plain("住所") == "住所"


def test_easy_japanese_is_shipped_named_in_itself_and_a_variety_of_japanese() -> None:
    assert EASY in available_locales()
    assert language_name(EASY) == "やさしい にほんご"
    assert base_language(EASY) == "ja"
    assert fallbacks(EASY) == ("ja", "en")
    assert fallbacks("pt_BR") == ("en",)


def test_a_text_missing_in_easy_japanese_falls_back_to_japanese_not_english(
    tmp_path: Path, monkeypatch
) -> None:
    """A city's own ja@easy kiosk.po (MADOGUCHI_LOCALE_DIRS: it replaces the packaged
    one) that lacks a key shows the Japanese, not the English; so does a catalogue text
    with no easy translation."""
    from i18n import reload

    own = tmp_path / EASY / "LC_MESSAGES"
    own.mkdir(parents=True)
    (own / "kiosk.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ja@easy\\n"\n"X-Language-Name: やさしい にほんご\\n"\n\n'
        'msgid "kiosk.review.title"\nmsgstr "内容《ないよう》を 見《み》て ください"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MADOGUCHI_LOCALE_DIRS", str(tmp_path))
    reload()
    try:
        tr = translator(EASY)
        assert tr("kiosk.review.title") == "内容《ないよう》を 見《み》て ください"
        assert tr("kiosk.done.title") == translator("ja")("kiosk.done.title")
        new = {"ja": "まだ訳のない文", "en": "A sentence not yet translated"}
        assert tr.text(new) == "まだ訳のない文"
        assert translator("pt_BR").text(new) == "A sentence not yet translated"
    finally:
        monkeypatch.undo()
        reload()


def test_every_catalogue_text_and_message_has_its_own_easy_wording() -> None:
    """The shipped catalogs translate every resident text (`madoguchi i18n check` says
    complete; here: the catalogue's questions speak easy Japanese, not the standard)."""
    tr, ja = translator(EASY), translator("ja")
    catalogue = load_catalogue()
    question = catalogue.dictionary["registry.head"].question
    help_ = catalogue.dictionary["registry.head"].help
    assert tr.text(question) != ja.text(question) and has_ruby(tr.text(question))
    # 筆頭者, 本籍 and 世帯主 are explained on their screens.
    assert "筆頭者《ひっとうしゃ》は" in tr.text(help_)
    assert "本籍《ほんせき》は" in tr.text(catalogue.dictionary["registry.domicile"].help)
    assert "世帯主《せたいぬし》は" in tr.text(
        catalogue.dictionary["applicant.relationship_to_head"].help)
    assert tr("kiosk.review.title") != ja("kiosk.review.title")


def test_every_kanji_a_resident_reads_in_easy_japanese_has_its_reading() -> None:
    """出入国在留管理庁's guideline: kanji with furigana. Every kanji outside a base with
    its reading is a finding (staff-only messages, marked, are standard Japanese)."""
    bare = []
    for domain, entries in easy_catalogs().items():
        for key, text, comments in entries:
            if any(STAFF_NOTE in c for c in comments):
                continue
            outside = "".join(s.text for s in segments(text) if not s.reading)
            if KANJI.search(outside):
                bare.append(f"{domain} {key[:40]}: {outside[:40]}")
    assert bare == []


def test_easy_japanese_keeps_to_the_guideline_forms() -> None:
    """No 尊敬語/謙譲語 forms the guideline asks to avoid (お～ください, ご～, いただく,
    おります, 申し上げ) in what a resident reads."""
    polite = re.compile(r"いただ|おります|申《もう》し上|ございま|お待ちください|ご確認|ご覧")
    found = [
        f"{domain} {key}" for domain, entries in easy_catalogs().items()
        for key, text, comments in entries
        if not any(STAFF_NOTE in c for c in comments) and polite.search(text)
    ]  # fmt: skip
    assert found == []


def test_paper_prints_readings_in_brackets() -> None:
    paper = paper_translator(EASY)
    assert paper("printing.cover.title") == "手続（てつづ）きの 案内（あんない）"
    assert "《" not in paper.text(load_catalogue().procedures["juminido_tennyu"].title)
    assert paper_translator("ja")("printing.cover.title") == translator("ja")(
        "printing.cover.title")
