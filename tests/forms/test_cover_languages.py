"""The cover sheet in every resident language, beneath the Japanese (issue 15, on paper):
every font embedded (pdffonts), the resident's words there as text (pdftotext), nothing
across the table's column lines (pdftotext -bbox), no 〓, and the forms after it still
Japanese only. The PNGs of ko, zh_Hant, ne and vi are for a person to look at."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.catalogue import load_catalogue
from forms.fonts import MISSING_GLYPH, load_fonts
from forms.render import render_batch
from forms.textfit import wrap_text
from i18n import paper_translator, translator
from kiosk.application import cover_wording
from tests.forms.samples import MOVING_IN_FAMILY, TODAY
from tests.forms.test_render import pdf_text, squeeze

CATALOGUE = load_catalogue()
#: やさしい日本語 (ja@easy) too: its readings printed in brackets, 漢字（かんじ）.
LOCALES = ["ja", "ja@easy", "en", "zh_Hans", "zh_Hant", "ko", "pt_BR", "es", "vi", "fil", "ne", "id"]
#: Where the cover's table columns meet (mm from the left, forms/render.py _Cover).
COLUMN_LINES_MM = (22.0, 92.0, 148.0)
PT_PER_MM = 72 / 25.4
LATIN = ("en", "pt_BR", "es", "vi", "fil", "id")
#: A resident script, to check the forms after the cover stay Japanese.
SCRIPT = {"ko": "[\uac00-\ud7a3]", "ne": "[\u0900-\u097f]", "vi": "[ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]"}


def cover(locale: str) -> bytes:
    ids = CATALOGUE.forms_for("moving_in", MOVING_IN_FAMILY, TODAY)
    return render_batch(CATALOGUE, MOVING_IN_FAMILY, ids, "A-20250401-0002", "A-012",
                        today=TODAY, wording=cover_wording(locale)).pdf  # fmt: skip


def fonts_of(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, out)
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_cover_speaks_the_residents_language_beneath_the_japanese(
    locale: str, artifact_dir: Path
) -> None:
    pdf = artifact_dir / f"cover_{locale}.pdf"
    pdf.write_bytes(cover(locale))
    fonts = fonts_of(pdf)
    assert fonts and all(embedded == "yes" for _, embedded in fonts), fonts
    text = pdf_text(pdf, page=1)
    flat = squeeze(text)
    ja, own = translator("ja"), paper_translator(locale)
    assert MISSING_GLYPH not in text
    assert squeeze(ja("printing.cover.title")) in flat and "A-012" in text
    # The fixed wording and every procedure and counter, in the resident's language.
    expected = [own("printing.cover.title"), own("printing.cover.lead"),
                own("printing.ticket.number"), own("printing.cover.column.counter")]  # fmt: skip
    procedures = CATALOGUE.procedures_for("moving_in", MOVING_IN_FAMILY, TODAY)
    for procedure in procedures:
        expected += [own.text(procedure.title), own.text(procedure.department.counter)]
        expected += [ja.text(procedure.title)]
    missing = [words for words in expected if squeeze(words) not in flat]
    assert missing == [], f"{locale}: not on the cover: {missing}"
    if locale != "ja":
        assert squeeze(own("printing.cover.title")) != squeeze(ja("printing.cover.title"))
    # Nothing runs across the table's column lines (nor off the page).
    table = [w for w in words(pdf, 1) if 95 * PT_PER_MM < w[1] < 250 * PT_PER_MM]
    assert table
    for x_min, _, x_max, _, word in table:
        for line in COLUMN_LINES_MM:
            edge = line * PT_PER_MM
            assert not (x_min < edge - 0.5 and x_max > edge + 0.5), f"{word!r} crosses {line} mm"
        assert x_min >= 12 * PT_PER_MM - 1 and x_max <= 198 * PT_PER_MM + 1, word
    # A long translation makes its row taller, not its text tiny: Latin words (Noto
    # Sans: a word's box is 1.362 em high) stay at 8 pt or more while the page has room.
    if locale in LATIN:
        latin = [w for w in table if w[4].isascii() and w[4].isalpha()]
        assert latin and min(w[3] - w[1] for w in latin) >= 8 * 1.362 - 0.05
    # The forms themselves stay Japanese: they are the city's documents.
    if locale in SCRIPT:
        assert re.search(SCRIPT[locale], text)
        assert not re.search(SCRIPT[locale], pdf_text(pdf, page=2))
    if locale == "ja@easy":  # readings on paper in brackets, never the 《》 markup
        assert "《" not in text and "（てつづ）" in text
    if locale in ("ko", "zh_Hant", "ne", "vi", "ja@easy"):
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(artifact_dir / f"cover_{locale}")], check=True)  # fmt: skip


def test_japanese_alone_when_the_resident_reads_japanese() -> None:
    text = pdf_text(cover("ja"), page=1)
    assert "手続きのご案内" in text and "Your procedures" not in text


def test_each_language_prints_in_its_scripts_font() -> None:
    fonts = load_fonts()
    assert fonts.runs("수속 안내", "gothic@ko") == [("수속 안내", "NanumGothic", True)]
    assert fonts.runs("办理手续", "gothic@zh_Hans") == [("办理手续", "WenQuanYiMicroHei", True)]
    # One Latin face for a whole Vietnamese word, not BIZ UD with Noto for the tones.
    assert fonts.runs("Thủ tục", "gothic_bold@vi") == [("Thủ tục", "NotoSans-Bold", True)]
    assert fonts.runs("नेपाली", "gothic@ne") == [("नेपाली", "NotoSansDevanagari", True)]
    # Japanese keeps BIZ UD (Nanum and WenQuanYi have kana and kanji of their own forms).
    assert fonts.runs("手続き", "gothic") == [("手続き", "BIZUDGothic", True)]
    # A Hangul character in Japanese text still finds a font.
    assert [font for _, font, _ in fonts.runs("市民課 한", "gothic")] == [
        "BIZUDGothic",
        "NanumGothic",
    ]


def test_devanagari_is_shaped_and_reads_back_as_its_letters(tmp_path: Path) -> None:
    """Conjuncts and vowel signs come from HarfBuzz (uharfbuzz): the shaped text is
    narrower than its letters side by side, and the PDF gives the letters back."""
    fonts = load_fonts()
    word = "राष्ट्रिय कार्यालय"
    unshaped = stringWidth(word, "NotoSansDevanagari", 20)
    assert fonts.width(word, 20, "gothic@ne") < unshaped * 0.97
    canvas = Canvas(str(tmp_path / "ne.pdf"), initialFontName="BIZUDGothic")
    width, complete = fonts.draw(canvas, word, 50, 700, 20, "gothic@ne")
    canvas.save()
    assert complete and width == pytest.approx(fonts.width(word, 20, "gothic@ne"))
    assert pdf_text(tmp_path / "ne.pdf").strip() == word


def test_wrapping_keeps_spaced_words_and_letters_whole() -> None:
    fonts = load_fonts()
    # Vietnamese and Nepali break at spaces (they are not ASCII, and not Japanese).
    lines = wrap_text(fonts, "Thủ tục và nơi cần đến", 30 * PT_PER_MM, 10, "gothic@vi")
    assert len(lines) > 1 and " ".join(lines) == "Thủ tục và nơi cần đến"
    lines = wrap_text(fonts, "स्वास्थ्य बीमा तथा पेन्सन शाखा (होकेन नेन्किन-का)",
                      50 * PT_PER_MM, 9, "gothic@ne")  # fmt: skip
    assert lines == ["स्वास्थ्य बीमा तथा पेन्सन शाखा (होकेन", "नेन्किन-का)"]
    # A word longer than a line is cut between letters: never before a vowel sign or
    # a mark, nor after a virama.
    for line in wrap_text(fonts, "नेन्किनकाहोकेननेन्किनका", 20 * PT_PER_MM, 9, "gothic@ne")[1:]:
        assert line[0] not in "\u093e\u093f\u0940\u0941\u0942\u0947\u0948\u094b\u094c\u094d\u0902"
    # Japanese still breaks anywhere, closing punctuation off the line start.
    assert wrap_text(fonts, "転入届市民課。です", 6 * 9 + 1, 9) == ["転入届市民", "課。です"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_printed_text_of_a_language_has_its_glyphs(locale: str) -> None:
    """No tofu on paper, for every string that can reach the cover or the ticket: each
    printing message and each catalogue translation, in that language's print fonts
    (a character no font has would print as 〓)."""
    from i18n.catalog import load_catalogs

    fonts = load_fonts()
    catalogs = load_catalogs(locale)
    texts = [str(m.string) for domain in ("printing", "catalogue") if domain in catalogs
             for m in catalogs[domain] if m.id and m.string]  # fmt: skip
    texts += [t for procedure in CATALOGUE.procedures.values() for t in procedure.title.values()]
    assert len(texts) > 20
    lacking = {t: fonts.missing(t, f"gothic@{locale}") for t in texts}
    assert {t: m for t, m in lacking.items() if m} == {}
    bold = {t: fonts.missing(t, f"gothic_bold@{locale}") for t in texts}
    assert {t: m for t, m in bold.items() if m} == {}
