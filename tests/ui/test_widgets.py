"""Touch widgets draw their words in the theme's colours (nothing invisible)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from tests.fixtures.qt import settle
from ui.theme import PALETTES, TextSize, ThemeName, style_sheet
from ui.widgets.tile import WrapButton


def ink(image: QImage, color: str, tolerance: int = 60) -> int:
    """How many pixels are close to `color` (the words, drawn anti-aliased)."""
    want = QColor(color)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - want.red())
                + abs(c.green() - want.green())
                + abs(c.blue() - want.blue())
            ) < tolerance:
                count += 1
    return count


@pytest.mark.parametrize("theme", list(ThemeName))
@pytest.mark.parametrize("state", ["plain", "checked", "primary"])
def test_wrap_button_words_are_drawn_in_the_theme_colour(qtbot, theme, state) -> None:
    palette = PALETTES[theme]
    host = QWidget()
    host.setStyleSheet(style_sheet(theme, TextSize.STANDARD))
    button = WrapButton(
        "b",
        "勤め先の健康保険（社会保険）と、とても長い説明の文章",
        role=("primary" if state == "primary" else ""),
    )
    button.setCheckable(state == "checked")
    QVBoxLayout(host).addWidget(button)
    qtbot.addWidget(host)
    host.resize(360, 220)
    host.show()
    if state == "checked":
        button.setChecked(True)
    settle()
    image = button.grab().toImage()
    expected = palette.secondary_text if state == "plain" else palette.primary_text
    assert ink(image, expected) > 200, f"words not drawn in {expected}"
    # Long words wrap inside the button instead of widening it.
    assert button.width() <= 360


def test_every_character_on_screen_has_a_glyph_in_the_ui_fonts(qapp) -> None:
    """No boxes: every character of the Japanese and English screen texts, and the rare
    kanji of names, is in one of the fonts the UI asks for (BIZ UD, then IPAmj明朝);
    every character of the other resident languages is in those or in the script fonts
    installer/setup.sh installs, and Qt's fallback from the UI font finds it."""
    import ast
    import unicodedata
    from pathlib import Path

    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont

    from forms.catalogue import load_catalogue
    from forms.texts import catalogue_texts
    from i18n import available_locales
    from i18n.catalog import load_catalogs
    from ui.app import UI_FAMILIES, ui_font
    from ui.widgets.kana_keyboard import ACCENT_LETTERS, TONES

    ROOT = Path(__file__).resolve().parents[2]
    installed = set(QFontDatabase.families())
    # QRawFont: exactly that font file (QFontMetrics would count any system fallback).
    fonts = [QRawFont.fromFont(QFont(f)) for f in UI_FAMILIES if f in installed]
    assert fonts, "no UI font installed"
    texts = {"𠮷田", "髙橋", "﨑", "渡邊", "齋藤"}
    for locale in ("ja", "en"):
        for catalog in load_catalogs(locale).values():
            texts |= {str(m.string) for m in catalog if m.id and m.string}
    texts |= {text for text, _ in catalogue_texts(load_catalogue())}
    # ...and the symbols the screens write themselves (keys, marks, arrows).
    # (Docstrings are for readers of the code, never drawn: left out.)
    for path in (ROOT / "ui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and id(node) not in docstrings:
                texts.add("".join(ch for ch in node.value if ord(ch) > 0x7F))
    # Latin letters the UD fonts lack (the Latin keyboard's Ơ, Ư, Ả…) are Vietnamese,
    # drawn like the Vietnamese texts by Noto Sans through Qt's fallback: checked with
    # those below. The tone marks are never drawn alone (the keys show them on A).
    accents = set(ACCENT_LETTERS) | {label for _, _, label in TONES}
    accents |= {ch for t in texts for ch in t if "LATIN" in unicodedata.name(ch, "")}
    marks = {m for _, m, _ in TONES}
    texts = {"".join(ch for ch in t if ch not in accents | marks) for t in texts}
    missing = sorted(
        {
            ch
            for text in texts
            for ch in text
            if ch.isprintable()
            and not ch.isspace()
            and not any(f.supportsCharacter(ord(ch)) for f in fonts)
        }
    )
    assert missing == []

    # The other resident languages: Hangul, Devanagari and Chinese glyph forms come from
    # the Noto fonts of installer/setup.sh (fonts-noto-cjk, fonts-noto-core).
    script_families = ["Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK TC",
                       "Noto Sans Devanagari", "Noto Sans"]  # fmt: skip
    absent = [f for f in script_families if f not in installed]
    assert absent == [], f"run installer/setup.sh: no {absent}"
    script_fonts = fonts + [QRawFont.fromFont(QFont(f)) for f in script_families]
    metrics = QFontMetrics(ui_font())  # with Qt's per-glyph fallback, as screens draw
    lacking = sorted(
        ch for ch in accents if not any(f.supportsCharacter(ord(ch)) for f in script_fonts)
    )
    assert lacking == [], f"the accented keys: no installed font has {lacking}"
    assert sorted(ch for ch in accents if not metrics.inFontUcs4(ord(ch))) == []
    others = [loc for loc in available_locales() if loc not in ("ja", "en")]
    assert {"ko", "ne", "zh_Hans", "zh_Hant", "vi"} <= set(others)
    for locale in others:
        chars = {
            ch
            for catalog in load_catalogs(locale).values()
            for m in catalog
            if m.id and m.string
            for ch in str(m.string)
            if ch.isprintable() and not ch.isspace()
        }
        lacking = sorted(
            ch for ch in chars if not any(f.supportsCharacter(ord(ch)) for f in script_fonts)
        )
        assert lacking == [], f"{locale}: no installed font has {lacking}"
        boxes = sorted(ch for ch in chars if not metrics.inFontUcs4(ord(ch)))
        assert boxes == [], f"{locale}: Qt draws boxes for {boxes}"


@pytest.mark.parametrize(("stretches", "kept"), [((0, 1), [0]), ((1, 1), []), ((0, 0), [])])
def test_a_flow_row_key_that_does_not_stretch_keeps_its_width(qtbot, stretches, kept) -> None:
    """Stretch 0 keeps a key at its wish beside one that stretches; a line where no key
    stretches is justified (the index keys of a list fill their line)."""
    from PySide6.QtWidgets import QPushButton

    from ui.widgets.flow_row import FlowRow

    row = FlowRow(spacing=8)
    qtbot.addWidget(row)
    keys = [QPushButton(f"key {n}") for n in range(2)]
    for key, stretch in zip(keys, stretches, strict=True):
        row.add(key, stretch)
    row.resize(900, row.heightForWidth(900))
    row.show()
    qtbot.waitExposed(row)
    row.relayout()
    for n, key in enumerate(keys):
        wish = key.sizeHint().width()
        assert (key.width() == wish) == (n in kept), (n, key.width(), wish)
    assert keys[1].geometry().right() == 899  # the line ends at the row's edge


def test_a_ruby_label_measures_again_for_a_new_font_and_a_new_text(qtbot) -> None:
    """Its pieces and lines are kept between a layout's many asks, never past a change."""
    from PySide6.QtGui import QFont

    from ui.widgets.ruby_label import RubyLabel

    label = RubyLabel("窓口《まどぐち》で住所《じゅうしょ》を変《か》える手続《てつづ》き")
    label.setWordWrap(True)
    qtbot.addWidget(label)
    small = label.heightForWidth(200)
    assert label.heightForWidth(200) == small  # asked again: the same answer
    font = QFont(label.font())
    font.setPixelSize(48)
    label.setFont(font)
    assert label.heightForWidth(200) > small
    tall = label.heightForWidth(200)
    label.setText("窓口《まどぐち》")
    assert label.heightForWidth(200) < tall
    assert "住所" not in str(label._measured) and not any(  # nothing of the last text
        "住" in p.text for line in label._broken.values() for row in line for p in row
    )


def test_the_address_picker_draws_its_list_again_only_when_it_changes(qtbot) -> None:
    """Every question with the picker starts it afresh: the 47 prefectures stay the
    same buttons (rebuilt, they cost a screen change 20-40 ms); a step that changes the
    list draws the new one, and going back draws the prefectures again."""
    from ui.widgets.address_picker import AddressPickerWidget

    picker = AddressPickerWidget()
    qtbot.addWidget(picker)

    def listed() -> list[QWidget]:
        return [picker.grid.itemAt(i).widget() for i in range(picker.grid.count())]

    first = listed()
    assert len(first) == 47 and first[12].text() == "東京都"
    picker.reset()
    assert listed() == first  # the very same buttons
    first[12].click()
    cities = [b.text() for b in listed()]
    assert picker.stage == "city" and cities and "東京都" not in cities
    picker.go_up()
    assert [b.text() for b in listed()] == [b.text() for b in first]


def test_the_address_page_forgets_the_steps_with_the_session(qtbot) -> None:
    from ui.kiosk.screens.inputs.places import AddressPickerPage

    page = AddressPickerPage(None, lambda cls: None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    picker = page.address_picker
    picker._choose_prefecture("東京都")
    picker.keyboard.type_text("１")
    page.clear()
    assert (picker.stage, picker.prefecture, picker.keyboard.text) == ("prefecture", "", "")
